import { Field, Float, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { Lesson } from "./lesson.stub";

@ObjectType({ description: "The signed-in learner's record of one lesson." })
@Entity({ name: "lesson_completions" })
export class LessonCompletion {
  @PrimaryColumn({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @PrimaryColumn({ name: "lesson_id", type: "varchar", length: 64 })
  lessonId!: string;

  @Field(() => Lesson)
  get lesson(): Lesson {
    return Object.assign(new Lesson(), { id: this.lessonId });
  }

  @Field()
  @Column({ name: "first_completed_at", type: "timestamptz" })
  firstCompletedAt!: Date;

  @Field()
  @Column({ name: "last_completed_at", type: "timestamptz" })
  lastCompletedAt!: Date;

  @Field(() => Int)
  @Column({ name: "times_completed", type: "int" })
  timesCompleted!: number;

  @Field(() => Float, { description: "Best score, 0 to 1." })
  @Column({ name: "best_score", type: "real" })
  bestScore!: number;
}
