import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

/** The client events the API accepts; each maps to a stored type `client.<lower case>`. */
export enum ClientEventType {
  SCREEN_VIEW = "SCREEN_VIEW",
  SESSION_START = "SESSION_START",
  SESSION_END = "SESSION_END",
}
registerEnumType(ClientEventType, { name: "ClientEventType", description: "What a client reports of a learner's use of it." });

@InputType({ description: "One event a client saw. Checked by track: see its description." })
export class ClientEventInput {
  @Field(() => ClientEventType)
  type!: ClientEventType;

  @Field({ description: "ISO 8601 with a zone, such as 2026-12-01T18:00:00.000Z: at most a minute ahead, at most 7 days old." })
  occurredAt!: string;

  @Field(() => String, {
    nullable: true,
    description: "SCREEN_VIEW only, and required there: the screen's name, 1 to 100 of letters, digits and `_ . / -`.",
  })
  screen?: string | null;

  @Field(() => Int, { nullable: true, description: "SESSION_END only, and required there: the session's length in seconds, 0 to 86400." })
  durationSeconds?: number | null;
}

@ObjectType({ description: "What track stored." })
export class TrackResult {
  @Field(() => Int, { description: "Events stored: all of those sent (a batch is accepted whole or refused)." })
  accepted!: number;
}
