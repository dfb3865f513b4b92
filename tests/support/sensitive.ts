import { recordSensitive } from "@learnloop/devstack";
import { Kind, parse, visit, type ValueNode } from "graphql";

/**
 * Registers a value the services must never log (an email, a name, a token, a secret) and
 * returns it, for the scan after the tests (docs/adr/0017). A no-op unless logs are captured.
 */
export function sensitive<T extends string | null | undefined>(value: T, kind = "test value"): T {
  recordSensitive(value, kind);
  return value;
}

/** Input fields whose values are personal data (as in the kit's REDACTED_PATHS). */
const PERSONAL_FIELDS = new Set(["email", "emailAddress", "displayName", "avatarUrl", "firstName", "lastName"]);

function fromVariables(value: unknown, key?: string): void {
  if (typeof value === "string" && key && PERSONAL_FIELDS.has(key)) sensitive(value, key);
  else if (Array.isArray(value)) value.forEach((v) => fromVariables(v, key));
  else if (value && typeof value === "object") Object.entries(value).forEach(([k, v]) => fromVariables(v, k));
}

const stringIn = (node: ValueNode): string | undefined => (node.kind === Kind.STRING ? node.value : undefined);

/**
 * Registers the personal data a GraphQL request sends, in its variables or written into the
 * document (`updateProfile(input: { displayName: "Vera" })`). Documents that do not parse
 * (tests of bad input) are left to the patterns.
 */
export function sensitiveInRequest(query: string, variables?: Record<string, unknown>): void {
  fromVariables(variables);
  let document;
  try {
    document = parse(query);
  } catch {
    return;
  }
  visit(document, {
    ObjectField: (node) => void (PERSONAL_FIELDS.has(node.name.value) && sensitive(stringIn(node.value), node.name.value)),
    Argument: (node) => void (PERSONAL_FIELDS.has(node.name.value) && sensitive(stringIn(node.value), node.name.value)),
  });
}
