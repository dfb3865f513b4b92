import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CourseLessonsQuery, CoursesQuery } from "../generated/graphql";
import { useCourseLessonsQuery, useCoursesQuery } from "../generated/hooks";
import { courseHref, lessonHref } from "../routing";
import { ErrorBox } from "../ui/ErrorBox";
import { CheckIcon } from "../ui/icons";
import { PageSkeleton } from "../ui/PageSkeleton";

type Course = CoursesQuery["courses"]["edges"][number]["node"];
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

function CourseCard({ course, selected }: { course: Course; selected: boolean }) {
  const { t } = useTranslation();
  // Null only when signed out, which the app never is here.
  const {
    lessonsCompleted: completedLessons,
    lessonsTotal: totalLessons,
    nextLesson,
  } = course.myProgress ?? { lessonsCompleted: 0, lessonsTotal: 0, nextLesson: null };
  const percent = totalLessons ? Math.round((completedLessons / totalLessons) * 100) : 0;
  return (
    <Card
      withBorder
      shadow={selected ? "md" : "xs"}
      padding="lg"
      data-testid={`course-card-${course.id}`}
      aria-current={selected ? "true" : undefined}
    >
      <Stack gap="xs" h="100%">
        <Title order={2} size="h4">
          <Anchor href={courseHref(course.id)} data-testid={`course-link-${course.id}`} inherit>
            {course.title}
          </Anchor>
        </Title>
        <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
          {course.description}
        </Text>
        <Progress value={percent} aria-label={t("courses.progressOf", { title: course.title })} />
        <Text size="sm" data-testid={`course-progress-${course.id}`}>
          {t("courses.progress", { done: completedLessons, total: totalLessons })}
        </Text>
        {nextLesson ? (
          <Button
            component="a"
            href={lessonHref(nextLesson.id)}
            variant={selected ? "filled" : "light"}
            data-testid={`continue-${course.id}`}
          >
            {t(completedLessons ? "courses.continue" : "courses.start", { title: nextLesson.title })}
          </Button>
        ) : (
          <Badge color="green" size="lg" leftSection={<CheckIcon />}>
            {t("courses.finished")}
          </Badge>
        )}
      </Stack>
    </Card>
  );
}

function CourseLessons({ course }: { course: Course }) {
  const { t } = useTranslation();
  const { data, loading, error } = useCourseLessonsQuery({ variables: { courseId: course.id } });
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <PageSkeleton rows={3} />;
  const next = course.myProgress?.nextLesson?.id;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {byUnit(data.lessons.edges.map((e) => e.node)).map(([unitId, unit]) => (
        <Card key={unitId} withBorder>
          <Title order={3} size="h5" mb="sm">
            {unit.title}
          </Title>
          <List spacing="xs" listStyleType="none">
            {unit.lessons.map((lesson) => (
              <List.Item
                key={lesson.id}
                icon={
                  <ThemeIcon
                    size={22}
                    radius="xl"
                    color={lesson.completedByMe ? "green" : "gray"}
                    variant={lesson.completedByMe ? "filled" : "light"}
                  >
                    {lesson.completedByMe ? <CheckIcon /> : <span />}
                  </ThemeIcon>
                }
              >
                <Anchor href={lessonHref(lesson.id)} data-testid={`lesson-link-${lesson.id}`} fw={lesson.id === next ? 700 : undefined}>
                  {lesson.title}
                </Anchor>
                {lesson.completedByMe && <VisuallyHidden>{`, ${t("courses.completed")}`}</VisuallyHidden>}
                {lesson.id === next && (
                  <Badge ml="xs" size="sm" variant="light">
                    {t("courses.upNext")}
                  </Badge>
                )}
              </List.Item>
            ))}
          </List>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** Every course with the learner's progress and a "continue" link; the chosen one (the first by default) lists its lessons. */
export default function CoursesPage({ selected }: { selected?: string }) {
  const { t } = useTranslation();
  // Progress changes elsewhere (a lesson page, another device): show the cache, then the server.
  const { data, loading, error } = useCoursesQuery({ fetchPolicy: "cache-and-network" });
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <PageSkeleton />;
  const courses = data.courses.edges.map((e) => e.node);
  const course = courses.find((c) => c.id === selected) ?? courses[0];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("courses.title")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {courses.map((c) => (
          <CourseCard key={c.id} course={c} selected={c.id === course?.id} />
        ))}
      </SimpleGrid>
      {course && (
        <Group justify="space-between" mt="md">
          <Title order={2} size="h3">
            {course.title}
          </Title>
        </Group>
      )}
      {course && <CourseLessons course={course} />}
    </Stack>
  );
}
