import { ConnectionArgs } from "@learnloop/kit";
import { IsBoolean, IsOptional } from "class-validator";
import { ArgsType, Field } from "type-graphql";

@ArgsType()
export class NotificationsArgs extends ConnectionArgs {
  @Field({ nullable: true, defaultValue: false, description: "Only notifications not yet read." })
  @IsOptional()
  @IsBoolean()
  unreadOnly?: boolean;
}
