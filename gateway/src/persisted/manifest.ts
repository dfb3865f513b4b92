import { createHash } from "node:crypto";
import fs from "node:fs";
import { getOperationAST, Kind, parse, visit, type DocumentNode, type OperationTypeNode } from "graphql";

/** One operation of a manifest in Apollo's format (`apollo-persisted-query-manifest`, version 1). */
export interface PersistedOperation {
  /** Bare lowercase hex SHA-256 of `body`: the id clients send as `extensions.persistedQuery.sha256Hash`. */
  id: string;
  name: string;
  type: OperationTypeNode;
  body: string;
  document: DocumentNode;
}

export type PersistedManifest = ReadonlyMap<string, PersistedOperation>;

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

const HEX_ID = /^[0-9a-f]{64}$/;

/**
 * Reads and checks a manifest: every id must be the SHA-256 of its body (a `sha256:` prefix or a
 * SHA-1 id is refused, as it would never match what clients send), and every body must parse as the
 * one named operation. A bad manifest stops the gateway at start, never at a partner's request.
 */
export function loadManifest(file: string): PersistedManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`persisted-query manifest ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseManifest(raw, file);
}

export function parseManifest(raw: unknown, source = "manifest"): PersistedManifest {
  const m = raw as { format?: unknown; version?: unknown; operations?: unknown };
  if (m?.format !== "apollo-persisted-query-manifest" || m.version !== 1 || !Array.isArray(m.operations))
    throw new Error(`${source}: expected { format: "apollo-persisted-query-manifest", version: 1, operations: [...] }`);
  const operations = new Map<string, PersistedOperation>();
  for (const entry of m.operations as Record<string, unknown>[]) {
    const { id, name, type, body } = entry ?? {};
    const where = `${source}: operation ${JSON.stringify(name)}`;
    if (typeof id !== "string" || !HEX_ID.test(id)) throw new Error(`${where}: id must be 64 lowercase hex digits (no "sha256:" prefix)`);
    if (typeof body !== "string" || typeof name !== "string") throw new Error(`${where}: needs a name and a body`);
    if (sha256Hex(body) !== id) throw new Error(`${where}: id is not the SHA-256 of its body`);
    if (operations.has(id)) throw new Error(`${where}: duplicate id`);
    const document = parse(body, { noLocation: true });
    const operation = getOperationAST(document, name);
    if (!operation || operation.operation !== type) throw new Error(`${where}: body has no ${String(type)} named ${name}`);
    operations.set(id, { id, name, type: operation.operation, body, document });
  }
  return operations;
}

/** `Query.courses`-style coordinates of the root fields an operation selects, through its fragments. */
export function rootFields(op: Pick<PersistedOperation, "document" | "name">): string[] {
  const operation = getOperationAST(op.document, op.name)!;
  const root = operation.operation === "query" ? "Query" : operation.operation === "mutation" ? "Mutation" : "Subscription";
  const fragments = new Map(
    op.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const),
  );
  const fields = new Set<string>();
  const collect = (selections: readonly import("graphql").SelectionNode[], seen: Set<string>) => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== "__typename") fields.add(`${root}.${s.name.value}`);
      } else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet.selections, seen);
      else if (!seen.has(s.name.value) && fragments.has(s.name.value)) {
        seen.add(s.name.value);
        collect(fragments.get(s.name.value)!.selectionSet.selections, seen);
      }
    }
  };
  collect(operation.selectionSet.selections, new Set());
  return [...fields].sort();
}

/** Whether a document asks for the schema (`__schema`, `__type`) anywhere. */
export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") found = true;
    },
  });
  return found;
}
