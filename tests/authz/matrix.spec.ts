import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import {
  declarationGaps,
  matrixFields,
  PRINCIPALS,
  readAuthorization,
  REPO_ROOT,
  SCHEMA_DIR,
  VISIBILITIES,
  FAKE_STRIPE_PRICES,
  type Principal,
  type Visibility,
} from "@learnloop/devstack";
import { loadManifest, partnerOperations } from "@learnloop/gateway";
import { buildSchema, type GraphQLObjectType } from "graphql";
import { connect, subscribe } from "../support/live";
import { sensitive } from "../support/sensitive";
import { endSubscriptions, ensureSubscribed, subscribe as subscribeToPlan } from "../support/stripe";
import { gql, startStack, type TestStack } from "../support/stack";
import { setVisibility } from "../support/visibility";
import { waitFor } from "../support/wait";
import { fieldCall, pooled, readCoordinates, type ArgumentValues } from "./cells";

/**
 * The authorization matrix (docs/authorization.md): every root field and every field of every
 * entity type of schema/api.graphql, read by each principal through the gateway over HTTP (and
 * graphql-ws for subscriptions), against schema/authorization.yaml. Both directions fail: a read
 * the declaration does not allow is a leak; a declared read that is refused is an
 * over-restriction, because then the declaration (and the generated docs) would lie.
 */
const api = buildSchema(fs.readFileSync(path.join(SCHEMA_DIR, "api.graphql"), "utf8"));
const subgraphSdls = fs
  .readdirSync(path.join(SCHEMA_DIR, "subgraphs"))
  .map((f) => fs.readFileSync(path.join(SCHEMA_DIR, "subgraphs", f), "utf8"));
const FIELDS = matrixFields(api, subgraphSdls);
const declared = readAuthorization();

const OWNER = "user_authz_owner";
const USERS = { owner: OWNER, learner: "user_authz_learner", moderator: "user_authz_moderator", admin: "user_authz_admin" } as const;
type Person = "anonymous" | keyof typeof USERS;
const PEOPLE: Person[] = ["anonymous", "owner", "learner", "moderator", "admin"];
const ROLES: Partial<Record<Person, string[]>> = { moderator: ["moderator"], admin: ["admin"] };
const LESSON = "hiragana-01";
const CHARACTER = "c-3042"; // one of hiragana-01's characters

/** The gateway has no `_entities`: each entity type is reached through a root field giving the owner's or the catalogue's object. */
const REACH: Record<string, (p: Person) => string> = {
  User: (p) => (p === "owner" ? "me" : `user(id: "${OWNER}")`),
  Lesson: () => `lesson(id: "${LESSON}")`,
  Course: () => `course(id: "hiragana")`, // hiragana-01's course
  Character: () => `character(id: "${CHARACTER}")`,
};

/** Run in this order (recordReview grades the card completeLesson added); each on the caller's own data, but the notification is the owner's. */
const MUTATIONS: Record<string, string> = {
  completeLesson: `mutation { completeLesson(input: { lessonId: "${LESSON}", learnedCharacterIds: ["${CHARACTER}"] }) { xpAwarded } }`,
  recordReview: `mutation { recordReview(input: { characterId: "${CHARACTER}", rating: GOOD }) { id } }`,
  markNotificationRead: `mutation($notification: ID!) { markNotificationRead(id: $notification) { id } }`,
  markAllNotificationsRead: `mutation { markAllNotificationsRead }`,
  updateNotificationPreferences: `mutation { updateNotificationPreferences(input: { settings: [{ channel: EMAIL, category: STREAK, enabled: false }] }) { quietHours { start } } }`,
  updateProfile: `mutation { updateProfile(input: { displayName: "Matrix" }) { id } }`,
  startCheckout: `mutation { startCheckout(plan: PLUS) { url } }`,
  openBillingPortal: `mutation { openBillingPortal { url } }`,
  cancelSubscription: `mutation { cancelSubscription { cancelAtPeriodEnd } }`,
  resumeSubscription: `mutation { resumeSubscription { cancelAtPeriodEnd } }`,
  track: `mutation { track(events: [{ type: SESSION_START, occurredAt: "${new Date().toISOString()}" }]) { accepted } }`,
};

/** The caller's own billing state each mutation needs: none to check out, a subscription to cancel (billing's webhooks, from the fake Stripe). */
const BEFORE: Partial<Record<string, (userId: string) => Promise<void>>> = {
  startCheckout: (userId) => endSubscriptions(stack, userId),
  cancelSubscription: (userId) => ensureSubscribed(stack, userId, FAKE_STRIPE_PRICES.plus),
};

