/**
 * What a caller may do beyond being a learner. Roles come from the identity provider (Clerk
 * session claims, or the gateway's mapping of machine tokens) and travel in the signed internal
 * context; nothing else can grant one.
 */
export const ROLES = ["moderator", "staff", "admin", "service"] as const;
export type Role = (typeof ROLES)[number];

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * The known roles among claim values: strings or string arrays, compared case-insensitively, with
 * Clerk's `org:` prefix of organisation roles dropped. Unknown values are ignored, never errors:
 * a role added in the Clerk dashboard grants nothing until the code knows it.
 */
export function rolesFrom(...values: unknown[]): Role[] {
  const found = new Set<Role>();
  for (const value of values)
    for (const item of Array.isArray(value) ? value : [value])
      if (typeof item === "string") {
        const name = item.trim().toLowerCase().replace(/^org:/, "");
        if (isRole(name)) found.add(name);
      }
  return ROLES.filter((r) => found.has(r));
}

/** The value at a dotted path of a claims object (`metadata.roles`, `o.rol`). */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let current: unknown = claims;
  for (const key of path.split(".")) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
