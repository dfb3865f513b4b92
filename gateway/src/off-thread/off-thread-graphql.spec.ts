import fs from "node:fs";
import path from "node:path";
import { createLogger } from "@learnloop/kit/internal";
import { OffThreadGraphQL, queryHashOf, type OffThreadOptions } from "./off-thread-graphql";

const supergraphSdl = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "schema", "supergraph.graphql"), "utf8");
const started: OffThreadGraphQL[] = [];
const start = (options: Partial<OffThreadOptions> = {}) => {
  const offThread = new OffThreadGraphQL({
    supergraphSdl,
    maxTokens: 5000,
    introspection: true,
    threads: 1,
    timeoutMs: 10_000,
    maxQueue: 16,
    nice: 10,
    logger: createLogger("test", "silent"),
    ...options,
  });
  started.push(offThread);
  return offThread;
};
afterAll(() => Promise.all(started.map((o) => o.close())));

const code = (err: unknown) => (err as { extensions: { code: string } }).extensions.code;

describe("off-thread checks, in a real worker thread", () => {
  const offThread = start();

  it("gives back a valid document, and keeps it where Apollo Server looks", async () => {
    const text = "{ courses(first: 1) { edges { node { title } } } }";
    const result = await offThread.check(text);
    expect(result.ok && result.document.definitions).toHaveLength(1);
    expect(await offThread.documentStore.get(`some-schema-hash:${queryHashOf(text)}`)).toEqual(result.ok && result.document);
  });

  it("reports validation and parse errors with their positions", async () => {
    expect(await offThread.check("{ courses { nope } }")).toMatchObject({
      ok: false,
      code: "GRAPHQL_VALIDATION_FAILED",
      errors: [{ message: expect.stringContaining("nope"), locations: [{ line: 1, column: 13 }] }],
    });
    expect(await offThread.check("{ courses(")).toMatchObject({ ok: false, code: "GRAPHQL_PARSE_FAILED" });
  });

  it("refuses nesting deeper than the parser should recurse, before parsing", async () => {
    const deep = `{ lesson(id: ${"[".repeat(5000)}"x"${"]".repeat(5000)}) { title } }`;
    const result = await offThread.check(deep);
    expect(result).toMatchObject({
      ok: false,
      code: "GRAPHQL_PARSE_FAILED",
      errors: [{ message: expect.stringContaining("nests deeper") }],
    });
  });

  it("plans an operation into the gateway's plan store", async () => {
    const text = "{ me { displayName xp } }";
    await offThread.prepare(text, queryHashOf(text), undefined);
    const plan = await offThread.planStore.get(queryHashOf(text));
    expect(JSON.stringify(plan)).toContain('"serviceName":"users"');
    expect(JSON.stringify(plan)).toContain('"serviceName":"progress"');
  });
});

describe("off-thread refusals", () => {
  it("applies Apollo Server's introspection rule when introspection is off", async () => {
    const result = await start({ introspection: false }).check("{ __schema { types { name } } }");
    expect(result).toMatchObject({ ok: false, code: "GRAPHQL_VALIDATION_FAILED" });
  });

  it("abandons work past its time", async () => {
    await expect(start({ timeoutMs: 1 }).check("{ courses(first: 1) { edges { node { title } } } }")).rejects.toMatchObject({
      extensions: { code: "QUERY_TOO_COMPLEX" },
    });
  });

  it("counts only a task's run against its time: waiting too long for a thread is SERVER_BUSY", async () => {
    // Runs may take their time (30 s, however loaded the machine); waits may not (200 ms).
    const offThread = start({ timeoutMs: 30_000, maxWaitMs: 200, maxQueue: 100 });
    await offThread.check("{ __typename }"); // the thread is up
    const fragments = Array.from({ length: 500 }, (_, i) => `fragment F${i} on Course { title }`).join(" ");
    const spreads = Array.from({ length: 500 }, (_, i) => `...F${i}`).join(" ");
    const heavy = (n: number) => `{ courses(first: 1) { edges { node { ${spreads} } } } } ${fragments} # ${n}`;
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => offThread.check(heavy(i))));
    const refused = results.filter((r) => r.status === "rejected").map((r) => code((r as PromiseRejectedResult).reason));
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(["SERVER_BUSY"]));
  });

  it("sheds new documents once the queue is full", async () => {
    const offThread = start({ maxQueue: 1 });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => offThread.check(`{ a${i}: __typename }`)));
    const refused = results.filter((r) => r.status === "rejected").map((r) => code((r as PromiseRejectedResult).reason));
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(["SERVER_BUSY"]));
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
  });
});
