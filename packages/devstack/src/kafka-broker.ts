import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { Kafka, logLevel } from "kafkajs";
import { REPO_ROOT } from "./paths";

// Plain JS beside the C source, so .ci/run and the tests build the same binary the same way.
const { buildMockCluster } = require(path.join(REPO_ROOT, "tools", "kafka-mock", "build.js")) as { buildMockCluster(): string };

/** How long the mock may take to start or to answer one command before it is treated as hung. */
const MOCK_REPLY_TIMEOUT_MS = 10_000;

/** A Kafka for tests and benchmarks. */
export interface TestKafkaBroker {
  /** Bootstrap list for kafkajs. */
  brokers: string[];
  /** True when the KAFKA_BROKERS env var points at a real Kafka. */
  external: boolean;
  /** Service environment for this broker, with the timeouts tests want (short sessions, a short fetch wait the mock needs). */
  env: Record<string, string>;
  /** Mock: created through the mock (an existing topic is an error); real Kafka: admin createTopics (an existing topic is kept). */
  createTopic(name: string, partitions: number): Promise<void>;
  /** Mock only: every broker drops its connections and refuses new ones, keeping its data and ports. */
  down(): Promise<void>;
  /** Mock only: brokers accept connections again. */
  up(): Promise<void>;
  /** Kills the mock process; no-op for an external Kafka. */
  stop(): Promise<void>;
}

/**
 * A Kafka for one test file or benchmark: librdkafka's mock cluster (tools/kafka-mock), or the real Kafka named by KAFKA_BROKERS
 * (comma-separated host:port list), where tests should use unique topic and group names.
 */
export async function startKafkaBroker(options: { brokers?: number; mock?: boolean } = {}): Promise<TestKafkaBroker> {
  // Fault tests and benchmarks take the broker down, which only the mock can do.
  const external = options.mock ? undefined : process.env.KAFKA_BROKERS?.trim();
  return external ? externalBroker(external) : startMockCluster(options.brokers ?? 1);
}

/** Kafka's defaults suit production; tests want a failed member noticed in seconds, and the mock answers an empty fetch only when its wait runs out. */
const serviceEnv = (brokers: string[]): Record<string, string> => ({
  KAFKA_BROKERS: brokers.join(","),
  KAFKA_SESSION_TIMEOUT_MS: "6000",
  KAFKA_HEARTBEAT_INTERVAL_MS: "1000",
  KAFKA_FETCH_MAX_WAIT_MS: "100",
});

function checkTopic(name: string, partitions: number): void {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(name)) throw new Error(`invalid Kafka topic name: ${JSON.stringify(name)}`);
  if (!Number.isInteger(partitions) || partitions < 1) throw new Error(`invalid partition count for ${name}: ${partitions}`);
}

function externalBroker(list: string): TestKafkaBroker {
  const brokers = list
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  const mockOnly = async () => {
    throw new Error(`down()/up() need the Kafka mock cluster; KAFKA_BROKERS points at a real Kafka (${list}) that tests cannot take down`);
  };
  return {
    brokers,
    external: true,
    env: serviceEnv(brokers),
    async createTopic(name, partitions) {
      checkTopic(name, partitions);
      const admin = new Kafka({ clientId: "learnloop-tests", brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        // Resolves false (no error) when the topic already exists.
        await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true });
      } catch (err) {
        if ((err as { type?: string }).type !== "TOPIC_ALREADY_EXISTS") throw err;
      } finally {
        await admin.disconnect();
      }
    },
    down: mockOnly,
    up: mockOnly,
    async stop() {},
  };
}

async function startMockCluster(count: number): Promise<TestKafkaBroker> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`invalid broker count: ${count}`);
  const child = spawn(buildMockCluster(), [String(count)], { stdio: ["pipe", "pipe", "pipe"] });

  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  // A write after the process died fails with EPIPE; the 'close' handler below reports why it died instead.
  child.stdin.on("error", () => undefined);

  // Stdout lines answer requests in order: the bootstrap line first, then one "ok"/"error ..." per command.
  const waiting: Array<(line: string | Error) => void> = [];
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    for (const settle of waiting.splice(0)) settle(failure);
  };
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting.push((line) => (line instanceof Error ? reject(line) : resolve(line)));
    });
  const withDeadline = async (promise: Promise<string>, what: string) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Replies would be out of step from now on, so the mock is unusable.
        fail(new Error(`kafka-mock-cluster did not ${what} within ${MOCK_REPLY_TIMEOUT_MS} ms`));
        child.kill("SIGKILL");
        reject(failure);
      }, MOCK_REPLY_TIMEOUT_MS);
    });
    try {
      return await Promise.race([promise, deadline]);
    } finally {
      clearTimeout(timer);
    }
  };

  // Never leave a mock behind: the exit hook covers a worker that exits normally; stdin EOF and the
  // mock's parent-death signal cover one that is killed.
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const closed = new Promise<void>((resolve) => {
    child.on("error", (err) => {
      fail(new Error(`cannot run kafka-mock-cluster: ${err.message}`));
      // A process that never started emits no 'close'.
      if (child.pid === undefined) resolve();
    });
    child.on("close", (code, signal) => {
      process.off("exit", killOnExit);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      fail(new Error(`kafka-mock-cluster exited (${how})${stderr.trim() ? `: ${stderr.trim()}` : ""}`));
      resolve();
    });
  });
  // A test file that forgets stop() must not keep its Jest worker alive; the exit hook still kills the mock.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref?.();

  const bootstrap = await withDeadline(nextLine(), "print its bootstrap line");
  const match = /^bootstrap (\S+)$/.exec(bootstrap);
  if (!match) {
    child.kill("SIGKILL");
    throw new Error(`kafka-mock-cluster printed ${JSON.stringify(bootstrap)} instead of its bootstrap list`);
  }

  // One command at a time: replies carry no id, so they are matched to commands by order.
  let queue: Promise<unknown> = Promise.resolve();
  const command = (line: string): Promise<void> => {
    const run = async () => {
      if (failure) throw failure;
      const reply = nextLine();
      child.stdin.write(`${line}\n`);
      const answer = await withDeadline(reply, `answer "${line}"`);
      if (answer !== "ok") throw new Error(`kafka-mock-cluster "${line}": ${answer.replace(/^error /, "")}`);
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  const brokers = match[1].split(",");
  return {
    brokers,
    external: false,
    env: serviceEnv(brokers),
    async createTopic(name, partitions) {
      checkTopic(name, partitions);
      await command(`topic ${name} ${partitions}`);
    },
    down: () => command("down"),
    up: () => command("up"),
    async stop() {
      if (failure) return closed;
      fail(new Error("kafka-mock-cluster was stopped"));
      child.kill("SIGTERM");
      // The mock exits on SIGTERM within about a second (librdkafka's teardown); don't wait on a hung one.
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await closed;
      clearTimeout(timer);
    },
  };
}
