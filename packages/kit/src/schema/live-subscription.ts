import { createParameterDecorator, Subscription, type PubSub } from "type-graphql";
import { AppError } from "../errors/app-error";
import type { EventEnvelope } from "../events/envelope";

/**
 * Where the gateway puts the event a subscription field is completed from, in the extensions of
 * the request it sends the owning subgraph. See ADR 0009: the gateway consumes the events and
 * runs the query plan; a subgraph never holds a stream open.
 */
export const LIVE_EVENT_EXTENSION = "learnloopLiveEvent";

/** The context field the kit fills from that extension, for subscription operations only. */
export interface LiveEventContext {
  liveEvent?: EventEnvelope<unknown>;
}

/**
 * A Subscription root field whose events come from the event backbone through the gateway. Its
 * method runs once per event (with `@LiveEvent()`), like a query field, and returns the payload;
 * null means "this event is not for this subscription" and the gateway sends nothing.
 */
type SubscriptionArgs = Parameters<typeof Subscription>;
export function LiveSubscription(
  returnType: Extract<SubscriptionArgs[0], (...args: never[]) => unknown>,
  options: { description?: string; nullable?: boolean } = {},
): MethodDecorator {
  return Subscription(returnType, {
    ...options,
    subscribe: () => {
      throw new AppError("SUBSCRIPTION_VIA_GATEWAY", "Subscribe through the gateway, over graphql-ws.");
    },
  });
}

/** The event being delivered, as the gateway passed it. */
export function LiveEvent() {
  return createParameterDecorator<LiveEventContext>(({ context }) => {
    if (!context.liveEvent) throw new AppError("SUBSCRIPTION_VIA_GATEWAY", "Subscribe through the gateway, over graphql-ws.");
    return context.liveEvent;
  });
}

/** type-graphql wants a PubSub for subscription fields; ours never streams in a subgraph. */
export const noStreamingPubSub: PubSub = {
  publish(): void {
    throw new Error("subgraphs do not publish subscription events; the event backbone does");
  },
  subscribe(): never {
    throw new AppError("SUBSCRIPTION_VIA_GATEWAY", "Subscribe through the gateway, over graphql-ws.");
  },
};
