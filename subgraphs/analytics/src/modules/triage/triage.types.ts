import { ConnectionType } from "@learnloop/kit";
import { Max, Min } from "class-validator";
import { ArgsType, Field, Float, Int, ObjectType } from "type-graphql";
import { User } from "../insights/user.stub";

@ObjectType({ description: "One triage rule that fired for a learner." })
export class StruggleReason {
  @Field({ description: "The rule's id in the triage configuration, such as streak-broken or stopped-after-signup." })
  rule!: string;

  @Field({ description: "What the rule saw, in words for staff." })
  explanation!: string;

  @Field(() => Float, { description: "What the rule measured (lapses, answers in a row, days)." })
  value!: number;

  @Field(() => Float, { description: "The configured threshold the value reached." })
  threshold!: number;
}

@ObjectType({ description: "A learner the triage rules flagged as struggling: their latest flag." })
export class StrugglingLearner {
  @Field(() => User, { description: "The learner (resolved by the users subgraph)." })
  user!: User;

  @Field(() => Float, { description: "The sum of the weights of the rules that fired; higher is more worrying." })
  score!: number;

  @Field(() => [StruggleReason], { description: "The rules that fired, with their values and thresholds." })
  reasons!: StruggleReason[];

  @Field({ description: "When the learner was flagged." })
  flaggedAt!: Date;
}

export const StrugglingLearnerConnection = ConnectionType(StrugglingLearner, "StrugglingLearner");

@ArgsType()
export class StrugglingLearnersArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: "Learners after `after`, 1 to 100." })
  @Min(1)
  @Max(100)
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the page before." })
  after?: string | null;
}
