import {
  Flex,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  useMantineTheme,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format";
import { useCompleteLessonMutation, useLessonQuery } from "../generated/hooks";
import { useLocale } from "../locale";
import { courseHref } from "../routing";
import { CharacterReadings } from "../ui/CharacterReadings";
import { ErrorBox } from "../ui/ErrorBox";
import { toast } from "../ui/toast";
import { PageSkeleton } from "../ui/PageSkeleton";
import { StrokeOrder } from "../ui/StrokeOrder";

export default function LessonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const locale = useLocale();
  const { data, loading, error } = useLessonQuery({ variables: { id } });
  const [complete, completion] = useCompleteLessonMutation();
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <PageSkeleton />;
  const { lesson } = data;
  const onComplete = () =>
    // The result updates the cached Lesson (completedByMe, xpForCompletion) and User (xp): no refetch needed.
    complete({ variables: { input: { lessonId: lesson.id, learnedCharacterIds: lesson.characters.map((c) => c.id) } } })
      .then(({ data: done }) => {
        if (!done) return;
        const { xpAwarded, newReviewItems, leveledUp } = done.completeLesson;
        toast({
          color: "teal",
          title: t("lesson.completedToast", { xp: xpAwarded }),
          message: [
            newReviewItems ? t("lesson.newReviewItems", { count: newReviewItems }) : t("lesson.noNewReviewItems"),
            leveledUp ? t("lesson.levelUp") : "",
          ]
            .filter(Boolean)
            .join(" "),
        });
      })
      .catch(() => {
        // shown from completion.error
      });
  const done = lesson.myCompletion;
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor href="#/courses">{t("nav.courses")}</Anchor>
        <Anchor href={courseHref(lesson.course.id)}>{lesson.course.title}</Anchor>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Title order={1} size="h2">
          {lesson.title}
        </Title>
        <Badge variant="outline">{t(`lessonKind.${lesson.kind}`)}</Badge>
      </Group>

      {lesson.characters.length > 0 && (
        <section aria-labelledby="characters-heading">
          <Title order={2} size="h4" mb="sm" id="characters-heading">
            {t("lesson.characters")}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {lesson.characters.map((c) => (
              <Card key={c.id} withBorder data-testid="character-card" data-character={c.literal}>
                {/* Side by side from sm up; on a phone the character and its strokes sit above the readings. */}
                <Flex direction={{ base: "column", xs: "row" }} align={{ base: "center", xs: "flex-start" }} gap="md">
                  <Stack gap={4} align="center">
                    <Text lang="ja" fz={64} lh={1} ff={theme.other.characterFont as string} data-testid="character-literal">
                      {c.literal}
                    </Text>
                    {c.strokes && c.strokes.length > 0 && <StrokeOrder literal={c.literal} strokes={c.strokes} size={120} />}
                  </Stack>
                  <Stack gap="xs" w="100%" style={{ flex: 1, minWidth: 0 }}>
                    <CharacterReadings character={c} />
                    {c.kind === "KANJI" && c.examples.length > 0 && (
                      <div>
                        <Text size="sm" fw={700} mb={4}>
                          {t("lesson.examples")}
                        </Text>
                        <Stack gap={2} data-testid="character-examples">
                          {c.examples.map((w) => (
                            <Text key={w.id} size="sm">
                              <Text span lang="ja" fw={600}>
                                {w.written}
                              </Text>{" "}
                              <Text span lang="ja" c="dimmed">
                                ({w.reading})
                              </Text>{" "}
                              {w.meanings.slice(0, 2).join("; ")}
                            </Text>
                          ))}
                        </Stack>
                      </div>
                    )}
                  </Stack>
                </Flex>
              </Card>
            ))}
          </SimpleGrid>
        </section>
      )}

      {lesson.vocabulary.length > 0 && (
        <section aria-labelledby="vocabulary-heading">
          <Title order={2} size="h4" mb="sm" id="vocabulary-heading">
            {t("lesson.vocabulary")}
          </Title>
          <Table.ScrollContainer minWidth={420}>
            <Table striped data-testid="vocabulary">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("lesson.word")}</Table.Th>
                  <Table.Th>{t("lesson.reading")}</Table.Th>
                  <Table.Th>{t("lesson.romaji")}</Table.Th>
                  <Table.Th>{t("lesson.meanings")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lesson.vocabulary.map((v) => (
                  <Table.Tr key={v.id}>
                    <Table.Td lang="ja" fz="lg">
                      {v.written}
                    </Table.Td>
                    <Table.Td lang="ja">{v.reading}</Table.Td>
                    <Table.Td>{v.romaji}</Table.Td>
                    <Table.Td lang="en">{v.meanings.join("; ")}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      )}

      <Card withBorder>
        <Stack gap="xs">
          {lesson.completedByMe && done ? (
            <Alert color="green" data-testid="lesson-completed" title={t("lesson.completedTitle")}>
              {t("lesson.completedTimes", { count: done.timesCompleted })}
              {done.lastCompletedAt && ` · ${t("lesson.lastCompleted", { when: formatDateTime(done.lastCompletedAt, locale) })}`}
            </Alert>
          ) : null}
          <Text size="sm" data-testid="completion-award">
            {lesson.completedByMe
              ? t("lesson.againAwards", { xp: lesson.xpForCompletion })
              : t("lesson.firstAwards", { xp: lesson.xpForCompletion })}
          </Text>
          <Group>
            <Button
              data-testid="complete-lesson"
              loading={completion.loading}
              onClick={onComplete}
              variant={lesson.completedByMe ? "light" : "filled"}
            >
              {lesson.completedByMe
                ? t("lesson.practiseAgain", { xp: lesson.xpForCompletion })
                : t("lesson.complete", { xp: lesson.xpForCompletion })}
            </Button>
          </Group>
          <ErrorBox error={completion.error} />
        </Stack>
      </Card>
    </Stack>
  );
}
