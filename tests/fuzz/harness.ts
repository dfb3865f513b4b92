import { execFile } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import fc from "fast-check";
import { getOperationAST, parse } from "graphql";
import WebSocket from "ws";
import { wireOf, type FuzzCase, type Step } from "./generators";
import { toJson } from "./values";
import { classOf, violations, type Answer, type Violation } from "./oracle";

/** What the fuzzer talks to: a running stack (startLocalStack) and a partner key made for it. */
export interface FuzzTarget {
  gatewayUrl: string;
  gatewayOrigin: string;
  token(userId: string, roles?: string[]): string;
  partnerKey: string;
}

/** A partner key holding catalog:read only, made with the real key command (gateway/dist), so profile reads are refused. */
export async function createPartnerKey(repoRoot: string, databaseUrl: string): Promise<string> {
  const cli = path.join(repoRoot, "gateway", "dist", "partner", "keys-cli.js");
  const args = [cli, "create", "--name", "fuzz", "--scopes", "catalog:read", "--rate", "100000"];
  const { stdout } = await promisify(execFile)(process.execPath, args, { env: { ...process.env, DATABASE_URL: databaseUrl } });
  return stdout.trim();
}

/** No answer at all within this long is a failure of its own (and keeps a hung request from hanging the run). */
const GIVE_UP_MS = 30_000;
/** A subscription that is accepted stays open: wait this long for a refusal, then stop it. */
const SUBSCRIPTION_QUIET_MS = 300;

async function overHttp(target: FuzzTarget, step: Step, token: string | undefined): Promise<Answer> {
  const { body, contentType } = wireOf(step);
  const headers: Record<string, string> = { "content-type": contentType };
  let url = target.gatewayUrl;
  if (step.to === "partner") {
    url = `${target.gatewayOrigin}/partner/graphql`;
    if (step.partnerKey === "valid") headers.authorization = `Bearer ${target.partnerKey}`;
    if (step.partnerKey === "garbage") headers.authorization = "Bearer llp_0000000000000000000000000000";
  } else if (token) headers.authorization = `Bearer ${token}`;
  const began = performance.now();
  try {
    const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(GIVE_UP_MS) });
    const text = await res.text();
    let bodies: unknown[] = [];
    try {
      bodies = [JSON.parse(text)];
    } catch {
      // not JSON: the oracle says so
    }
    return { step, status: res.status, requestId: res.headers.get("x-request-id"), ms: performance.now() - began, text, bodies };
  } catch (err) {
    return { step, status: 0, requestId: null, ms: performance.now() - began, text: `no answer: ${String(err)}`, bodies: [] };
  }
}

function isSubscription(request: Record<string, unknown>): boolean {
  try {
    const op = getOperationAST(parse(String(request.query)), typeof request.operationName === "string" ? request.operationName : undefined);
    return op?.operation === "subscription";
  } catch {
    return false;
  }
}

/**
 * One graphql-transport-ws exchange on a socket of its own, spoken directly (not through the
 * graphql-ws client, which would reshape or refuse some payloads before sending them).
 */
async function overWebSocket(target: FuzzTarget, step: Step, token: string | undefined): Promise<Answer> {
  const request = step.request as Record<string, unknown>;
  const socket = new WebSocket(target.gatewayUrl.replace(/^http/, "ws"), "graphql-transport-ws");
  const messages: unknown[] = [];
  let closeCode: number | undefined;
  let first: number | undefined;
  const began = performance.now();
  let quiet: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    quiet = setTimeout(resolve, GIVE_UP_MS);
    const settle = (ms: number) => {
      clearTimeout(quiet);
      quiet = setTimeout(resolve, ms);
    };
    socket.on("open", () =>
      socket.send(JSON.stringify({ type: "connection_init", payload: token ? { authorization: `Bearer ${token}` } : {} })),
    );
    socket.on("message", (data) => {
      let msg: { type?: string; payload?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        messages.push({ notJson: String(data).slice(0, 200) });
        return resolve();
      }
      if (msg.type === "connection_ack") {
        socket.send(toJson({ id: "1", type: "subscribe", payload: request }));
        if (isSubscription(request)) settle(SUBSCRIPTION_QUIET_MS);
      } else if (msg.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
      else if (msg.type === "next") {
        first ??= performance.now();
        messages.push(msg.payload);
      } else if (msg.type === "error") {
        first ??= performance.now();
        messages.push({ errors: msg.payload });
        resolve();
      } else if (msg.type === "complete") resolve();
    });
    socket.on("close", (code) => {
      first ??= performance.now();
      closeCode = code;
      resolve();
    });
    socket.on("error", () => resolve());
  });
  clearTimeout(quiet);
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
  const ms = (first ?? performance.now()) - began;
  const text = JSON.stringify(messages);
  return { step, status: closeCode ?? 101, ms, text, bodies: messages, closeCode, expectsAnswer: !isSubscription(request) };
}

let users = 0;

