import {
  getNamedType,
  isLeafType,
  isNonNullType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

/** A required argument's value, by `Type.field(arg:)`; a new required argument fails the matrix until it is given one. */
export type ArgumentValues = Record<string, string>;

/** `f(a: "x")` with the field's required arguments and any given ones; a sub-selection of `__typename` for a composite type. */
export function fieldCall(type: GraphQLObjectType, name: string, values: ArgumentValues): string {
  const field: GraphQLField<unknown, unknown> = type.getFields()[name];
  const args = field.args
    .filter((a) => (isNonNullType(a.type) && a.defaultValue === undefined) || values[`${type.name}.${name}(${a.name}:)`] !== undefined)
    .map((a) => {
      const key = `${type.name}.${name}(${a.name}:)`;
      if (values[key] === undefined) throw new Error(`no value for the required argument ${key}: add one to the matrix's ARGUMENTS`);
      return `${a.name}: ${values[key]}`;
    });
  const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
  return `${name}${args.length ? `(${args.join(", ")})` : ""}${selection}`;
}

interface GraphQLErrorLike {
  path?: readonly (string | number)[];
}

/**
 * The field coordinates (`Type.field`) whose data a response holds: a value other than null, or a
 * null no error explains (a nullable field that is empty). A field refused, or nulled by a refusal
 * beneath it, is not read.
 */
export function readCoordinates(
  schema: GraphQLSchema,
  document: DocumentNode | string,
  data: unknown,
  errors: readonly GraphQLErrorLike[] = [],
): Set<string> {
  const doc = typeof document === "string" ? parse(document) : document;
  const fragments = new Map(doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const errorPaths = errors.map((e) => (e.path ?? []).join("\u0000"));
  const explained = (path: (string | number)[]) => {
    const prefix = path.join("\u0000");
    return errorPaths.some((p) => p === prefix || p.startsWith(prefix + "\u0000"));
  };
  const read = new Set<string>();
  const walk = (set: SelectionSetNode, type: GraphQLObjectType, value: unknown, path: (string | number)[]): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) return value.forEach((v, i) => walk(set, type, v, [...path, i]));
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, type, value, path);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) walk(fragments.get(selection.name.value)!.selectionSet, type, value, path);
      else if (!selection.name.value.startsWith("__")) {
        const key = selection.alias?.value ?? selection.name.value;
        const v = (value as Record<string, unknown>)[key];
        const at = [...path, key];
        if (v === undefined || (v === null && explained(at))) continue;
        read.add(`${type.name}.${selection.name.value}`);
        const named = getNamedType(type.getFields()[selection.name.value].type);
        if (selection.selectionSet && !isLeafType(named)) walk(selection.selectionSet, named as GraphQLObjectType, v, at);
      }
    }
  };
  for (const def of doc.definitions)
    if (def.kind === Kind.OPERATION_DEFINITION) {
      const root = def.operation === "query" ? schema.getQueryType() : def.operation === "mutation" ? schema.getMutationType() : null;
      if (root) walk(def.selectionSet, root, data, []);
    }
  return read;
}

/** Runs `tasks` at most `limit` at a time. */
export async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}
