import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The users subgraph's User, extended here with the user's notifications. */
@Directive('@key(fields: "id")')
@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;
}

export function resolveUserReference(ref: { id: string }): User {
  return Object.assign(new User(), { id: ref.id });
}
