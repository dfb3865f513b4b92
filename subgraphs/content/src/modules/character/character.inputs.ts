import { IsInt, IsOptional, Length, Max, Min } from "class-validator";
import { Field, InputType, Int } from "type-graphql";
import { CharacterKind } from "./character.entity";

@InputType()
export class CharacterFilter {
  @Field(() => CharacterKind, { nullable: true })
  kind?: CharacterKind;

  @Field(() => Int, { nullable: true, description: "JLPT level, 5 to 1." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  jlptLevel?: number;

  @Field({ nullable: true, description: "Matches the character, its readings (kana or romaji) or meanings." })
  @IsOptional()
  @Length(1, 64)
  search?: string;
}
