import { Field, Int, ObjectType } from "type-graphql";
import { Lesson } from "../lesson-progress/lesson.stub";

@ObjectType({ description: "The signed-in learner's progress through one course." })
export class CourseProgress {
  @Field(() => Int, { description: "Lessons of the course the learner has completed at least once." })
  lessonsCompleted!: number;

  @Field(() => Int, { description: "Lessons in the course." })
  lessonsTotal!: number;

  @Field(() => Lesson, { nullable: true, description: "The first lesson in course order not yet completed; null when all are done." })
  nextLesson!: Lesson | null;
}
