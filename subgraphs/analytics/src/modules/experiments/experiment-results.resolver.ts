import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { AnalyticsContext } from "../../context";
import { resultsOf } from "./experiments.service";
import { ExperimentResults } from "./experiments.types";

@Resolver()
export class ExperimentResultsResolver {
  @Query(() => ExperimentResults, {
    description:
      "An experiment's exposures and conversions by variant, each rate with its 95% Wilson interval and a two-proportion z-test " +
      "against the control. Staff and admins only; an unknown key is NOT_FOUND.",
  })
  experimentResults(@Arg("key") key: string, @Ctx() ctx: AnalyticsContext): Promise<ExperimentResults> {
    return resultsOf(ctx.manager, ctx.services.experiments, key);
  }
}
