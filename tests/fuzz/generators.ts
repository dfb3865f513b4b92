import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { buildSchema, parse, typeFromAST, Kind, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { damagedRequest, rawBody } from "./damage";
import { printDocument, SelectionGenerator, type Operation, type OperationType } from "./documents";
import { hex64, toJson, valueOf } from "./values";

const REPO = path.resolve(__dirname, "..", "..");

/** The supergraph's API schema, as clients see it. */
export const loadApiSchema = (): GraphQLSchema => buildSchema(fs.readFileSync(path.join(REPO, "schema", "api.graphql"), "utf8"));

interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}
const partnerManifest = (): ManifestOperation[] =>
  JSON.parse(fs.readFileSync(path.join(REPO, "schema", "persisted", "partner.json"), "utf8")).operations;

export type Target = "graphql" | "ws" | "partner";
/** Which credential a partner request carries. */
export type PartnerKey = "valid" | "none" | "garbage";

/** One request of a case: a GraphQL request object, or a body that is not one. */
export interface Step {
  to: Target;
  /** What kind of input this is, for reports. */
  label: string;
  request: Record<string, unknown> | { raw: string; contentType: string };
  partnerKey?: PartnerKey;
}

/**
 * A case is one to three requests by one caller: anonymous, or signed in as a user new to this run of
 * the case (so that a case that leaves state behind, such as a review of an unknown character, is
 * replayed on its own when fast-check shrinks or replays it).
 */
export interface FuzzCase {
  signedIn: boolean;
  /** The signed-in caller's roles: staff and admin reach the reports and triage, which learners never see. */
  roles?: Role[];
  steps: Step[];
}

export type Role = "moderator" | "staff" | "admin";
/** Mostly learners; a staff, admin or moderator caller in about one signed-in case in three. */
const roles: fc.Arbitrary<Role[]> = fc.constantFrom<Role[]>([], [], [], [], [], [], ["staff"], ["admin"], ["moderator"]);

export interface GeneratorOptions {
  maxDepth?: number;
  maxBreadth?: number;
}

const isRaw = (r: Step["request"]): r is { raw: string; contentType: string } => typeof (r as { raw?: unknown }).raw === "string";

/** The exact body a step sends, and its content type. */
export function wireOf(step: Step): { body: string; contentType: string } {
  if (isRaw(step.request)) return { body: step.request.raw, contentType: step.request.contentType };
  return { body: toJson(step.request), contentType: "application/json" };
}

/** All arbitraries of the fuzzer, from one schema: the test and `npm run bench -- fuzz` both use these. */
export function generators(schema: GraphQLSchema, options: GeneratorOptions = {}) {
  const gen = new SelectionGenerator(schema, { maxDepth: options.maxDepth ?? 4, maxBreadth: options.maxBreadth ?? 4 });
  const ops = Object.fromEntries((["query", "mutation", "subscription"] as OperationType[]).map((t) => [t, gen.operation(t)]));
  // Subscriptions are valid GraphQL too: over HTTP they must be refused cleanly, over graphql-ws they run.
  const operation = fc.oneof(
    { weight: 6, arbitrary: ops.query },
    { weight: 3, arbitrary: ops.mutation },
    { weight: 1, arbitrary: ops.subscription },
  );

  const validRequest = fc.tuple(operation, fc.boolean()).map(([op, sendName]) => {
    const p = printDocument([op]);
    return {
      label: `valid ${op.type}`,
      request: {
        query: p.text,
        ...(Object.keys(p.variables).length && { variables: p.variables }),
        ...(sendName && op.name && { operationName: op.name }),
      },
    };
  });
  const damaged = damagedRequest(gen, operation);
  const graphqlRequest = fc.oneof({ weight: 5, arbitrary: validRequest }, { weight: 5, arbitrary: damaged });

  const manifest = partnerManifest().map((op) => {
    const definition = parse(op.body).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const v of definition.variableDefinitions ?? [])
      shape[v.variable.name.value] = valueOf(typeFromAST(schema, v.type as never) as GraphQLInputType);
    return { op, variables: fc.record(shape, { requiredKeys: [] }) };
  });
  const persistedQuery = (sha256Hash: unknown) => ({ persistedQuery: { version: 1, sha256Hash } });
  const partnerRequest = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.oneof(
        ...manifest.map(({ op, variables }) =>
          fc.record({
            label: fc.constant(`partner ${op.name}`),
            request: fc.record({ variables, extensions: fc.constant(persistedQuery(op.id)) }, { requiredKeys: ["extensions"] }),
          }),
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(hex64, fc.constant(manifest[0].op.id.toUpperCase()), fc.jsonValue({ maxDepth: 1 })).map((id) => ({
        label: "partner: unknown id",
        request: { extensions: persistedQuery(id) },
      })),
    },
    { weight: 2, arbitrary: graphqlRequest.map((r) => ({ label: `partner: ${r.label}`, request: r.request })) },
  );

  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 14, arbitrary: graphqlRequest.map((r) => ({ to: "graphql" as const, ...r })) },
    { weight: 1, arbitrary: rawBody.map((request) => ({ to: "graphql" as const, label: "not a GraphQL request", request })) },
    { weight: 3, arbitrary: graphqlRequest.map((r) => ({ to: "ws" as const, ...r })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(
            { weight: 6, arbitrary: partnerRequest },
            { weight: 1, arbitrary: rawBody.map((request) => ({ label: "partner: not a GraphQL request", request })) },
          ),
          fc.constantFrom<PartnerKey>("valid", "valid", "valid", "none", "garbage"),
        )
        .map(([r, partnerKey]) => ({ to: "partner" as const, ...r, partnerKey })),
    },
  );

  const printed = (op: fc.Arbitrary<Operation>) =>
    op.map((o) => {
      const p = printDocument([o]);
      return { to: "graphql" as const, label: `valid ${o.type}`, request: { query: p.text, variables: p.variables } };
    });
  const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        signedIn: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        roles,
        steps: fc.array(step, { minLength: 1, maxLength: 3 }),
      }),
    },
    {
      // A learner changes something, then reads: what a mutation stored must read back cleanly.
      weight: 1,
      arbitrary: fc.record({ signedIn: fc.constant(true), roles, steps: fc.tuple(printed(ops.mutation), printed(ops.query)) }),
    },
  );
  return { operation, validRequest, damaged, step, fuzzCase };
}
