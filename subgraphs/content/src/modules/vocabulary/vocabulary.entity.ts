import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";

@ObjectType({ description: "A word (EDICT, EDRDG, CC BY-SA)." })
@Entity({ name: "vocabulary" })
export class Vocabulary {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 32 })
  id!: string;

  @Field({ description: "The word as usually written." })
  @Column({ type: "varchar", length: 64 })
  written!: string;

  @Field({ description: "Reading in kana." })
  @Column({ type: "varchar", length: 64 })
  reading!: string;

  @Field()
  @Column({ type: "varchar", length: 128 })
  romaji!: string;

  @Field(() => [String])
  @Column({ type: "text", array: true })
  meanings!: string[];

  @Field(() => Int, { nullable: true, description: "The hardest JLPT level among its kanji; null for kana-only words." })
  @Column({ name: "jlpt_level", type: "int", nullable: true })
  jlptLevel!: number | null;

  @Column({ type: "int" })
  position!: number;

  @Column({ name: "search_text", type: "text" })
  searchText!: string;
}
