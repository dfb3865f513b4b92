import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The content subgraph's Lesson, only referenced here: content resolves its title and the rest. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class Lesson {
  @Field(() => ID)
  id!: string;
}
