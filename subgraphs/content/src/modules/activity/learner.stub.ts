import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The users subgraph's User, only referenced here: content stores nothing about people. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType("User")
export class Learner {
  @Field(() => ID)
  id!: string;
}
