import type { EventEnvelope, Feature, GraphQLMediaType, Plan, RequestContext } from "@learnloop/kit/internal";
import type { Caller } from "./rate-limit/plans";

/** What the gateway knows of a request; the W3C trace is continued from the client or started here. */
export type GatewayContext = Omit<RequestContext, "logger" | "plan" | "features"> & {
  /** The signed-in caller's plan and features from billing (the entitlements cache, or one lookup on a miss); signed into every fetch. */
  plan?: Plan;
  features?: readonly Feature[];
  traceparent?: string;
  /** What an HTTP request's response is sent in (the kit's responseMediaType); unset over graphql-ws. */
  responseMediaType?: GraphQLMediaType;
  /** Set while a subscription event is completed: the owning subgraph gets it with the primary fetch. */
  liveEvent?: EventEnvelope<unknown>;
  /** Set by the primary fetch when the owner declined the event (null root, no error). */
  liveDeclined?: boolean;
  /** The client's Idempotency-Key (already validated); signed into mutation fetches (ADR 0012). */
  idempotencyKey?: string;
  /** Set when a subgraph refused the key mid-operation: the later mutation fetches are not sent. */
  idempotencyRefused?: boolean;
  /** Root fields of the keyed mutation fetches a subgraph answered (so applied), as fetched. */
  appliedMutations?: Record<string, unknown>;
  /** Who the rate limits charge: expensive fields by its key, at its tier's budget (ADR 0025). */
  rateLimitCaller?: Caller;
};

const CLIENT_ID = /^(?!partner:)[A-Za-z0-9._:-]{1,128}$/;

/** A first-party client's self-chosen id (echo suppression, logs); `partner:` ids are the gateway's to give. */
export const firstPartyClientId = (value: unknown): string | undefined =>
  typeof value === "string" && CLIENT_ID.test(value) ? value : undefined;
