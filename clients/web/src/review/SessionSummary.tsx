import { Badge, Button, Card, EmptyState, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatFromNow } from "../format";
import type { ReviewRating } from "../generated/graphql";
import { useNextReviewQuery } from "../generated/hooks";
import { useLocale } from "../locale";
import { CheckIcon } from "../ui/icons";

export interface Graded {
  literal: string;
  rating: ReviewRating;
  /** Whether the typed answer was right; null when the learner only revealed it. */
  correct: boolean | null;
  /** When FSRS next shows it. */
  due: string | null;
}

const RATINGS: ReviewRating[] = ["AGAIN", "HARD", "GOOD", "EASY"];

/** The end of a session: what was graded how, and when the next review is due. */
export function SessionSummary({ graded, onMore }: { graded: Graded[]; onMore(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  // The last grade's button is gone: the focus moves to the summary, which a screen reader reads.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // Asked after the last grade, so it counts the cards just rescheduled.
  const next = useNextReviewQuery({ fetchPolicy: "network-only" });
  const nextAt = next.data?.me.nextReviewAt;
  const typed = graded.filter((g) => g.correct !== null);
  const dueNow = nextAt !== undefined && nextAt !== null && new Date(nextAt).getTime() <= Date.now();
  const due = dueNow ? (
    <Group>
      <Text data-testid="review-next-due">{t("review.moreDue")}</Text>
      <Button variant="light" data-testid="review-more" onClick={onMore}>
        {t("review.reviewMore")}
      </Button>
    </Group>
  ) : nextAt ? (
    <Text data-testid="review-next-due">
      {t("review.nextDue", { when: formatDateTime(nextAt, locale), relative: formatFromNow(nextAt, locale) })}
    </Text>
  ) : (
    next.data && <Text data-testid="review-next-due">{t("review.nothingScheduled")}</Text>
  );
  if (graded.length === 0)
    return (
      <EmptyState mt="xl" icon={<CheckIcon />} title={t("review.nothingDue")} description={due} data-testid="review-done">
        <EmptyState.Actions>
          <Button component="a" href="#/courses" variant="light">
            {t("review.toCourses")}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  return (
    <Card withBorder padding="lg" maw={720} mx="auto" data-testid="review-summary">
      <Stack>
        <Title order={1} size="h2" data-testid="review-done" ref={heading} tabIndex={-1}>
          {t("review.sessionDone", { count: graded.length })}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {RATINGS.map((rating) => (
            <Stack key={rating} gap={0} align="center">
              <Text fz={28} fw={700} data-testid={`summary-${rating}`}>
                {graded.filter((g) => g.rating === rating).length}
              </Text>
              <Text size="sm">{t(`grade.${rating}.label`)}</Text>
            </Stack>
          ))}
        </SimpleGrid>
        {typed.length > 0 && (
          <Text data-testid="summary-typed">
            {t("review.typedRight", { right: typed.filter((g) => g.correct).length, total: typed.length })}
          </Text>
        )}
        <Group gap={6}>
          {graded.map((g, i) => (
            <Badge key={i} lang="ja" size="lg" variant="light" color={g.rating === "AGAIN" ? "red" : "gray"}>
              {g.literal}
            </Badge>
          ))}
        </Group>
        {due}
        <Group>
          <Button component="a" href="#/courses">
            {t("review.toCourses")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
