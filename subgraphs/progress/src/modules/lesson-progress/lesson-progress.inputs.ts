import { ArrayMaxSize, IsOptional, Length, Matches, Max, Min } from "class-validator";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { User } from "../learner/user.stub";
import { LessonCompletion } from "./lesson-completion.entity";

export const CHARACTER_ID = /^c-[0-9a-f]+(-[0-9a-f]+)*$/;

@InputType()
export class CompleteLessonInput {
  @Field(() => ID)
  @Length(1, 64)
  lessonId!: string;

  @Field(() => Float, { nullable: true, description: "Score from 0 to 1; defaults to 1." })
  @IsOptional()
  @Min(0)
  @Max(1)
  score?: number;

  @Field(() => [ID], {
    nullable: true,
    description: "Characters the lesson taught, each one of the lesson's own; they join the review queue. Omitted: none are added.",
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(CHARACTER_ID, { each: true, message: "each learned character id must be a Character id such as c-65e5" })
  learnedCharacterIds?: string[];
}

@ObjectType()
export class CompleteLessonPayload {
  @Field(() => LessonCompletion)
  completion!: LessonCompletion;

  @Field(() => Int)
  xpAwarded!: number;

  @Field({ description: "True when this completion raised the learner's level." })
  leveledUp!: boolean;

  @Field(() => Int, { description: "Characters newly added to the review queue." })
  newReviewItems!: number;

  @Field(() => User)
  user!: User;
}
