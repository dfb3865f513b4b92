import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readSubgraphList, REPO_ROOT } from "@learnloop/devstack";
import { codes, gql, startStack, type TestStack } from "../support/stack";

/**
 * `npm run new-subgraph` into a temporary copy of the repository's top level (its packages and
 * node_modules linked in): the scaffold must compile, compose with the real subgraphs, start as
 * its own process and answer through the gateway.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-scaffold-"));
const dir = path.join(root, "subgraphs", "bookmarks");
let stack: TestStack | undefined;

beforeAll(() => {
  for (const linked of ["node_modules", "packages", "tests"]) fs.symlinkSync(path.join(REPO_ROOT, linked), path.join(root, linked));
  for (const copied of ["tsconfig.base.json", "subgraphs.json"]) fs.copyFileSync(path.join(REPO_ROOT, copied), path.join(root, copied));
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

it("writes one folder, one list entry and the tsconfig reference", () => {
  const out = execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, "packages/devstack/dist/new-subgraph.js"), "bookmarks", "--root", root, "--no-install"],
    {
      encoding: "utf8",
    },
  );
  expect(out).toContain("wrote subgraphs/bookmarks/");
  const entry = readSubgraphList(path.join(root, "subgraphs.json")).find((e) => e.name === "bookmarks");
  // The next port after the listed subgraphs'.
  const nextPort = Math.max(...readSubgraphList().map((e) => e.port)) + 1;
  expect(entry).toMatchObject({ folder: "subgraphs/bookmarks", port: nextPort, dir });
  const references = (JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")) as { references: { path: string }[] })
    .references;
  expect(references.map((r) => r.path)).toContain("subgraphs/bookmarks");
  for (const file of ["README.md", "package.json", "src/index.ts", "src/permissions.ts", "__tests__/bookmarks.spec.ts"])
    expect(fs.existsSync(path.join(dir, file))).toBe(true);
  expect(fs.readdirSync(path.join(dir, "src", "migrations"))).toHaveLength(1);
});

it("refuses a second scaffold of the same name, and a bad name", () => {
  const run = (name: string) =>
    execFileSync(process.execPath, [path.join(REPO_ROOT, "packages/devstack/dist/new-subgraph.js"), name, "--root", root, "--no-install"], {
      encoding: "utf8",
      stdio: "pipe",
    });
  expect(() => run("bookmarks")).toThrow(/already has bookmarks/);
  expect(() => run("Bad_Name")).toThrow(/lower-case/);
});

it("compiles, composes, starts and answers through the gateway", async () => {
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-b", dir], { encoding: "utf8", stdio: "pipe" });
  } catch (err) {
    throw new Error(`the scaffold does not compile:\n${(err as { stdout?: string }).stdout}`, { cause: err });
  }
  const sdl = execFileSync(process.execPath, [path.join(dir, "dist", "main.js"), "--print-schema"], { encoding: "utf8" });
  expect(sdl).toMatch(/type Bookmark\s+@key\(fields: "id"\)/);
  stack = await startStack({ extraSubgraphs: [{ name: "bookmarks", dir, env: {}, sdl }] });

  const mine = stack.token("user_scaffold_a");
  const add = await gql(stack.gatewayUrl, `mutation { addBookmark(input: { title: "はじめまして" }) { id title createdAt } }`, {
    token: mine,
  });
  expect(add.body.errors).toBeUndefined();
  expect(add.body.data?.addBookmark.title).toBe("はじめまして");
  await gql(stack.gatewayUrl, `mutation { addBookmark(input: { title: "theirs" }) { id } }`, { token: stack.token("user_scaffold_b") });
  const list = await gql(stack.gatewayUrl, `{ myBookmarks(first: 10) { edges { node { title } } pageInfo { hasNextPage } } }`, {
    token: mine,
  });
  expect(list.body.data?.myBookmarks.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(["はじめまして"]);
  expect(codes(await gql(stack.gatewayUrl, `{ myBookmarks(first: 1) { edges { node { title } } } }`))).toEqual(["UNAUTHENTICATED"]);
  // The scaffold's input validation is the kit's: an empty title is refused with a code.
  const empty = await gql(stack.gatewayUrl, `mutation { addBookmark(input: { title: "" }) { id } }`, { token: mine });
  expect(codes(empty)).toEqual(["BAD_USER_INPUT"]);
  // The kit gives the scaffold its audit trail, and its mutation writes to it.
  const audit = await gql(
    stack.gatewayUrl,
    `{ bookmarksAuditTrail(targetId: "user_scaffold_a", first: 5) { edges { node { mutation actorUserId } } } }`,
    {
      token: stack.token("user_scaffold_admin", { roles: ["admin"] }),
    },
  );
  expect(audit.body.data?.bookmarksAuditTrail.edges.map((e: { node: object }) => e.node)).toEqual([
    { mutation: "addBookmark", actorUserId: "user_scaffold_a" },
  ]);
}, 180_000);
