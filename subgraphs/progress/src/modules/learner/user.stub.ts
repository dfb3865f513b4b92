import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The users subgraph's User, extended here with learning progress. */
@Directive('@key(fields: "id")')
@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;

  @Directive("@external")
  @Field({ description: "IANA time zone, owned by the users subgraph." })
  timezone!: string;
}
