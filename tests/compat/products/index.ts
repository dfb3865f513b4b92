import { allow, defineSubgraph, subgraphEnvSchema } from "@learnloop/kit/internal";
import { findDeprecatedProduct, findProduct, findResearch, inventories, resolveUser, type UserRecord } from "./data";
import { ProductResolver, UserResolver } from "./resolvers";
import { Inventory } from "./types";

/**
 * Apollo's "products" subgraph, built with the kit like any Learnloop subgraph. The suite pins
 * Federation 2.3 and checks the import list, so this one links that version explicitly.
 */
export const productsSubgraph = defineSubgraph({
  name: "products",
  envSchema: subgraphEnvSchema,
  schema: {
    resolvers: [ProductResolver, UserResolver],
    orphanedTypes: [Inventory],
    federation: {
      version: "2.3",
      imports: [
        "@composeDirective",
        "@extends",
        "@external",
        "@key",
        "@inaccessible",
        "@interfaceObject",
        "@override",
        "@provides",
        "@requires",
        "@shareable",
        "@tag",
      ],
    },
    extraTypeDefs: `
      extend schema @link(url: "https://myspecs.dev/myCustomDirective/v1.0", import: ["@custom"]) @composeDirective(name: "@custom")
      directive @custom on OBJECT
    `,
    references: {
      Product: findProduct,
      DeprecatedProduct: findDeprecatedProduct,
      ProductResearch: findResearch,
      User: (ref: UserRecord) => resolveUser(ref),
      Inventory: (ref: { id: string }) => inventories.find((i) => i.id === ref.id) ?? null,
    },
  },
  // The suite's data is public; every type is still named, as deny-by-default requires.
  permissions: {
    Query: { product: allow, deprecatedProduct: allow },
    Product: allow,
    DeprecatedProduct: allow,
    ProductVariation: allow,
    ProductDimension: allow,
    ProductResearch: allow,
    CaseStudy: allow,
    User: allow,
    Inventory: allow,
  },
  entities: [],
  migrations: [],
  createLoaders: () => ({}),
});
