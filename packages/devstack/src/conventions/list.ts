/**
 * The conventions tests/conventions enforces, one describe per entry (by `title`); docs/architecture.md
 * lists them from here (`npm run compose`).
 */
export const CONVENTIONS = [
  {
    file: "schema-ownership.spec.ts",
    title: "a subgraph touches only its own schema",
    checks:
      "no SQL or TypeORM option in its src names another subgraph's PostgreSQL schema; its migrations (and the kit's) run in a fresh database create objects only in its schema; no package.json dependency on, or import of, another subgraph; only the kit's public API (`@learnloop/kit`, never `@learnloop/kit/internal`)",
  },
  {
    file: "events.spec.ts",
    title: "every published or consumed event is declared and contracted",
    checks:
      "each published and consumed event has a contract in schema/events, each has a producer and a consumer, every `.publish(…)` in src names a declared event, and a running subgraph's publisher refuses every event it does not declare",
  },
  {
    file: "permissions.spec.ts",
    title: "every type and field has a shield rule",
    checks:
      "each subgraph's rules name every object type of its served schema, and every field of a type given a field map (federation plumbing aside); no wildcard, no rule for a type or field that is gone",
  },
  {
    file: "connections.spec.ts",
    title: "a list of objects is a connection",
    checks:
      "every field returning a list of objects, in each subgraph schema and schema/api.graphql, is a `…Connection` (edges with cursor and node, pageInfo), except the allow-list in the spec, each with its reason; no stale allowance",
  },
  {
    file: "error-codes.spec.ts",
    title: "every error code is in the registry",
    checks:
      "every UPPER_SNAKE code the gateway, the kit and the subgraphs give, send or compare is in packages/kit/src/errors/codes.ts (docs/errors.md), and every registry code is used",
  },
  {
    file: "audit.spec.ts",
    title: "every mutation writes an audit row",
    checks:
      "every Mutation field of each subgraph has an example in its `__tests__/mutation-examples.ts`; each, run through the gateway, leaves exactly one row in that subgraph's `audit_log` with the request's id and the caller",
  },
] as const;
