/** The data set Apollo's compatibility suite expects (COMPATIBILITY.md, "Expected Data Sets"). */
export interface UserRecord {
  email: string;
  name?: string;
  totalProductsCreated?: number | null;
  yearsOfEmployment?: number;
}

export const user: UserRecord = {
  email: "support@apollographql.com",
  name: "Jane Smith",
  totalProductsCreated: 1337,
  yearsOfEmployment: 10,
};

export const dimension = { size: "small", weight: 1, unit: "kg" };

export const deprecatedProduct = {
  sku: "apollo-federation-v1",
  package: "@apollo/federation-v1",
  reason: "Migrate to Federation V2",
  createdBy: user,
};

const research = [
  { study: { caseNumber: "1234", description: "Federation Study" }, outcome: null },
  { study: { caseNumber: "1235", description: "Studio Study" }, outcome: null },
];

export const products = [
  {
    id: "apollo-federation",
    sku: "federation",
    package: "@apollo/federation",
    variation: { id: "OSS" },
    dimensions: dimension,
    research: [research[0]],
    createdBy: user,
    notes: null,
  },
  {
    id: "apollo-studio",
    sku: "studio",
    package: "",
    variation: { id: "platform" },
    dimensions: dimension,
    research: [research[1]],
    createdBy: user,
    notes: null,
  },
];

export const inventories = [{ id: "apollo-oss", deprecatedProducts: [deprecatedProduct] }];

/** A Product representation may arrive by any of its three keys. */
export function findProduct(ref: { id?: string; sku?: string; package?: string; variation?: { id?: string } }) {
  if (ref.id !== undefined) return products.find((p) => p.id === ref.id) ?? null;
  if (ref.sku !== undefined && ref.package !== undefined)
    return products.find((p) => p.sku === ref.sku && p.package === ref.package) ?? null;
  if (ref.sku !== undefined && ref.variation?.id !== undefined)
    return products.find((p) => p.sku === ref.sku && p.variation.id === ref.variation!.id) ?? null;
  return null;
}

export function findResearch(ref: { study?: { caseNumber?: string } }) {
  return research.find((r) => r.study.caseNumber === ref.study?.caseNumber) ?? null;
}

export function findDeprecatedProduct(ref: { sku?: string; package?: string }) {
  return ref.sku === deprecatedProduct.sku && ref.package === deprecatedProduct.package ? deprecatedProduct : null;
}

/** The users subgraph owns User; fields it sent for @requires win over local defaults. */
export function resolveUser(ref: UserRecord): UserRecord | null {
  if (ref.email !== user.email) return null;
  return { ...user, ...ref };
}
