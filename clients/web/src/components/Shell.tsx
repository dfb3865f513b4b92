import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title, VisuallyHidden } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { lazy, Suspense, useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../auth/session";
import { useMeQuery, useUpdateLocaleMutation } from "../generated/hooks";
import { applyLanguage, takeChosenLanguage, toLanguage } from "../i18n";
import { DraftOwner } from "../drafts";
import { LocaleContext } from "../locale";
import { parseRoute, useRoute, type Route } from "../routing";
import { ColorSchemeToggle } from "../ui/ColorSchemeToggle";
import { ErrorBox } from "../ui/ErrorBox";
import { BookIcon, CardsIcon, ChartIcon, StarIcon, TableIcon, UserIcon } from "../ui/icons";
import { LanguageSwitch } from "../ui/LanguageSwitch";
import { PageSkeleton } from "../ui/PageSkeleton";
import { Bell } from "./Bell";
import { LiveUpdates } from "./LiveUpdates";

// Each page is its own chunk: the first paint needs only the shell and the page it shows. The
// page the address names starts loading with the shell, not after it renders.
const chunks = {
  courses: () => import("../pages/CoursesPage"),
  lesson: () => import("../pages/LessonPage"),
  review: () => import("../pages/ReviewPage"),
  profile: () => import("../pages/ProfilePage"),
  plans: () => import("../pages/PlansPage"),
  insights: () => import("../pages/InsightsPage"),
  reports: () => import("../pages/ReportsPage"),
};
void chunks[parseRoute(window.location.hash).page]().catch(() => undefined);
const CoursesPage = lazy(chunks.courses);
const LessonPage = lazy(chunks.lesson);
const ReviewPage = lazy(chunks.review);
const ProfilePage = lazy(chunks.profile);
const PlansPage = lazy(chunks.plans);
// The chart library comes with these two pages only, never in the first load.
const InsightsPage = lazy(chunks.insights);
const ReportsPage = lazy(chunks.reports);

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "lesson":
      return <LessonPage key={route.id} id={route.id} />;
    case "review":
      return <ReviewPage />;
    case "profile":
      return <ProfilePage />;
    case "plans":
      return <PlansPage />;
    case "insights":
      return <InsightsPage />;
    case "reports":
      return <ReportsPage />;
    default:
      return <CoursesPage selected={route.id} />;
  }
}

const NAV = [
  { page: "courses", href: "#/courses", icon: <BookIcon />, label: "nav.courses" },
  { page: "review", href: "#/review", icon: <CardsIcon />, label: "nav.review" },
  { page: "insights", href: "#/insights", icon: <ChartIcon />, label: "nav.insights" },
  { page: "profile", href: "#/profile", icon: <UserIcon />, label: "nav.profile" },
  { page: "plans", href: "#/plans", icon: <StarIcon />, label: "nav.plans" },
  // Shown to administrators only (the reports' own rule, hasRole("admin")); the page checks again.
  { page: "reports", href: "#/staff/reports", icon: <TableIcon />, label: "nav.reports", role: "ADMIN" },
] as const;

export function Shell() {
  const { t } = useTranslation();
  const route = useRoute();
  const { signOut, userId } = useSession();
  const me = useMeQuery();
  const [saveLocale] = useUpdateLocaleMutation();
  const [navOpen, nav] = useDisclosure(false);
  // Below the sm breakpoint the navbar slides off screen when closed: inert, so Tab cannot reach it.
  const phone = useMediaQuery("(max-width: 47.99em)");
  const user = me.data?.me;
  // The profile's language, once known; the browser's until then. One picked on the sign-in page
  // is the learner's choice: it is saved to the profile.
  useEffect(() => {
    if (!user?.locale) return;
    const chosen = takeChosenLanguage();
    if (chosen && chosen !== toLanguage(user.locale)) void saveLocale({ variables: { locale: chosen } }).catch(() => undefined);
    applyLanguage(chosen ?? toLanguage(user.locale));
  }, [user?.locale, saveLocale]);
  const locale = useMemo(() => ({ language: toLanguage(user?.locale), timeZone: user?.timezone }), [user?.locale, user?.timezone]);
  const current = route.page === "lesson" ? "courses" : route.page;
  return (
    <LocaleContext.Provider value={locale}>
      <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !navOpen } }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} />
              <Title order={1} size="h3" lang="en">
                Learnloop <span lang="ja">学</span>
              </Title>
            </Group>
            <Group gap="xs" wrap="nowrap">
              {user && (
                <>
                  <Badge size="lg" variant="light" data-testid="header-stats" visibleFrom="xs">
                    <span data-testid="header-xp">{user.xp}</span> XP · {t("stats.level", { level: user.level })}
                  </Badge>
                  <Badge size="lg" variant="default" visibleFrom="md">
                    {t("stats.streak", { count: user.currentStreak })}
                  </Badge>
                  <Bell userId={user.id} unread={user.unreadNotificationCount} />
                </>
              )}
              <ColorSchemeToggle />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="sm" aria-label={t("nav.label")} inert={phone && !navOpen ? true : undefined}>
          <AppShell.Section grow>
            {NAV.filter((item) => !("role" in item) || user?.roles.includes(item.role)).map((item) => (
              <NavLink
                key={item.page}
                href={item.href}
                data-testid={`nav-${item.page}`}
                label={t(item.label)}
                leftSection={item.icon}
                active={current === item.page}
                aria-current={current === item.page ? "page" : undefined}
                onClick={nav.close}
              />
            ))}
          </AppShell.Section>
          <AppShell.Section>
            {user && (
              <Text size="sm" c="dimmed" mb="xs" hiddenFrom="xs">
                {user.xp} XP · {t("stats.level", { level: user.level })}
              </Text>
            )}
            <LanguageSwitch
              onChange={(language) => {
                if (user) void saveLocale({ variables: { locale: language } }).catch(() => undefined);
              }}
            />
            <Button data-testid="signout" variant="subtle" fullWidth mt="sm" onClick={signOut}>
              {t("nav.signOut")}
            </Button>
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main>
          <VisuallyHidden aria-live="polite">{t(`nav.${current}`)}</VisuallyHidden>
          <ErrorBox error={me.error} />
          <LiveUpdates />
          {/* Drafts are filed under the user's id, which the session knows before any query returns. */}
          <DraftOwner.Provider value={userId ?? ""}>
            <Suspense fallback={<PageSkeleton />}>
              <Page route={route} />
            </Suspense>
          </DraftOwner.Provider>
        </AppShell.Main>
      </AppShell>
    </LocaleContext.Provider>
  );
}