/** Variables of the persisted partner operations: the owner's profile and the catalogue the others read. */
const PARTNER_VARIABLES: Record<string, Record<string, unknown>> = {
  PartnerCharacter: { literal: "あ" },
  PartnerCourses: { first: 2 },
  PartnerLesson: { id: LESSON },
  PartnerUserProfile: { id: OWNER },
};

const ofType = (coordinate: string) => coordinate.split(".") as [string, string];
const isRoot = (type: string) => ["Query", "Mutation", "Subscription"].includes(type);

let stack: TestStack;
let args: ArgumentValues;
let notification: string;
const tokenOf = (p: Person) => (p === "anonymous" ? undefined : stack.token(USERS[p], { roles: ROLES[p] }));
const run = (p: Person, query: string, variables?: Record<string, unknown>) =>
  gql(stack.gatewayUrl, query, { token: tokenOf(p), variables });

const cli = promisify(execFile);
async function partnerKey(scopes: string[]): Promise<string> {
  const { stdout } = await cli(
    process.execPath,
    [
      path.join(REPO_ROOT, "gateway", "dist", "partner", "keys-cli.js"),
      "create",
      "--name",
      "Matrix",
      "--scopes",
      scopes.join(","),
      "--rate",
      "6000",
    ],
    { env: { ...process.env, DATABASE_URL: stack.databaseUrl } },
  );
  return sensitive(stdout.trim(), "partner API key");
}
const partner = async (body: unknown, key: string) => {
  const res = await fetch(`${stack.gatewayOrigin}/partner/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { data?: unknown; errors?: { path?: string[]; extensions?: { code?: string } }[] };
};

beforeAll(async () => {
  stack = await startStack();
  for (const p of PEOPLE.filter((q) => q !== "anonymous")) {
    const input = p === "owner" ? `{ displayName: "Owner", profileVisibility: PRIVATE }` : `{ displayName: "Other" }`;
    const r = await run(p, `mutation { updateProfile(input: ${input}) { id } }`);
    expect(r.body.errors).toBeUndefined();
  }
  // The owner is on Plus from the first cell: User.insights needs LEARNING_INSIGHTS, and the
  // mutations' BEFORE steps leave the owner subscribed again for the second visibility.
  await subscribeToPlan(stack, (q) => run("owner", q).then((r) => r.body), OWNER, FAKE_STRIPE_PRICES.plus);
  await waitFor(
    async () => {
      const r = await run("owner", `{ me { notifications(first: 1) { edges { node { id } } } } }`);
      notification = r.body.data?.me?.notifications.edges[0]?.node.id;
      return Boolean(notification);
    },
    20_000,
    "the owner's welcome notification",
  );
  const course = (await run("anonymous", `{ lesson(id: "${LESSON}") { course { id } } }`)).body.data!.lesson.course.id as string;
  args = {
    "Query.character(id:)": `"${CHARACTER}"`,
    "Query.lesson(id:)": `"${LESSON}"`,
    "Query.course(id:)": `"${course}"`,
    "Query.user(id:)": `"${OWNER}"`,
    "Subscription.lessonActivity(courseId:)": `"${course}"`,
    "Query.experimentResults(key:)": `"plans-page-headline"`,
    "User.experimentVariant(key:)": `"plans-page-headline"`,
    ...Object.fromEntries(FIELDS.filter((f) => f.endsWith("AuditTrail")).map((f) => [`${f}(targetId:)`, `"${OWNER}"`])),
    ...Object.fromEntries(
      FIELDS.filter((f) => f.endsWith("Report")).map((f) => [
        `${f}(range:)`,
        `{ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }`,
      ]),
    ),
  };
}, 120_000);
afterAll(() => stack?.stop());

/** The coordinates `p` read, as the owner's profile stands now. */
async function readsOf(p: Person): Promise<Set<string>> {
  const read = new Set<string>();
  const query = FIELDS.filter((f) => ofType(f)[0] !== "Mutation" && ofType(f)[0] !== "Subscription");
  // One request a cell: a refused non-null field nulls its parents, so batching would blur the attribution.
  const documents = query.map((coordinate) => {
    const [type, field] = ofType(coordinate);
    const reach = REACH[type];
    if (!isRoot(type) && !reach) throw new Error(`no way to reach the entity type ${type}: add it to the matrix's REACH`);
    const call = fieldCall(api.getType(type) as GraphQLObjectType, field, args);
    return { coordinate, document: isRoot(type) ? `{ ${call} }` : `{ ${reach(p)} { ${call} } }` };
  });
  await pooled(
    documents.map(({ coordinate, document }) => async () => {
      const r = await run(p, document);
      if (readCoordinates(api, document, r.body.data, r.body.errors).has(coordinate)) read.add(coordinate);
    }),
    4,
  );
  for (const [field, document] of Object.entries(MUTATIONS)) {
    if (p !== "anonymous") await BEFORE[field]?.(USERS[p]);
    const r = await run(p, document, document.includes("$notification") ? { notification } : undefined);
    if (readCoordinates(api, document, r.body.data, r.body.errors).has(`Mutation.${field}`)) read.add(`Mutation.${field}`);
  }
  for (const field of Object.keys(api.getSubscriptionType()?.getFields() ?? {}))
    if (await admitted(p, `subscription { ${fieldCall(api.getSubscriptionType()!, field, args)} }`)) read.add(`Subscription.${field}`);
  return read;
}

