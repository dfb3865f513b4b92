import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";

export enum LessonKind {
  KANA = "KANA",
  KANJI = "KANJI",
  VOCABULARY = "VOCABULARY",
}
registerEnumType(LessonKind, { name: "LessonKind" });

@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ name: "lessons" })
export class Lesson {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 64 })
  id!: string;

  @Index("IDX_lessons_course_id")
  @Column({ name: "course_id", type: "varchar", length: 64 })
  courseId!: string;

  @Index("IDX_lessons_unit_id")
  @Column({ name: "unit_id", type: "varchar", length: 64 })
  unitId!: string;

  @Field()
  @Column({ type: "varchar", length: 120 })
  title!: string;

  @Field(() => LessonKind)
  @Column({ type: "varchar", length: 16 })
  kind!: LessonKind;

  @Field(() => Int, { description: "Order within its course." })
  @Column({ type: "int" })
  position!: number;

  /** Global order across courses; the keyset for lesson lists. */
  @Column({ name: "sort_key", type: "int" })
  sortKey!: number;

  @Field(() => String, { nullable: true, description: "Narration audio, when the lesson has it." })
  @Column({ name: "audio_url", type: "varchar", length: 2048, nullable: true })
  audioUrl!: string | null;

  @Field(() => String, { nullable: true, description: "Explainer video, when the lesson has it." })
  @Column({ name: "video_url", type: "varchar", length: 2048, nullable: true })
  videoUrl!: string | null;

  @Column({ name: "character_ids", type: "text", array: true, default: () => "'{}'" })
  characterIds!: string[];

  @Column({ name: "vocabulary_ids", type: "text", array: true, default: () => "'{}'" })
  vocabularyIds!: string[];
}
