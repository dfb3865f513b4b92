import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { FEDERATION_FIELDS, FEDERATION_TYPES } from "./permissions";

/** `Type.field` → why it may be a plain list. */
export type ListAllowances = Readonly<Record<string, string>>;

const isListOfComposites = (field: GraphQLField<unknown, unknown>) => {
  const type = getNullableType(field.type);
  return isListType(type) && isCompositeType(getNamedType(type));
};

function fieldsOf(schema: GraphQLSchema): { type: GraphQLNamedType; name: string; field: GraphQLField<unknown, unknown> }[] {
  return Object.values(schema.getTypeMap())
    .filter((t) => (isObjectType(t) || isInterfaceType(t)) && !t.name.startsWith("__") && !FEDERATION_TYPES.has(t.name))
    .flatMap((t) => {
      const fields = (t as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields();
      return Object.entries(fields)
        .filter(([name]) => !(FEDERATION_FIELDS[t.name] ?? []).includes(name))
        .map(([name, field]) => ({ type: t, name, field }));
    });
}

/** A `…Connection` has `edges: [XEdge!]!` (each with `cursor` and `node`) and `pageInfo: PageInfo!`. */
function connectionShape(schema: GraphQLSchema, name: string): string[] {
  const type = schema.getType(name);
  if (!isObjectType(type)) return [`${name} is not an object type`];
  const { edges, pageInfo } = type.getFields();
  const problems: string[] = [];
  if (!pageInfo || getNamedType(pageInfo.type).name !== "PageInfo") problems.push(`${name} has no pageInfo: PageInfo`);
  const edge = edges && isListType(getNullableType(edges.type)) ? getNamedType(edges.type) : undefined;
  if (!isObjectType(edge)) problems.push(`${name} has no edges list of objects`);
  else for (const f of ["cursor", "node"]) if (!edge.getFields()[f]) problems.push(`${name}.edges: ${edge.name} has no ${f}`);
  return problems;
}

/**
 * Fields that return a list of objects but are no connection, outside the allowances; and
 * connection types without the connection shape. A connection's own `edges` is the one structural list.
 */
export function listsNotConnections(schema: GraphQLSchema, allowed: ListAllowances): string[] {
  const problems: string[] = [];
  for (const { type, name, field } of fieldsOf(schema)) {
    const connection = type.name.endsWith("Connection") && name === "edges";
    if (isListOfComposites(field) && !connection && !allowed[`${type.name}.${name}`])
      problems.push(`${type.name}.${name}: ${String(field.type)} is a plain list; return a …Connection (edges, pageInfo)`);
  }
  const connections = Object.keys(schema.getTypeMap()).filter((n) => n.endsWith("Connection") && !n.startsWith("__"));
  return [...problems, ...connections.flatMap((n) => connectionShape(schema, n))];
}

/** Allowances for fields the schema no longer has, or no longer as a list of objects: the list stays minimal. */
export function staleAllowances(schema: GraphQLSchema, allowed: ListAllowances): string[] {
  const lists = new Set(
    fieldsOf(schema)
      .filter((f) => isListOfComposites(f.field))
      .map((f) => `${f.type.name}.${f.name}`),
  );
  return Object.keys(allowed)
    .filter((k) => !lists.has(k))
    .map((k) => `${k} is allowed as a plain list, but the schema has no such list field`);
}
