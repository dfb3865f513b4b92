import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The content subgraph's Character; progress only refers to it by key. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class Character {
  @Field(() => ID)
  id!: string;
}
