import type { LearnloopEvents } from "@learnloop/events";
import type { EntityManager } from "typeorm";

type ReviewRecorded = LearnloopEvents["review.recorded"];
type CharactersPublished = LearnloopEvents["catalogue.characters.published"];

/** Columns that follow the latest review; counters add up every review instead. */
const CARD_STATE = ["state", "stability", "difficulty", "due", "reps", "lapses", "last_reviewed_at"];

/**
 * One review into the learner's card: counted once (the consumer records the event id in the same
 * transaction), and the card's state replaced only by a review at least as recent as the one it
 * holds, so a review delivered late never rolls the card back.
 */
export async function applyReview(manager: EntityManager, r: ReviewRecorded): Promise<void> {
  const newer = `EXCLUDED.last_reviewed_at >= card.last_reviewed_at OR card.last_reviewed_at IS NULL`;
  await manager.query(
    `INSERT INTO "analytics".review_cards AS card
       (user_id, character_id, state, stability, difficulty, due, reps, lapses, last_reviewed_at, reviews, correct)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)
     ON CONFLICT (user_id, character_id) DO UPDATE SET
       reviews = card.reviews + 1, correct = card.correct + EXCLUDED.correct,
       ${CARD_STATE.map((c) => `${c} = CASE WHEN ${newer} THEN EXCLUDED.${c} ELSE card.${c} END`).join(", ")}`,
    [r.userId, r.characterId, r.state, r.stability, r.difficulty, r.due, r.reps, r.lapses, r.reviewedAt, r.rating === "AGAIN" ? 0 : 1],
  );
}

/** Cards a lesson added, new and due; a card analytics already has (reviewed, or added before) is kept. */
export async function addNewCards(manager: EntityManager, userId: string, characterIds: readonly string[], due: string): Promise<void> {
  await manager.query(
    `INSERT INTO "analytics".review_cards (user_id, character_id, state, stability, difficulty, due, reps, lapses)
     SELECT $1, character_id, 'NEW', 0, 0, $3, 0, 0 FROM unnest($2::varchar[]) AS character_id
     ON CONFLICT (user_id, character_id) DO NOTHING`,
    [userId, [...characterIds], due],
  );
}

/** What insights group characters by; a chunk from a producer before `characters` existed changes nothing. */
export async function upsertCharacters(manager: EntityManager, { publicationId, characters }: CharactersPublished): Promise<void> {
  if (!characters?.length) return;
  await manager.query(
    `INSERT INTO "analytics".characters (character_id, kind, jlpt_level, publication_id)
     SELECT c->>'id', c->>'kind', (c->>'jlptLevel')::int, $2 FROM jsonb_array_elements($1::jsonb) AS c
     ON CONFLICT (character_id) DO UPDATE SET kind = EXCLUDED.kind, jlpt_level = EXCLUDED.jlpt_level,
       publication_id = EXCLUDED.publication_id`,
    [JSON.stringify(characters), publicationId],
  );
}
