import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Learning preferences, private to the user." })
export class UserSettings {
  @Field(() => Int, { description: "XP the learner aims for each day." })
  dailyGoalXp!: number;

  @Field({ description: "Show romaji next to kana." })
  showRomaji!: boolean;

  @Field({ description: "Play lesson audio without a tap." })
  autoplayAudio!: boolean;
}

export const DEFAULT_SETTINGS: UserSettings = { dailyGoalXp: 30, showRomaji: true, autoplayAudio: true };
