import { useCompleteLessonMutation, useLessonQuery } from "../generated/hooks";
import { courseHref } from "../routing";
import { characterAnswer } from "./character";
import { ErrorBox } from "./ErrorBox";

export function LessonPage({ id }: { id: string }) {
  const { data, loading, error } = useLessonQuery({ variables: { id } });
  const [complete, completion] = useCompleteLessonMutation();
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <p>Loading lesson…</p>;
  const { lesson } = data;
  const onComplete = () =>
    // The result updates the cached Lesson (completedByMe) and User (xp): no refetch needed.
    complete({ variables: { input: { lessonId: lesson.id, learnedCharacterIds: lesson.characters.map((c) => c.id) } } }).catch(() => {
      // shown from completion.error
    });
  return (
    <section>
      <p>
        <a href={courseHref(lesson.course.id)}>{lesson.course.title}</a>
      </p>
      <h2>{lesson.title}</h2>
      <ul className="characters">
        {lesson.characters.map((c) => (
          <li key={c.id}>
            <span className="literal">{c.literal}</span> {characterAnswer(c)}
          </li>
        ))}
      </ul>
      {lesson.completedByMe && (
        <p data-testid="lesson-completed">
          Completed{lesson.myCompletion && ` ${lesson.myCompletion.timesCompleted}×`}
          {completion.data && ` (+${completion.data.completeLesson.xpAwarded} XP)`}
        </p>
      )}
      <button data-testid="complete-lesson" disabled={completion.loading} onClick={onComplete}>
        {lesson.completedByMe ? "Complete lesson again" : "Complete lesson"}
      </button>
      <ErrorBox error={completion.error} />
    </section>
  );
}
