import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The content subgraph's Lesson, extended here with the learner's progress. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Lesson {
  @Field(() => ID)
  id!: string;
}
