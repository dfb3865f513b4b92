import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";

export enum CharacterKind {
  HIRAGANA = "HIRAGANA",
  KATAKANA = "KATAKANA",
  KANJI = "KANJI",
}
registerEnumType(CharacterKind, { name: "CharacterKind" });

@Directive('@key(fields: "id")')
@ObjectType({ description: "A kana or kanji with its readings and meanings (KANJIDIC, EDRDG, CC BY-SA)." })
@Entity({ name: "characters" })
@Index("characters_order", ["position", "id"])
export class Character {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 32 })
  id!: string;

  @Field({ description: "The character itself, e.g. 日." })
  @Index("IDX_characters_literal", { unique: true })
  @Column({ type: "varchar", length: 8 })
  literal!: string;

  @Field(() => CharacterKind)
  @Column({ type: "varchar", length: 16 })
  kind!: CharacterKind;

  @Field(() => String, { nullable: true, description: "Romaji, for kana." })
  @Column({ type: "varchar", length: 16, nullable: true })
  romaji!: string | null;

  @Field(() => [String], { description: "On'yomi in katakana." })
  @Column({ name: "on_readings", type: "text", array: true, default: () => "'{}'" })
  onReadings!: string[];

  @Field(() => [String], { description: "Kun'yomi in hiragana; '.' marks okurigana." })
  @Column({ name: "kun_readings", type: "text", array: true, default: () => "'{}'" })
  kunReadings!: string[];

  @Field(() => [String], { description: "English meanings." })
  @Column({ type: "text", array: true, default: () => "'{}'" })
  meanings!: string[];

  @Field(() => Int, { nullable: true })
  @Column({ name: "stroke_count", type: "int", nullable: true })
  strokeCount!: number | null;

  @Field(() => Int, { nullable: true, description: "JLPT level, 5 (easiest) to 1." })
  @Column({ name: "jlpt_level", type: "int", nullable: true })
  jlptLevel!: number | null;

  @Field(() => Int, { nullable: true, description: "Japanese school grade (1-6, 8 for secondary school)." })
  @Column({ type: "int", nullable: true })
  grade!: number | null;

  @Field(() => Int, { nullable: true, description: "Rank among the 2,500 most used kanji in newspapers." })
  @Column({ type: "int", nullable: true })
  frequency!: number | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "SVG path `d` strings of the strokes in stroke order, for a viewBox of 0 0 109 109 (KanjiVG, Ulrich Apel, CC BY-SA 3.0, http://kanjivg.tagaini.net). Held for every character a lesson teaches; null when there are none.",
  })
  @Column({ type: "text", array: true, nullable: true })
  strokes!: string[] | null;

  /** Learning order: kana table order, then kanji by JLPT level and frequency. */
  @Column({ type: "int" })
  position!: number;

  /** Literal, romaji, readings in both kana and romaji, and meanings, lower-cased, for search. */
  @Column({ name: "search_text", type: "text" })
  searchText!: string;
}
