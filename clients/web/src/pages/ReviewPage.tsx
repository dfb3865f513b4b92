import { Button, Card, Group, Progress, SimpleGrid, Stack, Text, TextInput, Title, UnstyledButton, useMantineTheme } from "@mantine/core";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { bind, unbind } from "wanakana";
import { useDraft } from "../drafts";
import { formatInterval } from "../format";
import type { ReviewQueueQuery, ReviewRating } from "../generated/graphql";
import { useRecordReviewMutation, useReviewQueueQuery } from "../generated/hooks";
import { useLocale } from "../locale";
import { checkAnswer } from "../review/answer";
import { SessionSummary, type Graded } from "../review/SessionSummary";
import { CharacterReadings } from "../ui/CharacterReadings";
import { ErrorBox } from "../ui/ErrorBox";
import { PageSkeleton } from "../ui/PageSkeleton";
import classes from "./ReviewPage.module.css";

type Item = ReviewQueueQuery["reviewQueue"][number];
export const GRADES: { rating: ReviewRating; key: string; color: string }[] = [
  { rating: "AGAIN", key: "1", color: "red" },
  { rating: "HARD", key: "2", color: "orange" },
  { rating: "GOOD", key: "3", color: "green" },
  { rating: "EASY", key: "4", color: "blue" },
];

/** A learner answers by typing (romaji becomes kana as they type) or just reveals; grades appear only then. */
function ReviewCard({ item, onGraded }: { item: Item; onGraded(graded: Graded): void }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const locale = useLocale();
  const [record, recording] = useRecordReviewMutation();
  // Kept if the session expires mid-answer: signing in again brings it back.
  const [typed, setTyped, clearTyped] = useDraft(`review.${item.id}`, "");
  const [revealed, setRevealed] = useState(false);
  const [verdict, setVerdict] = useState<{ correct: boolean; heard: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const good = useRef<HTMLButtonElement>(null);
  const { character } = item;

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    bind(el, { IMEMode: true });
    // wanakana rewrites the value inside its own input listener, so React sees no change for a
    // converted keystroke: read the field after it, natively, for the draft and the button.
    const onInput = () => setTyped(el.value);
    el.addEventListener("input", onInput);
    el.focus();
    return () => {
      el.removeEventListener("input", onInput);
      unbind(el);
    };
  }, [setTyped]);
  useEffect(() => {
    if (revealed) good.current?.focus();
  }, [revealed]);

  const grade = async (rating: ReviewRating) => {
    try {
      const result = await record({ variables: { input: { characterId: character.id, rating } } });
      clearTyped();
      onGraded({ literal: character.literal, rating, correct: verdict?.correct ?? null, due: result.data?.recordReview.due ?? null });
    } catch {
      // shown from recording.error
    }
  };
  // 1–4 grade once the answer shows, as in every flashcard app: only from the card (or nothing
  // focused), never while typing elsewhere or in the bell, and once per press.
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!revealed) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || recording.loading) return;
      const target = e.target as Node;
      if (target !== document.body && !card.current?.contains(target)) return;
      const g = GRADES.find((x) => x.key === e.key);
      if (g) void grade(g.rating);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // An empty answer just shows the answer.
    setVerdict(input.current?.value.trim() ? checkAnswer(input.current.value, character) : null);
    setRevealed(true);
  };
  const preview = new Map(item.schedulePreview.map((p) => [p.rating, p]));

  return (
    <Card ref={card} withBorder padding="lg" data-testid="review-item" data-character-id={character.id}>
      <Stack align="center">
        <Text lang="ja" fz={96} lh={1.1} ff={theme.other.characterFont as string} data-testid="review-literal">
          {character.literal}
        </Text>
        <form onSubmit={submit} className={classes.answer}>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              ref={input}
              flex={1}
              lang="ja"
              label={t(character.kind === "KANJI" ? "review.typeReading" : "review.typeSound")}
              description={t("review.kanaHint")}
              data-testid="review-answer"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              disabled={revealed}
              defaultValue={typed}
            />
            {!revealed && (
              <Button type="submit" data-testid="review-reveal">
                {t(typed ? "review.check" : "review.showAnswer")}
              </Button>
            )}
          </Group>
        </form>
        {revealed && (
          <Stack w="100%" gap="sm">
            {verdict && (
              <Text
                role="status"
                fw={700}
                c={verdict.correct ? "teal.9" : "red.9"}
                data-testid="review-verdict"
                data-correct={verdict.correct}
              >
                {verdict.correct ? t("review.correct", { heard: verdict.heard }) : t("review.incorrect", { heard: verdict.heard })}
              </Text>
            )}
            <div data-testid="review-answer-shown">
              <CharacterReadings character={character} />
            </div>
            <Text size="sm" c="dimmed" id="grade-help">
              {t("review.gradeHelp")}
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }} role="group" aria-labelledby="grade-help">
              {GRADES.map(({ rating, key, color }) => {
                const next = preview.get(rating);
                return (
                  <UnstyledButton
                    key={rating}
                    ref={rating === "GOOD" ? good : undefined}
                    className={classes.grade}
                    data-color={color}
                    data-testid={`review-grade-${rating}`}
                    disabled={recording.loading}
                    aria-keyshortcuts={key}
                    onClick={() => void grade(rating)}
                  >
                    <Text fw={700}>
                      {t(`grade.${rating}.label`)} <kbd className={classes.kbd}>{key}</kbd>
                    </Text>
                    <Text size="xs">{t(`grade.${rating}.meaning`)}</Text>
                    {next && (
                      <Text size="xs" fw={600} data-testid={`review-interval-${rating}`}>
                        {t("review.nextIn", { interval: formatInterval(next.intervalSeconds, locale) })}
                      </Text>
                    )}
                  </UnstyledButton>
                );
              })}
            </SimpleGrid>
          </Stack>
        )}
        <ErrorBox error={recording.error} />
      </Stack>
    </Card>
  );
}

/** One due item at a time; each grade reschedules it (FSRS) and moves on; a summary ends the session. */
export default function ReviewPage() {
  const { t } = useTranslation();
  // A fresh queue each visit: grading changes what is due.
  const { data, loading, error, refetch } = useReviewQueueQuery({ fetchPolicy: "network-only", notifyOnNetworkStatusChange: true });
  const [graded, setGraded] = useState<Graded[]>([]);
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <PageSkeleton rows={2} />;
  const queue = data.reviewQueue;
  const item = queue[graded.length];
  // A new session over what is due now (more than one queue's worth, or cards graded Again).
  const more = () => void refetch().then(() => setGraded([]));
  if (!item) return <SessionSummary graded={graded} onMore={more} />;
  return (
    <Stack maw={720} mx="auto">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("review.title")}
        </Title>
        <Text c="dimmed" data-testid="review-position">
          {t("review.position", { n: graded.length + 1, total: queue.length })}
        </Text>
      </Group>
      <Progress value={(graded.length / queue.length) * 100} aria-label={t("review.progress")} />
      <ReviewCard key={item.id} item={item} onGraded={(g) => setGraded((all) => [...all, g])} />
    </Stack>
  );
}
