import { useState } from "react";
import type { ReviewRating } from "../generated/graphql";
import { useRecordReviewMutation, useReviewQueueQuery } from "../generated/hooks";
import { characterAnswer } from "./character";
import { ErrorBox } from "./ErrorBox";

const GRADES: ReviewRating[] = ["AGAIN", "HARD", "GOOD", "EASY"];

/** One due item at a time; each grade reschedules it (FSRS) and moves to the next. */
export function Review() {
  // A fresh queue each visit: grading changes what is due.
  const { data, loading, error } = useReviewQueueQuery({ fetchPolicy: "network-only" });
  const [record, recording] = useRecordReviewMutation();
  const [index, setIndex] = useState(0);
  const [revealed, setRevealed] = useState(false);
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <p>Loading reviews…</p>;
  const item = data.reviewQueue[index];
  if (!item)
    return (
      <section>
        <h2>Review</h2>
        <p data-testid="review-done">Nothing left to review. Well done!</p>
      </section>
    );
  const grade = async (rating: ReviewRating) => {
    try {
      await record({ variables: { input: { characterId: item.character.id, rating } } });
      setRevealed(false);
      setIndex((i) => i + 1);
    } catch {
      // shown from recording.error
    }
  };
  const { character } = item;
  return (
    <section>
      <h2>
        Review {index + 1} / {data.reviewQueue.length}
      </h2>
      <div className="review-item" data-testid="review-item" data-character-id={character.id}>
        <p className="literal">{character.literal}</p>
        {revealed ? <p>{characterAnswer(character)}</p> : <button onClick={() => setRevealed(true)}>Show answer</button>}
      </div>
      <div className="grades">
        {GRADES.map((rating) => (
          <button key={rating} data-testid={`review-grade-${rating}`} disabled={recording.loading} onClick={() => void grade(rating)}>
            {rating}
          </button>
        ))}
      </div>
      <ErrorBox error={recording.error} />
    </section>
  );
}
