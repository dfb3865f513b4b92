import { Button, Card, Group, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { useDraft } from "../drafts";
import {
  NotificationPreferencesDocument,
  type MeQuery,
  type NotificationCategory,
  type NotificationChannel,
  type NotificationPreferencesQuery,
} from "../generated/graphql";
import {
  useMeQuery,
  useMyPlanQuery,
  useNotificationPreferencesQuery,
  useUpdateNotificationPreferencesMutation,
  useUpdateProfileDetailsMutation,
  useUpdateProfileVisibilityMutation,
} from "../generated/hooks";
import { ErrorBox } from "../ui/ErrorBox";
import { toast } from "../ui/toast";
import { PageSkeleton } from "../ui/PageSkeleton";
import { Stat } from "../ui/Stat";

type Me = MeQuery["me"];
type Preferences = NotificationPreferencesQuery["me"]["notificationPreferences"];

const CATEGORIES: NotificationCategory[] = ["WELCOME", "LESSON", "LEVEL", "ACHIEVEMENT", "STREAK", "SYSTEM"];
const CHANNELS: NotificationChannel[] = ["IN_APP", "EMAIL"];

/** After a save: the drafts are the server's now; say so. */
function savedAll(t: TFunction, ...clearDrafts: (() => void)[]) {
  for (const clear of clearDrafts) clear();
  toast({ color: "teal", message: t("profile.saved") });
}

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

function DetailsForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  // Drafts: a session that expires while typing keeps what was typed.
  const [name, setName, clearName] = useDraft("profile.displayName", me.displayName);
  const [zone, setZone, clearZone] = useDraft("profile.timezone", me.timezone);
  const [save, saving] = useUpdateProfileDetailsMutation();
  const zones = useMemo(() => timeZones(me.timezone), [me.timezone]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save({ variables: { displayName: name.trim(), timezone: zone } })
      .then(() => savedAll(t, clearName, clearZone))
      .catch(() => undefined);
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="details-heading">
      <Stack>
        <Title order={2} size="h4" id="details-heading">
          {t("profile.details")}
        </Title>
        <TextInput
          label={t("profile.displayName")}
          data-testid="profile-display-name"
          value={name}
          maxLength={80}
          required
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Select
          label={t("profile.timezone")}
          description={t("profile.timezoneHelp")}
          data-testid="profile-timezone"
          searchable
          data={zones}
          value={zone}
          allowDeselect={false}
          onChange={(value) => value && setZone(value)}
        />
        <ErrorBox error={saving.error} />
        <Group>
          <Button type="submit" data-testid="profile-save" loading={saving.loading}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const { t } = useTranslation();
  const enabled = (channel: NotificationChannel, category: NotificationCategory) =>
    preferences.settings.find((s) => s.channel === channel && s.category === category)?.enabled ?? true;
  const [settings, setSettings, clearSettings] = useDraft(
    "profile.notifications",
    Object.fromEntries(CHANNELS.flatMap((ch) => CATEGORIES.map((cat) => [`${ch}:${cat}`, enabled(ch, cat)]))),
  );
  const [quiet, setQuiet, clearQuiet] = useDraft("profile.quietHours", {
    on: Boolean(preferences.quietHours),
    start: preferences.quietHours?.start ?? "22:00",
    end: preferences.quietHours?.end ?? "07:00",
  });
  const [save, saving] = useUpdateNotificationPreferencesMutation({
    // The settings have no id of their own: write the answer onto the cached user.
    update: (cache, { data }) => {
      if (!data) return;
      cache.updateQuery({ query: NotificationPreferencesDocument }, (prev) =>
        prev ? { me: { ...prev.me, notificationPreferences: data.updateNotificationPreferences } } : prev,
      );
    },
  });
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const input = {
      settings: Object.entries(settings).map(([key, on]) => {
        const [channel, category] = key.split(":") as [NotificationChannel, NotificationCategory];
        return { channel, category, enabled: on };
      }),
      quietHours: quiet.on ? { start: quiet.start, end: quiet.end } : null,
    };
    save({ variables: { input } })
      .then(() => {
        savedAll(t, clearSettings, clearQuiet);
        setSaved(true);
      })
      .catch(() => undefined);
  };
  return (
    <Card withBorder component="form" onSubmit={submit} aria-labelledby="notifications-heading">
      <Stack>
        <Title order={2} size="h4" id="notifications-heading">
          {t("profile.notifications")}
        </Title>
        <Table.ScrollContainer minWidth={280}>
          <Table data-testid="notification-settings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("profile.category")}</Table.Th>
                {CHANNELS.map((ch) => (
                  <Table.Th key={ch}>{t(`channel.${ch}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {CATEGORIES.map((cat) => (
                <Table.Tr key={cat}>
                  <Table.Td>{t(`category.${cat}`)}</Table.Td>
                  {CHANNELS.map((ch) => (
                    <Table.Td key={ch}>
                      <Switch
                        aria-label={t("profile.settingLabel", { category: t(`category.${cat}`), channel: t(`channel.${ch}`) })}
                        data-testid={`pref-${ch}-${cat}`}
                        checked={settings[`${ch}:${cat}`]}
                        onChange={(e) => setSettings({ ...settings, [`${ch}:${cat}`]: e.currentTarget.checked })}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Switch
          label={t("profile.quietHours")}
          description={t("profile.quietHoursHelp")}
          data-testid="quiet-hours"
          checked={quiet.on}
          onChange={(e) => setQuiet({ ...quiet, on: e.currentTarget.checked })}
        />
        {quiet.on && (
          <SimpleGrid cols={2} maw={360}>
            <TextInput
              type="time"
              label={t("profile.quietFrom")}
              data-testid="quiet-start"
              value={quiet.start}
              required
              onChange={(e) => setQuiet({ ...quiet, start: e.currentTarget.value })}
            />
            <TextInput
              type="time"
              label={t("profile.quietUntil")}
              data-testid="quiet-end"
              value={quiet.end}
              required
              onChange={(e) => setQuiet({ ...quiet, end: e.currentTarget.value })}
            />
          </SimpleGrid>
        )}
        <ErrorBox error={saving.error} />
        <Group>
          <Button type="submit" data-testid="preferences-save" loading={saving.loading}>
            {t("common.save")}
          </Button>
          {saved && (
            <Text size="sm" c="teal.9" role="status" data-testid="preferences-saved">
              {t("profile.saved")}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const { data, loading, error } = useMeQuery();
  const prefs = useNotificationPreferencesQuery();
  const [setVisibility, visibility] = useUpdateProfileVisibilityMutation();
  if (error) return <ErrorBox error={error} />;
  if (loading || !data) return <PageSkeleton />;
  const { me } = data;
  const isPublic = me.profileVisibility === "PUBLIC";
  return (
    <Stack maw={880}>
      <Title order={1} size="h2" data-testid="profile-name">
        {me.displayName}
      </Title>
      <SimpleGrid cols={{ base: 3 }}>
        <Stat label={t("profile.xp")} value={me.xp} testId="profile-xp" />
        <Stat label={t("profile.level")} value={me.level} testId="profile-level" />
        <Stat
          label={t("profile.streak")}
          value={me.currentStreak}
          testId="profile-streak"
          hint={t("profile.longest", { count: me.longestStreak })}
        />
      </SimpleGrid>
      <PlanCard />
      <DetailsForm me={me} />
      <Card withBorder>
        <Switch
          data-testid="profile-public"
          checked={isPublic}
          disabled={visibility.loading}
          label={t("profile.public")}
          description={t("profile.publicHelp")}
          onChange={() => void setVisibility({ variables: { visibility: isPublic ? "PRIVATE" : "PUBLIC" } }).catch(() => undefined)}
        />
        <ErrorBox error={visibility.error} />
      </Card>
      {prefs.error ? (
        <ErrorBox error={prefs.error} />
      ) : prefs.data ? (
        <PreferencesForm preferences={prefs.data.me.notificationPreferences} />
      ) : (
        <PageSkeleton rows={1} />
      )}
    </Stack>
  );
}

/** The learner's plan, with the way to the plans page. */
function PlanCard() {
  const { t } = useTranslation();
  const { data, error } = useMyPlanQuery({ fetchPolicy: "cache-and-network" });
  if (error) return <ErrorBox error={error} />;
  return (
    <Card withBorder>
      <Group justify="space-between">
        <Text data-testid="profile-plan">
          {data ? t("plans.current", { plan: t(`plan.${data.mySubscription.plan}`) }) : t("common.loading")}
        </Text>
        <Button component="a" href="#/plans" variant="light" size="xs">
          {t("plans.seePlans")}
        </Button>
      </Group>
    </Card>
  );
}
