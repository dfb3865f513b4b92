import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The content subgraph's Lesson, only referenced here: its title comes from content, in the reader's language. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class Lesson {
  @Field(() => ID)
  id!: string;
}
