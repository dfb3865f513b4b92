import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The content subgraph's Course, extended here with the learner's progress through it. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Course {
  @Field(() => ID)
  id!: string;

  @Directive("@external")
  @Field(() => [ID], { description: "The course's lesson ids in course order, owned by the content subgraph." })
  lessonIds!: string[];
}
