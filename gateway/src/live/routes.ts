/**
 * Which events feed which subscription root field, and who may receive them. The owning subgraph
 * completes the payload (ADR 0009); this table only routes. `owner`: the event's `userId` alone.
 * `public`: every signed-in subscriber, completed without a viewer so only public fields resolve.
 */
export interface LiveRoute {
  field: string;
  events: string[];
  audience: "owner" | "public";
}

export const LIVE_ROUTES: LiveRoute[] = [
  { field: "notificationAdded", events: ["notification.created"], audience: "owner" },
  { field: "progressUpdated", events: ["progress.updated"], audience: "owner" },
  { field: "lessonActivity", events: ["lesson.completed"], audience: "public" },
];

/** Every event the gateway consumes, for the contract cross-check and the AsyncAPI document. */
export const LIVE_EVENTS = [...new Set(LIVE_ROUTES.flatMap((r) => r.events))];
