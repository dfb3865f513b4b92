import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";

@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ name: "courses" })
export class Course {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 64 })
  id!: string;

  @Field()
  @Column({ type: "varchar", length: 120 })
  title!: string;

  @Field()
  @Column({ type: "text" })
  description!: string;

  @Field(() => Int)
  @Column({ type: "int" })
  position!: number;
}

@ObjectType()
@Entity({ name: "units" })
export class Unit {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 64 })
  id!: string;

  @Column({ name: "course_id", type: "varchar", length: 64 })
  courseId!: string;

  @Field()
  @Column({ type: "varchar", length: 120 })
  title!: string;

  @Field(() => Int)
  @Column({ type: "int" })
  position!: number;
}
