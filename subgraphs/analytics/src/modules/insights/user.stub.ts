import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The users subgraph's User, extended here with learning insights. */
@Directive('@key(fields: "id")')
@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;

  @Directive("@external")
  @Field({ description: "IANA time zone, owned by the users subgraph." })
  timezone!: string;
}

export function resolveUserReference(ref: { id: string; timezone?: string }): User {
  return Object.assign(new User(), ref);
}
