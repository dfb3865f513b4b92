import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import { noStreamingPubSub } from "./live-subscription";

/** One pinned Federation version for every subgraph; all its directives are importable. */
export const FEDERATION_VERSION = "2.9";
export const FEDERATION_DIRECTIVES = [
  "@key",
  "@shareable",
  "@provides",
  "@requires",
  "@external",
  "@extends",
  "@tag",
  "@inaccessible",
  "@override",
  "@composeDirective",
  "@interfaceObject",
  "@authenticated",
  "@requiresScopes",
  "@policy",
  "@context",
  "@fromContext",
  "@cost",
  "@listSize",
];

/**
 * `__resolveReference` for one entity type. The representation carries the type's key fields,
 * which only the SDL knows; declared as a method so a resolver can name its own key shape.
 */
export interface ReferenceResolvers<Ctx> {
  [typeName: string]: { resolve(reference: EntityRepresentation, context: Ctx, info: GraphQLResolveInfo): unknown }["resolve"];
}
export type EntityRepresentation = { __typename?: string } & Record<string, unknown>;

export interface FederatedSchemaOptions<Ctx = unknown> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** `__resolveReference` per entity type name, kept as small separate functions. */
  references?: ReferenceResolvers<Ctx>;
  /** Types not reachable from a resolver that must still be in the schema (entities, interface implementations). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** Extra `@link`s and directive definitions, for example for `@composeDirective`. */
  extraTypeDefs?: string;
  /**
   * The Federation spec to link, for a subgraph that must compose into an older router.
   * Defaults to FEDERATION_VERSION with every directive imported.
   */
  federation?: { version: string; imports: string[] };
}

export function federationLink(federation = { version: FEDERATION_VERSION, imports: FEDERATION_DIRECTIVES }): string {
  const imports = federation.imports.map((d) => `"${d}"`).join(", ");
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v${federation.version}", import: [${imports}])`;
}

/**
 * type-graphql builds a plain schema from decorated classes; @apollo/subgraph turns its SDL
 * (printed with directives) into a Federation 2 subgraph with `_service` and `_entities`.
 */
export async function buildFederatedSchema<Ctx>(options: FederatedSchemaOptions<Ctx>): Promise<GraphQLSchema> {
  const plain = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    validate: { forbidUnknownValues: false },
    skipCheck: true,
    pubSub: noStreamingPubSub,
  });
  const resolvers = createResolversMap(plain) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(options.references ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), __resolveReference: resolveReference };
  }
  const typeDefs = parse([federationLink(options.federation), options.extraTypeDefs ?? "", printSchemaWithDirectives(plain)].join("\n"));
  return buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
}
