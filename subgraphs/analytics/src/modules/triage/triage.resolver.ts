import { BadUserInputError, decodeCursor, encodeCursor, type Connection } from "@learnloop/kit";
import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { AnalyticsContext } from "../../context";
import { User } from "../insights/user.stub";
import { listFlags, type FlagCursor, type StruggleFlag } from "./triage.store";
import { StrugglingLearner, StrugglingLearnerConnection, StrugglingLearnersArgs } from "./triage.types";

/** The kit's cursors hold two values: the score, and the flag time with the user id (ISO time, then the id). */
const cursorOf = (flag: StruggleFlag) => encodeCursor([flag.score, `${flag.flaggedAt.toISOString()} ${flag.userId}`]);

function readCursor(after: string): FlagCursor {
  const decoded = decodeCursor(after);
  const [score, rest] = decoded ?? [];
  const space = typeof rest === "string" ? rest.indexOf(" ") : -1;
  const flaggedAt = space > 0 ? new Date((rest as string).slice(0, space)) : null;
  if (typeof score !== "number" || !flaggedAt || Number.isNaN(flaggedAt.getTime()))
    throw new BadUserInputError("Invalid cursor.", { field: "after" });
  return { score, flaggedAt, userId: (rest as string).slice(space + 1) };
}

@Resolver()
export class TriageResolver {
  @Query(() => StrugglingLearnerConnection, {
    description: "Learners the triage rules flagged, highest score first, then the latest flag. Staff and admins only.",
  })
  async strugglingLearners(@Args() args: StrugglingLearnersArgs, @Ctx() ctx: AnalyticsContext): Promise<Connection<StrugglingLearner>> {
    const after = args.after ? readCursor(args.after) : null;
    const size = args.first ?? 20;
    const rows = await listFlags(ctx.manager, size + 1, after);
    const page = rows.slice(0, size);
    const edges = page.map((flag) => ({
      cursor: cursorOf(flag),
      node: {
        user: Object.assign(new User(), { id: flag.userId }),
        score: flag.score,
        reasons: flag.reasons,
        flaggedAt: flag.flaggedAt,
      },
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
