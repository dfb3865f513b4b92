import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { calleeName, literalText, nameOf, nodes, parse, where, type Source } from "./sources";

/** What the ownership checks need to know of a subgraph. */
export interface OwnerRef {
  /** Also its PostgreSQL schema. */
  name: string;
  dir: string;
  packageName: string;
}

// SQL as this codebase writes it (keywords upper case), and the TypeORM calls that take table names.
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|TRUNCATE|FROM|JOIN|INTO|REFERENCES|GRANT|COMMENT ON)\b/;
const TABLE_CALLS = new Set([
  "query",
  "from",
  "into",
  "update",
  "delete",
  "insert",
  "innerJoin",
  "leftJoin",
  "innerJoinAndSelect",
  "leftJoinAndSelect",
  "createQueryBuilder",
  "Entity",
  "ViewEntity",
  "JoinTable",
]);
const ENTITY_DECORATORS = new Set(["Entity", "ViewEntity", "JoinTable", "Tree"]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** `other.x`, `"other".x`, `"other"."x"`, not `learnloop.other.v1` or `other_x`. */
const qualified = (schema: string) => new RegExp(`(?<![\\w.$"])"?${escape(schema)}"?\\s*\\.\\s*"?[A-Za-z_]`);

function enclosingCall(node: ts.Node): string | undefined {
  for (let n = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isDecorator(n)) return calleeName(n);
    if (ts.isBlock(n) || ts.isFunctionLike(n)) return undefined;
  }
  return undefined;
}

/**
 * SQL and TypeORM references to another subgraph's PostgreSQL schema in one subgraph's sources:
 * qualified names in SQL text or table-name arguments, and `schema` in entity options (the kit's
 * Database puts every entity in the subgraph's own schema; an entity names none).
 */
export function foreignSchemaReferences(sources: Source[], own: string, others: string[]): string[] {
  const patterns = others.filter((o) => o !== own).map((o) => ({ schema: o, re: qualified(o) }));
  const problems: string[] = [];
  for (const source of sources) {
    for (const node of nodes(parse(source))) {
      const text = literalText(node);
      if (text !== undefined) {
        const sqlish = SQL.test(text) || TABLE_CALLS.has(enclosingCall(node) ?? "");
        for (const { schema, re } of sqlish ? patterns : [])
          if (re.test(text)) problems.push(`${where(node)}: SQL names ${schema}'s schema: ${JSON.stringify(text.trim().slice(0, 120))}`);
      }
      if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
        if (nameOf(node) !== "schema") continue;
        const value = ts.isPropertyAssignment(node) ? literalText(node.initializer) : undefined;
        const decorator = ENTITY_DECORATORS.has(enclosingCall(node) ?? "");
        if (value !== undefined && value !== own && others.includes(value))
          problems.push(`${where(node)}: \`schema: "${value}"\` is another subgraph's schema`);
        else if (decorator) problems.push(`${where(node)}: entity options name a schema; the kit's Database sets the subgraph's own`);
      }
    }
  }
  return problems;
}

/** Module specifiers a file imports, re-exports or requires. */
function specifiers(sf: ts.SourceFile): { spec: string; node: ts.Node }[] {
  const out: { spec: string; node: ts.Node }[] = [];
  for (const node of nodes(sf)) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      out.push({ spec: node.moduleSpecifier.text, node });
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) out.push({ spec: e.text, node });
    } else if (ts.isCallExpression(node) && node.arguments.length && ts.isStringLiteral(node.arguments[0])) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) out.push({ spec: node.arguments[0].text, node });
    }
  }
  return out;
}

const inside = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/** Imports of another subgraph's package, or of its files by a relative path. */
export function foreignImports(sources: Source[], others: OwnerRef[]): string[] {
  const problems: string[] = [];
  for (const source of sources) {
    for (const { spec, node } of specifiers(parse(source))) {
      const target = spec.startsWith(".") ? path.resolve(path.dirname(source.file), spec) : undefined;
      for (const other of others) {
        const byName = spec === other.packageName || spec.startsWith(`${other.packageName}/`);
        if (byName || (target && inside(other.dir, target))) problems.push(`${where(node)}: imports ${other.name} ("${spec}")`);
      }
    }
  }
  return problems;
}

/** The kit's machinery (transports, the relay, the internal context) is not for subgraphs: only its public API. */
export const KIT_INTERNALS = "@learnloop/kit/internal";

/** Imports of the kit's internals, which only the gateway, the devstack and tests use. */
export function kitInternalImports(sources: Source[]): string[] {
  return sources.flatMap((source) =>
    specifiers(parse(source))
      .filter(({ spec }) => spec === KIT_INTERNALS || spec.startsWith("@learnloop/kit/src") || spec.startsWith("@learnloop/kit/dist"))
      .map(({ spec, node }) => `${where(node)}: imports ${spec}; use @learnloop/kit`),
  );
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** Another subgraph's package among a package.json's dependencies of any kind. */
export function foreignDependencies(packageJsonPath: string, others: OwnerRef[]): string[] {
  const pkg = JSON.parse(fs.readFileSync(packageJsonPath, "utf8")) as Partial<
    Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>
  >;
  return DEPENDENCY_FIELDS.flatMap((field) =>
    others.filter((o) => pkg[field]?.[o.packageName] !== undefined).map((o) => `${packageJsonPath}: ${field} has ${o.packageName}`),
  );
}

/** One object in a database's catalogue: `kind schema.name`. */
export interface CatalogueObject {
  kind: string;
  schema: string;
  name: string;
}

/**
 * Every object a migration can make outside the system schemas: schemas, relations (tables,
 * indexes, sequences, views), types, functions, columns, constraints, triggers and extensions.
 */
export const CATALOGUE_SQL = `
  WITH objects (kind, schema, name) AS (
    SELECT 'schema', nspname, nspname FROM pg_namespace
    UNION ALL SELECT 'relation', n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    UNION ALL SELECT 'type', n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    UNION ALL SELECT 'function', n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    UNION ALL SELECT 'column', table_schema, table_name || '.' || column_name FROM information_schema.columns
    UNION ALL SELECT 'constraint', n.nspname, c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    UNION ALL SELECT 'trigger', n.nspname, c.relname || '.' || t.tgname FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    UNION ALL SELECT 'extension', n.nspname, e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  )
  SELECT kind, schema, name FROM objects
  WHERE schema NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND schema NOT LIKE 'pg\\_temp\\_%' AND schema NOT LIKE 'pg\\_toast\\_temp\\_%'`;

const key = (o: CatalogueObject) => `${o.kind} ${o.schema}.${o.name}`;

/** What appeared between two catalogue snapshots outside `own`: objects another schema (or public) gained. */
export function objectsOutsideSchema(before: CatalogueObject[], after: CatalogueObject[], own: string): string[] {
  const seen = new Set(before.map(key));
  return after
    .filter((o) => !seen.has(key(o)) && o.schema !== own)
    .map(key)
    .sort();
}
