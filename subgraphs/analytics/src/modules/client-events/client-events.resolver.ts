import { audited, UnauthenticatedError } from "@learnloop/kit";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { AnalyticsContext } from "../../context";
import { recordEvents } from "../tracking/tracking.store";
import { ClientEventInput, TrackResult } from "./client-events.inputs";
import { clientEventRows } from "./client-events.service";

@Resolver()
export class ClientEventsResolver {
  @Mutation(() => TrackResult, {
    description:
      "Stores the signed-in learner's client events (1 to 50 a call): SCREEN_VIEW with a screen, SESSION_START, SESSION_END with durationSeconds, " +
      "each at most a minute ahead and 7 days old. One bad event refuses the batch with BAD_USER_INPUT naming its index.",
  })
  track(@Arg("events", () => [ClientEventInput]) events: ClientEventInput[], @Ctx() ctx: AnalyticsContext): Promise<TrackResult> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    const rows = clientEventRows(userId, events);
    // The audit row names counts and types, never screens (what a learner looked at).
    return audited(
      ctx,
      "track",
      async (tx) => ({ accepted: await recordEvents(tx, rows) }),
      (r) => ({ targetType: "User", targetIds: [userId], changes: { accepted: r.accepted, types: [...new Set(rows.map((e) => e.type))] } }),
    );
  }
}
