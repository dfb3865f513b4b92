import { useApolloClient } from "@apollo/client/react";
import { Badge, Button, Divider, EmptyState, Group, Paper, ScrollArea, Skeleton, Stack, Text, Title } from "@mantine/core";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { dayKey, formatDay, formatTime } from "../format";
import type { NotificationsQuery } from "../generated/graphql";
import { useMarkAllNotificationsReadMutation, useMarkNotificationReadMutation, useNotificationsQuery } from "../generated/hooks";
import { useLocale } from "../locale";
import { ErrorBox } from "../ui/ErrorBox";
import { InboxIcon } from "../ui/icons";

type Item = NotificationsQuery["me"]["notifications"]["edges"][number]["node"];

/** Newest first, in days of the learner's own time zone. */
export function groupByDay(items: Item[], timeZone?: string): [string, Item[]][] {
  const days = new Map<string, Item[]>();
  for (const item of items) {
    const day = dayKey(item.createdAt, timeZone);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days.entries()];
}

/** The open bell: notifications grouped by day, dates in the learner's language and zone. */
export default function BellPanel({ userId, unread }: { userId: string; unread: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useNotificationsQuery({ fetchPolicy: "cache-and-network" });
  const client = useApolloClient();
  const [markRead, marking] = useMarkNotificationReadMutation();
  const [markAll, markingAll] = useMarkAllNotificationsReadMutation();
  const userCacheId = client.cache.identify({ __typename: "User", id: userId });
  const setUnread = (next: (count: number) => number) =>
    client.cache.modify({ id: userCacheId, fields: { unreadNotificationCount: (count: number) => next(count) } });

  const readOne = (id: string) =>
    markRead({ variables: { id } })
      .then(() => setUnread((count) => Math.max(0, count - 1)))
      .catch(() => undefined);
  const readAll = () =>
    markAll()
      .then(() => {
        setUnread(() => 0);
        return list.refetch();
      })
      .catch(() => undefined);
  const items = list.data?.me.notifications.edges.map((e) => e.node) ?? [];

  return (
    <section aria-labelledby="bell-heading">
      <Group justify="space-between" p="sm">
        <Title order={2} size="h5" id="bell-heading">
          {t("bell.title")}
        </Title>
        {unread > 0 && (
          <Button size="compact-xs" variant="subtle" loading={markingAll.loading} onClick={() => void readAll()}>
            {t("bell.markAllRead")}
          </Button>
        )}
      </Group>
      <Divider />
      <ErrorBox error={list.error ?? marking.error ?? markingAll.error} />
      <ScrollArea.Autosize mah={420}>
        {!list.data && list.loading && (
          <Stack p="sm">
            <Skeleton height={48} />
            <Skeleton height={48} />
          </Stack>
        )}
        {list.data && items.length === 0 && <EmptyState m="md" icon={<InboxIcon />} title={t("bell.empty")} />}
        {groupByDay(items, locale.timeZone).map(([day, dayItems]) => (
          <Fragment key={day}>
            <Text size="xs" fw={700} c="dimmed" px="sm" pt="sm" data-testid="bell-day">
              {formatDay(day, locale)}
            </Text>
            {dayItems.map((node) => (
              <Paper
                key={node.id}
                p="sm"
                m="xs"
                withBorder
                // Unread: a bar in the primary colour, not a tinted background (badge text keeps its contrast).
                style={node.read ? undefined : { borderLeft: "4px solid var(--mantine-primary-color-filled)" }}
                data-testid="bell-item"
                data-read={node.read}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Text size="sm" fw={600}>
                    {node.title}
                  </Text>
                  <Badge size="xs" variant="outline" style={{ flexShrink: 0 }}>
                    {t(`category.${node.category}`)}
                  </Badge>
                </Group>
                <Text size="sm">{node.body}</Text>
                <Group justify="space-between">
                  <Text size="xs" c="dimmed" component="time" dateTime={node.createdAt} data-testid="bell-time">
                    {formatTime(node.createdAt, locale)}
                  </Text>
                  {!node.read && (
                    <Button size="compact-xs" variant="light" disabled={marking.loading} onClick={() => void readOne(node.id)}>
                      {t("bell.markRead")}
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Fragment>
        ))}
      </ScrollArea.Autosize>
    </section>
  );
}
