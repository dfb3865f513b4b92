import fs from "node:fs";
import path from "node:path";
import type { Subgraph } from "@learnloop/kit/internal";
import { z } from "zod";
import { REPO_ROOT } from "./paths";

/** What the devstack can hand a subgraph beyond the variables every subgraph gets. */
export const DEVSTACK_VALUES = [
  "clerkWebhookSecret",
  "stripeApiBase",
  "stripeSecretKey",
  "stripeWebhookSecret",
  "stripePricePlus",
  "stripePricePro",
] as const;
export type DevstackValue = (typeof DEVSTACK_VALUES)[number];

const entrySchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, "must be lower-case letters, digits and dashes"),
  /** Relative to the list's folder; its dist/main.js is the process entry point. */
  folder: z.string().min(1),
  port: z.number().int().min(1024).max(65535),
  /** Variable name → the devstack value it is set to. */
  env: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.enum(DEVSTACK_VALUES)).default({}),
});
const listSchema = z.strictObject({ $comment: z.string().optional(), subgraphs: z.array(entrySchema).min(1) });

export interface SubgraphEntry extends z.infer<typeof entrySchema> {
  /** Absolute. */
  dir: string;
}

export const SUBGRAPH_LIST = path.join(REPO_ROOT, "subgraphs.json");

/** Reads and checks a list: names, folders and ports unique, each folder a package. */
export function readSubgraphList(file = SUBGRAPH_LIST): SubgraphEntry[] {
  const parsed = listSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const entries = parsed.data.subgraphs.map((e) => ({ ...e, dir: path.resolve(path.dirname(file), e.folder) }));
  for (const key of ["name", "folder", "port"] as const) {
    const seen = new Set<unknown>();
    for (const e of entries) {
      if (seen.has(e[key])) throw new Error(`${file}: two subgraphs have the ${key} ${e[key]}`);
      seen.add(e[key]);
    }
  }
  return entries;
}

/** The entries of subgraphs.json, in order. */
export const SUBGRAPH_ENTRIES: SubgraphEntry[] = readSubgraphList();

export const packageNameOf = (entry: Pick<SubgraphEntry, "dir">): string =>
  (JSON.parse(fs.readFileSync(path.join(entry.dir, "package.json"), "utf8")) as { name: string }).name;

const isSubgraph = (value: unknown): value is Subgraph =>
  typeof value === "object" &&
  value !== null &&
  ["schema", "start", "run"].every((k) => typeof (value as Record<string, unknown>)[k] === "function");

/**
 * A subgraph's definition, from its package's `subgraph` export (defineSubgraph). Loaded by package
 * name, so the devstack depends on no subgraph at build time and tests load their sources.
 */
export function loadSubgraph(entry: SubgraphEntry): Subgraph {
  const name = packageNameOf(entry);
  const exported = (require(name) as { subgraph?: unknown }).subgraph;
  if (!isSubgraph(exported)) throw new Error(`${name} does not export \`subgraph\` made with defineSubgraph`);
  if (exported.name !== entry.name)
    throw new Error(`${name} defines the subgraph "${exported.name}", but subgraphs.json calls it "${entry.name}"`);
  return exported;
}

export interface ListedSubgraph extends SubgraphEntry {
  subgraph: Subgraph;
}

let loaded: ListedSubgraph[] | undefined;
/** Every listed subgraph with its definition, loaded on first use. */
export function listedSubgraphs(): ListedSubgraph[] {
  return (loaded ??= SUBGRAPH_ENTRIES.map((entry) => ({ ...entry, subgraph: loadSubgraph(entry) })));
}

export const localUrl = (port: number) => `http://localhost:${port}/graphql`;
