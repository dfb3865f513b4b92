import { rootFields, usesIntrospection, type PersistedManifest, type PersistedOperation } from "../persisted/manifest";

/**
 * What a partner key may reach, by the root fields an operation selects. A root field not listed
 * here is closed to partners: a partner manifest that selects one stops the gateway at start.
 * Partners run as an anonymous caller, so the subgraphs' own rules still apply beneath these.
 */
export const PARTNER_SCOPES: Readonly<Record<string, string>> = {
  "Query.courses": "catalog:read",
  "Query.course": "catalog:read",
  "Query.lessons": "catalog:read",
  "Query.lesson": "catalog:read",
  "Query.characters": "catalog:read",
  "Query.character": "catalog:read",
  "Query.vocabulary": "catalog:read",
  "Query.user": "profiles:read",
};

export const KNOWN_SCOPES = [...new Set(Object.values(PARTNER_SCOPES))].sort();

export interface PartnerOperation extends PersistedOperation {
  scopes: string[];
}

/** The partner manifest with each operation's scopes; throws on an operation no scope may run. */
export function partnerOperations(manifest: PersistedManifest): ReadonlyMap<string, PartnerOperation> {
  const operations = new Map<string, PartnerOperation>();
  for (const op of manifest.values()) {
    if (usesIntrospection(op.document))
      throw new Error(`partner operation ${op.name} introspects the schema; partners get no introspection`);
    const fields = rootFields(op);
    const closed = fields.filter((f) => !PARTNER_SCOPES[f]);
    if (closed.length) throw new Error(`partner operation ${op.name} selects ${closed.join(", ")}, which no partner scope grants`);
    operations.set(op.id, { ...op, scopes: [...new Set(fields.map((f) => PARTNER_SCOPES[f]))].sort() });
  }
  return operations;
}
