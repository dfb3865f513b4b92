import { paginate, type Connection, type ConnectionArgs } from "@learnloop/kit";
import { In, type EntityManager } from "typeorm";
import { Lesson } from "./lesson.entity";

export class LessonService {
  constructor(private readonly manager: EntityManager) {}

  findByIds(ids: readonly string[]): Promise<Lesson[]> {
    return this.manager.getRepository(Lesson).findBy({ id: In([...ids]) });
  }

  findByUnitIds(unitIds: readonly string[]): Promise<Lesson[]> {
    return this.manager.getRepository(Lesson).find({ where: { unitId: In([...unitIds]) }, order: { position: "ASC" } });
  }

  /** The lessons of these courses in course order, with only their id, course and order: one statement. */
  keysByCourseIds(courseIds: readonly string[]): Promise<Pick<Lesson, "id" | "courseId" | "sortKey">[]> {
    return this.manager.getRepository(Lesson).find({
      select: { id: true, courseId: true, sortKey: true },
      where: { courseId: In([...courseIds]) },
      order: { sortKey: "ASC", id: "ASC" },
    });
  }

  list(courseId: string | undefined, args: ConnectionArgs): Promise<Connection<Lesson>> {
    const qb = this.manager.getRepository(Lesson).createQueryBuilder("l");
    if (courseId) qb.andWhere("l.course_id = :courseId", { courseId });
    return paginate(qb, args, { sortColumn: "l.sort_key", idColumn: "l.id", sortValue: (l) => l.sortKey, idValue: (l) => l.id });
  }
}