/** Whether the gateway admits the subscription: it joins the live hub, rather than an error or a closed socket. */
async function admitted(p: Person, query: string): Promise<boolean> {
  const token = tokenOf(p);
  const connection = connect(stack.gatewayUrl, token ? { authorization: `Bearer ${token}` } : {});
  const before = stack.gatewayLive!.hub.stats().members;
  const sub = subscribe(connection, query);
  try {
    await waitFor(() => Boolean(sub.error) || sub.completed || stack.gatewayLive!.hub.stats().members > before, 10_000, query);
    return !sub.error && !sub.completed && sub.results.every((r) => !r.errors);
  } finally {
    await connection.dispose();
    await waitFor(() => stack.gatewayLive!.hub.stats().members <= before, 10_000, "the subscription to leave");
  }
}

/** The coordinates partner keys read through the persisted operations: with each operation's scopes, and with the others. */
async function partnerReads(): Promise<Record<"partner" | "partnerWithoutScope", Set<string>>> {
  const out = { partner: new Set<string>(), partnerWithoutScope: new Set<string>() };
  const operations = partnerOperations(loadManifest(path.join(SCHEMA_DIR, "persisted", "partner.json")));
  const known = [...new Set([...operations.values()].flatMap((op) => op.scopes))];
  const keys = new Map<string, string>();
  const keyFor = async (scopes: string[]) => {
    const name = scopes.sort().join(",");
    if (!keys.has(name)) keys.set(name, await partnerKey(scopes));
    return keys.get(name)!;
  };
  for (const op of operations.values()) {
    const variables = PARTNER_VARIABLES[op.name];
    if (!variables) throw new Error(`no variables for the partner operation ${op.name}: add them to PARTNER_VARIABLES`);
    const without = known.filter((s) => !op.scopes.includes(s));
    if (!without.length) throw new Error(`${op.name} needs every scope, so no key can lack it`);
    for (const [principal, scopes] of [
      ["partner", op.scopes],
      ["partnerWithoutScope", without],
    ] as const) {
      const r = await partner({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: op.id } } }, await keyFor([...scopes]));
      for (const c of readCoordinates(api, op.body, r.data, r.errors)) out[principal].add(c);
    }
  }
  // Partners run nothing but the manifest: an arbitrary document is refused, whatever the key's scopes.
  const arbitrary = await partner({ query: `{ courses(first: 1) { edges { node { id } } } }` }, await keyFor(known));
  expect(arbitrary.data ?? null).toBeNull();
  expect(arbitrary.errors?.length).toBeGreaterThan(0);
  return out;
}

it("declares every field of the matrix, and nothing else", () => {
  expect(FIELDS.length).toBeGreaterThan(0);
  expect(declarationGaps(FIELDS, declared)).toEqual({ missing: [], stale: [] });
});

it("every cell reads exactly what schema/authorization.yaml declares", async () => {
  const leaks: string[] = [];
  const overRestrictions: string[] = [];
  let allowed = 0;
  let denied = 0;
  for (const visibility of VISIBILITIES) {
    if (visibility !== "PRIVATE") await setVisibility(stack, OWNER, visibility);
    const reads: Partial<Record<Principal, Set<string>>> = { ...(await partnerReads()) };
    for (const p of PEOPLE) reads[p] = await readsOf(p);
    for (const coordinate of FIELDS)
      for (const p of PRINCIPALS) {
        const may = declared[coordinate]?.[visibility as Visibility].has(p) ?? false;
        const did = reads[p]!.has(coordinate);
        if (did) allowed++;
        else denied++;
        if (did && !may) leaks.push(`${visibility} ${p} read ${coordinate}`);
        if (!did && may) overRestrictions.push(`${visibility} ${p} was refused ${coordinate}`);
      }
  }
  process.stdout.write(
    `authorization matrix: ${allowed + denied} cells (${FIELDS.length} fields × ${PRINCIPALS.length} principals × ${VISIBILITIES.length} visibilities), ` +
      `${allowed} allowed, ${denied} denied, ${leaks.length} leaks, ${overRestrictions.length} over-restrictions\n`,
  );
  expect({ leaks, overRestrictions }).toEqual({ leaks: [], overRestrictions: [] });
}, 120_000);
