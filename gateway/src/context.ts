import type { EventEnvelope, RequestContext } from "@learnloop/kit";

/** What the gateway knows of a request; the W3C trace is continued from the client or started here. */
export type GatewayContext = Omit<RequestContext, "logger"> & {
  traceparent?: string;
  /** Set while a subscription event is completed: the owning subgraph gets it with the primary fetch. */
  liveEvent?: EventEnvelope<unknown>;
  /** Set by the primary fetch when the owner declined the event (null root, no error). */
  liveDeclined?: boolean;
};
