import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { Character } from "./character.stub";

export enum ReviewState {
  NEW = "NEW",
  LEARNING = "LEARNING",
  REVIEW = "REVIEW",
  RELEARNING = "RELEARNING",
}
registerEnumType(ReviewState, { name: "ReviewState" });
export const FSRS_STATES = [ReviewState.NEW, ReviewState.LEARNING, ReviewState.REVIEW, ReviewState.RELEARNING];

/** One character in one learner's spaced-repetition deck, with its FSRS card state. */
@ObjectType("ReviewItem")
@Entity({ name: "review_cards" })
@Index("IDX_review_cards_user_due", ["userId", "due"])
export class ReviewCard {
  @PrimaryColumn({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Field(() => ID, { name: "id", description: "The character's id; a learner has one card per character." })
  @PrimaryColumn({ name: "character_id", type: "varchar", length: 32 })
  characterId!: string;

  @Field(() => Character)
  get character(): Character {
    return Object.assign(new Character(), { id: this.characterId });
  }

  @Column({ name: "lesson_id", type: "varchar", length: 64, nullable: true })
  lessonId!: string | null;

  @Field({ description: "When the card is next due." })
  @Column({ type: "timestamptz" })
  due!: Date;

  @Field(() => Float)
  @Column({ type: "double precision" })
  stability!: number;

  @Field(() => Float)
  @Column({ type: "double precision" })
  difficulty!: number;

  @Column({ name: "elapsed_days", type: "int" })
  elapsedDays!: number;

  @Column({ name: "scheduled_days", type: "int" })
  scheduledDays!: number;

  @Column({ name: "learning_steps", type: "int" })
  learningSteps!: number;

  @Field(() => Int)
  @Column({ type: "int" })
  reps!: number;

  @Field(() => Int)
  @Column({ type: "int" })
  lapses!: number;

  @Column({ type: "int" })
  state!: number;

  @Field(() => ReviewState)
  get reviewState(): ReviewState {
    return FSRS_STATES[this.state] ?? ReviewState.NEW;
  }

  @Field(() => Date, { nullable: true })
  @Column({ name: "last_review", type: "timestamptz", nullable: true })
  lastReview!: Date | null;
}

@Entity({ name: "review_logs" })
@Index("IDX_review_logs_user_reviewed", ["userId", "reviewedAt"])
export class ReviewLog {
  @PrimaryColumn({ type: "bigint", generated: "increment" })
  id!: string;

  @Column({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ name: "character_id", type: "varchar", length: 32 })
  characterId!: string;

  @Column({ type: "int" })
  rating!: number;

  @Column({ type: "int" })
  state!: number;

  @Column({ name: "reviewed_at", type: "timestamptz" })
  reviewedAt!: Date;
}
