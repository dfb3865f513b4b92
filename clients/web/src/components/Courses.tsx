import type { CourseLessonsQuery } from "../generated/graphql";
import { useCourseLessonsQuery, useCoursesQuery } from "../generated/hooks";
import { courseHref, lessonHref } from "../routing";
import { ErrorBox } from "./ErrorBox";

type LessonNode = CourseLessonsQuery["lessons"]["edges"][number]["node"];

/** Lessons in course order, grouped by their unit. */
function byUnit(lessons: LessonNode[]) {
  const units = new Map<string, { title: string; lessons: LessonNode[] }>();
  for (const lesson of lessons) {
    const unit = units.get(lesson.unit.id) ?? { title: lesson.unit.title, lessons: [] };
    unit.lessons.push(lesson);
    units.set(lesson.unit.id, unit);
  }
  return [...units.entries()];
}

function CourseLessons({ courseId }: { courseId: string }) {
  const { data, loading, error } = useCourseLessonsQuery({ variables: { courseId } });
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <p>Loading lessons…</p>;
  return (
    <>
      {byUnit(data.lessons.edges.map((e) => e.node)).map(([unitId, unit]) => (
        <div key={unitId}>
          <h4>{unit.title}</h4>
          <ul>
            {unit.lessons.map((lesson) => (
              <li key={lesson.id}>
                <a href={lessonHref(lesson.id)} data-testid={`lesson-link-${lesson.id}`}>
                  {lesson.title}
                </a>
                {lesson.completedByMe && <span title="completed"> ✓</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** The course list; the chosen course (the first by default) shows its lessons. */
export function Courses({ selected }: { selected?: string }) {
  const { data, loading, error } = useCoursesQuery();
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <p>Loading courses…</p>;
  const courses = data.courses.edges.map((e) => e.node);
  const course = courses.find((c) => c.id === selected) ?? courses[0];
  return (
    <section>
      <h2>Courses</h2>
      <nav className="course-tabs">
        {courses.map((c) => (
          <a key={c.id} href={courseHref(c.id)} data-testid={`course-link-${c.id}`} aria-current={c.id === course?.id}>
            {c.title}
          </a>
        ))}
      </nav>
      {course && (
        <article className="course">
          <h3>{course.title}</h3>
          <p>{course.description}</p>
          <CourseLessons courseId={course.id} />
        </article>
      )}
    </section>
  );
}
