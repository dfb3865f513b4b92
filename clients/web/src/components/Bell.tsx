import { skipToken, useApolloClient } from "@apollo/client/react";
import { ActionIcon, Badge, Button, Divider, EmptyState, Group, Indicator, Paper, Popover, ScrollArea, Skeleton, Stack, Text, Title } from "@mantine/core";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { dayKey, formatDay, formatTime } from "../format";
import type { NotificationsQuery } from "../generated/graphql";
import { useMarkAllNotificationsReadMutation, useMarkNotificationReadMutation, useNotificationsQuery } from "../generated/hooks";
import { useLocale } from "../locale";
import { ErrorBox } from "../ui/ErrorBox";
import { BellIcon, InboxIcon } from "../ui/icons";


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

/** Unread count in the header; the list loads when opened and grows live (see LiveUpdates). */
export function Bell({ userId, unread }: { userId: string; unread: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const list = useNotificationsQuery(open ? { fetchPolicy: "cache-and-network" } : skipToken);
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
    <Popover opened={open} onChange={setOpen} position="bottom-end" width={360} shadow="md" trapFocus>
      <Popover.Target>
        <Indicator label={<span data-testid="bell-count">{unread}</span>} size={18} disabled={unread === 0} offset={4}>
          <ActionIcon
            variant="default"
            size="lg"
            data-testid="bell"
            aria-label={t("bell.label", { count: unread })}
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="bell-list">
        <Group justify="space-between" p="sm">
          <Title order={2} size="h5">
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
                  withBorder={!node.read}
                  bg={node.read ? undefined : "var(--mantine-primary-color-light)"}
                  data-testid="bell-item"
                  data-read={node.read}
                >
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={600}>
                      {node.title}
                    </Text>
                    <Badge size="xs" variant="outline">
                      {t(`category.${node.category}`)}
                    </Badge>
                  </Group>
                  <Text size="sm">{node.body}</Text>
                  <Group justify="space-between">
                    <Text size="xs" c="dimmed" component="time" dateTime={node.createdAt} data-testid="bell-time">
                      {formatTime(node.createdAt, locale)}
                    </Text>
                    {!node.read && (
                      <Button size="compact-xs" variant="light" onClick={() => void readOne(node.id)}>
                        {t("bell.markRead")}
                      </Button>
                    )}
                  </Group>
                </Paper>
              ))}
            </Fragment>
          ))}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