/** Runs a case's steps in order, as one caller: anonymous, or a user no earlier case has used. */
export async function runCase(target: FuzzTarget, c: FuzzCase): Promise<Answer[]> {
  const token = c.signedIn ? target.token(`user_fuzz_${++users}`, c.roles) : undefined;
  const answers: Answer[] = [];
  for (const step of c.steps)
    answers.push(
      step.to === "ws" && !("raw" in step.request) ? await overWebSocket(target, step, token) : await overHttp(target, step, token),
    );
  return answers;
}

/** A failed answer, short enough to read and complete enough to replay by hand. */
export function describeAnswer(answer: Answer, found: Violation[]): string {
  const { body, contentType } = wireOf(answer.step);
  return [
    `${found.map(classOf).join("; ")}`,
    `  sent to ${answer.step.to} (${answer.step.label}, ${contentType}, ${body.length} B): ${body.length > 600 ? `${body.slice(0, 600)}…` : body}`,
    `  answer ${answer.status} in ${Math.round(answer.ms)} ms (${answer.text.length} B): ${answer.text.slice(0, 400)}`,
    ...found.map((v) => `  - ${v.kind}${v.code ? ` [${v.code}]` : ""}: ${v.detail.slice(0, 300)}`),
  ].join("\n");
}

export interface RunOptions {
  seed: number;
  seconds: number;
  /** fast-check's replay path of a counterexample (FUZZ_PATH). */
  path?: string;
  /** Time allowed for shrinking a failure, on top of `seconds`. */
  shrinkSeconds?: number;
}

export interface RunReport {
  cases: number;
  seconds: number;
  /** fast-check's report of the shrunk counterexample, when a case broke a property. */
  failure?: string;
}

/**
 * Runs cases for `seconds` (or replays `path`) and stops at the first answer that breaks a
 * property, then lets fast-check shrink it. The test uses this.
 */
export async function fuzzUntilFailure(target: FuzzTarget, arb: fc.Arbitrary<FuzzCase>, options: RunOptions): Promise<RunReport> {
  let cases = 0;
  const property = fc.asyncProperty(arb, async (c) => {
    cases++;
    for (const answer of await runCase(target, c)) {
      const found = violations(answer);
      if (found.length) throw new Error(describeAnswer(answer, found));
    }
  });
  const began = performance.now();
  const searched = await fc.check(property, {
    seed: options.seed,
    path: options.path,
    numRuns: options.path ? 1 : 1_000_000_000,
    interruptAfterTimeLimit: options.seconds * 1000,
    markInterruptAsFailure: false,
    endOnFailure: true, // shrink below, with its own time budget
  });
  const seconds = (performance.now() - began) / 1000;
  const report: RunReport = { cases, seconds };
  if (!searched.failed) return report;
  const shrunk = await fc.check(property, {
    seed: searched.seed,
    path: searched.counterexamplePath ?? undefined,
    interruptAfterTimeLimit: (options.shrinkSeconds ?? 60) * 1000,
    markInterruptAsFailure: false,
  });
  const final = shrunk.failed ? shrunk : searched;
  report.failure = [
    fc.defaultReportMessage(final) ?? "a case failed",
    `It broke: ${final.errorInstance instanceof Error ? final.errorInstance.message : String(final.errorInstance)}`,
    `Replay: FUZZ_SEED=${final.seed} FUZZ_PATH="${final.counterexamplePath}" npx jest tests/fuzz`,
  ].join("\n");
  return report;
}

/** A failure class as the bench reports it: how often, and the shortest request that showed it. */
export interface FailureClass {
  count: number;
  example: string;
  exampleBytes: number;
  /** The whole case of that example, to replay by hand. */
  exampleCase?: FuzzCase;
}

/**
 * Runs cases for `seconds` without stopping, counting every violation by class (what broke and
 * its code). The bench uses this.
 */
export async function fuzzAndCount(target: FuzzTarget, arb: fc.Arbitrary<FuzzCase>, options: RunOptions) {
  let cases = 0;
  let answers = 0;
  const classes = new Map<string, FailureClass>();
  const property = fc.asyncProperty(arb, async (c) => {
    cases++;
    for (const answer of await runCase(target, c)) {
      answers++;
      const size = wireOf(answer.step).body.length;
      for (const v of violations(answer)) {
        const key = classOf(v);
        const seen = classes.get(key) ?? { count: 0, example: "", exampleBytes: Infinity };
        seen.count++;
        if (size < seen.exampleBytes) Object.assign(seen, { example: describeAnswer(answer, [v]), exampleBytes: size, exampleCase: c });
        classes.set(key, seen);
      }
    }
  });
  const began = performance.now();
  await fc.check(property, {
    seed: options.seed,
    numRuns: 1_000_000_000,
    interruptAfterTimeLimit: options.seconds * 1000,
    markInterruptAsFailure: false,
  });
  return { cases, answers, seconds: (performance.now() - began) / 1000, classes };
}
