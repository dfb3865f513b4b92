import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";

@ObjectType({ description: "The variant of an experiment a learner is in." })
export class ExperimentAssignment {
  @Field({ description: "The experiment's key, such as plans-page-headline." })
  experiment!: string;

  @Field({ description: "The variant to show, such as control or benefits; control when the experiment is not running." })
  variant!: string;
}

export enum ExperimentStatus {
  RUNNING = "RUNNING",
  STOPPED = "STOPPED",
}
registerEnumType(ExperimentStatus, { name: "ExperimentStatus", description: "Whether an experiment assigns and exposes learners now." });

@ObjectType({ description: "A confidence interval for a proportion." })
export class ConfidenceInterval {
  @Field(() => Float, { description: "Lower bound, 0 to 1." })
  lower!: number;

  @Field(() => Float, { description: "Upper bound, 0 to 1." })
  upper!: number;

  @Field(() => Float, { description: "Confidence level, such as 0.95." })
  level!: number;
}

@ObjectType({ description: "One variant's exposures and conversions, with its comparison against the control." })
export class VariantResult {
  @Field({ description: "The variant's name; the first variant listed is the control." })
  variant!: string;

  @Field(() => Float, { description: "The variant's share of assignments, 0 to 1, from the configured weights." })
  share!: number;

  @Field(() => Int, { description: "Users shown this variant (each once)." })
  exposures!: number;

  @Field(() => Int, { description: "Of those, users with the conversion event at or after their exposure." })
  conversions!: number;

  @Field(() => Float, { nullable: true, description: "conversions / exposures; null without exposures." })
  rate!: number | null;

  @Field(() => ConfidenceInterval, { nullable: true, description: "The 95% Wilson score interval of the rate; null without exposures." })
  interval!: ConfidenceInterval | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "The pooled two-proportion z statistic against the control (positive: above it); null for the control or an arm without exposures.",
  })
  zScore!: number | null;

  @Field(() => Float, { nullable: true, description: "The test's two-sided p-value; null where zScore is." })
  pValue!: number | null;

  @Field({ description: "pValue < alpha: the difference from the control is significant at the experiment's alpha." })
  significant!: boolean;
}

@ObjectType({ description: "An experiment's results so far, by variant." })
export class ExperimentResults {
  @Field({ description: "The experiment's key." })
  experiment!: string;

  @Field({ description: "What the experiment tests." })
  description!: string;

  @Field(() => ExperimentStatus, { description: "Running or stopped, as configured." })
  status!: ExperimentStatus;

  @Field({ description: "The stored event type that counts as a conversion, such as entitlements.changed." })
  conversionEvent!: string;

  @Field(() => Float, { description: "The significance level of the tests, 0.05." })
  alpha!: number;

  @Field(() => [VariantResult], { description: "Every configured variant, the control first, with zeros where none was exposed." })
  variants!: VariantResult[];
}
