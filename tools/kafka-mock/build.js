// Builds tools/kafka-mock/mock-cluster.c (librdkafka's mock Kafka cluster, used by the tests) into
// .learnloop/bin/kafka-mock-cluster, recompiling only when the source is newer than the binary.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const source = path.join(__dirname, "mock-cluster.c");
const binary = path.join(repo, ".learnloop", "bin", "kafka-mock-cluster");
const headerDirs = ["/usr/include", "/usr/local/include", ...(process.env.CPATH ?? "").split(":").filter(Boolean)];

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** @returns {string} the path of an up-to-date kafka-mock-cluster binary */
function buildMockCluster() {
  const built = mtime(binary);
  if (built !== undefined && built >= mtime(source)) return binary;

  if (!headerDirs.some((dir) => fs.existsSync(path.join(dir, "librdkafka", "rdkafka_mock.h")))) {
    throw new Error(
      "librdkafka/rdkafka_mock.h not found: the Kafka tests need librdkafka's mock cluster. " +
        "Install Debian's librdkafka-dev (apt-get install librdkafka-dev) and gcc, or set KAFKA_BROKERS to a real Kafka.",
    );
  }
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  // Compile to a private name and rename, so parallel Jest workers never run a half-written binary.
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync("gcc", ["-O2", "-o", tmp, source, "-lrdkafka"], { stdio: ["ignore", "pipe", "pipe"] });
    fs.renameSync(tmp, binary);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if (err.code === "ENOENT") throw new Error("gcc not found: install it (apt-get install gcc) to build the Kafka mock cluster.");
    const detail = err.stderr?.toString().trim() || err.message;
    throw new Error(`gcc failed to build ${path.relative(repo, source)}: ${detail}`);
  }
  return binary;
}

module.exports = { buildMockCluster };
