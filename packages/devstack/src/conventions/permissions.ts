import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from "graphql";

/** Federation plumbing the kit opens itself (applyPermissions); no subgraph names it. */
export const FEDERATION_TYPES = new Set(["_Service"]);
export const FEDERATION_FIELDS: Record<string, readonly string[]> = { Query: ["_service", "_entities"] };

/** The object types a schema serves, introspection and federation plumbing left out, with their own fields. */
export function servedFields(schema: GraphQLSchema): Map<GraphQLObjectType, string[]> {
  const out = new Map<GraphQLObjectType, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || FEDERATION_TYPES.has(type.name)) continue;
    const plumbing = FEDERATION_FIELDS[type.name] ?? [];
    const fields = Object.keys(type.getFields()).filter((f) => !plumbing.includes(f));
    if (fields.length) out.set(type, fields);
  }
  return out;
}

// A shield field map is a plain object; a rule is an instance of one of graphql-shield's rule classes.
const isFieldMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Where a subgraph's shield rules and its schema disagree: a type or field with no rule of its own
 * (the deny fallback would answer, silently), a wildcard (names nothing), or a rule for a type or
 * field the schema does not have (stale). A type's rule (`Type: allow`) covers all its fields.
 */
export function shieldGaps(schema: GraphQLSchema, rules: object): string[] {
  const tree = rules as Record<string, unknown>;
  const served = servedFields(schema);
  const byName = new Map([...served].map(([type, fields]) => [type.name, fields]));
  const problems: string[] = [];
  for (const [type, fields] of served) {
    const rule = tree[type.name];
    if (rule === undefined) problems.push(`${type.name} has no rule`);
    else if (isFieldMap(rule)) {
      for (const f of fields) if (!(f in rule)) problems.push(`${type.name}.${f} has no rule`);
      for (const f of Object.keys(rule))
        if (f === "*") problems.push(`${type.name}."*" is a wildcard: name each field`);
        else if (!fields.includes(f)) problems.push(`${type.name}.${f} has a rule but no such field (stale)`);
    }
  }
  for (const name of Object.keys(tree))
    if (name === "*") problems.push(`"*" is a wildcard: name each type`);
    else if (!byName.has(name)) problems.push(`${name} has a rule but the schema serves no such type (stale)`);
  return problems;
}
