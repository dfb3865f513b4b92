import { ConnectionArgs, ConnectionType, NotFoundError, paginate } from "@learnloop/kit";
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { ContentContext } from "../../context";
import { Lesson } from "../lesson/lesson.entity";
import { LessonConnection } from "../lesson/lesson.resolver";
import { LessonService } from "../lesson/lesson.service";
import { Course, Unit } from "./course.entity";

const CourseConnection = ConnectionType(Course, "Course");

@Resolver(() => Course)
export class CourseResolver {
  @Query(() => CourseConnection)
  courses(@Args() args: ConnectionArgs, @Ctx() ctx: ContentContext) {
    const qb = ctx.db.dataSource.getRepository(Course).createQueryBuilder("c");
    return paginate(qb, args, { sortColumn: "c.position", idColumn: "c.id", sortValue: (c) => c.position, idValue: (c) => c.id });
  }

  @Query(() => Course)
  async course(@Arg("id", () => ID) id: string, @Ctx() ctx: ContentContext): Promise<Course> {
    const course = await ctx.loaders.courseById.load(id);
    if (!course) throw new NotFoundError("Course", id);
    return course;
  }

  @FieldResolver(() => [Unit])
  units(@Root() course: Course, @Ctx() ctx: ContentContext): Promise<Unit[]> {
    return ctx.loaders.unitsByCourseId.load(course.id);
  }

  @FieldResolver(() => [ID], { description: "The ids of the course's lessons, in course order." })
  async lessonIds(@Root() course: Course, @Ctx() ctx: ContentContext): Promise<string[]> {
    return (await ctx.loaders.lessonKeysByCourseId.load(course.id)).map((l) => l.id);
  }

  @FieldResolver(() => LessonConnection)
  lessons(@Root() course: Course, @Args() args: ConnectionArgs, @Ctx() ctx: ContentContext) {
    return new LessonService(ctx.db.dataSource.manager).list(course.id, args);
  }
}

@Resolver(() => Unit)
export class UnitResolver {
  @FieldResolver(() => [Lesson])
  lessons(@Root() unit: Unit, @Ctx() ctx: ContentContext): Promise<Lesson[]> {
    return ctx.loaders.lessonsByUnitId.load(unit.id);
  }
}

export function resolveCourseReference(ref: { id: string }, ctx: ContentContext) {
  return ctx.loaders.courseById.load(ref.id);
}
