import { allow, isAuthenticated, type IRules } from "@learnloop/kit";

/** Deny by default: every type and field is named. A learner tracks only their own events. */
export const permissions: IRules = {
  Mutation: { track: isAuthenticated },
  TrackResult: allow,
};
