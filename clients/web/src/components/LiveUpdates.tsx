import type { ApolloClient } from "@apollo/client";
import { MeDocument, NotificationsDocument, type NotificationAddedSubscription, type NotificationsQuery } from "../generated/graphql";
import { useNotificationAddedSubscription, useProgressUpdatedSubscription } from "../generated/hooks";
import { ErrorBox } from "../ui/ErrorBox";

type Edge = NotificationsQuery["me"]["notifications"]["edges"][number];
type Added = NonNullable<NotificationAddedSubscription["notificationAdded"]>;

/** The signed-in user's cache id, once the Me query has loaded. */
function meCacheId(client: ApolloClient): string | undefined {
  const id = client.cache.readQuery({ query: MeDocument })?.me.id;
  return id ? client.cache.identify({ __typename: "User", id }) : undefined;
}

function addNotification(client: ApolloClient, added: Added) {
  let isNew = true;
  // The list is only cached once the bell was opened; the unread count always is.
  client.cache.updateQuery({ query: NotificationsDocument }, (prev) => {
    if (!prev) return undefined;
    const { edges } = prev.me.notifications;
    if (edges.some((e) => e.node.id === added.id)) {
      isNew = false;
      return undefined;
    }
    const edge = { __typename: "NotificationEdge", node: added } as Edge;
    return { me: { ...prev.me, notifications: { ...prev.me.notifications, edges: [edge, ...edges] } } };
  });
  const id = meCacheId(client);
  if (isNew && !added.read && id) client.cache.modify({ id, fields: { unreadNotificationCount: (count: number) => count + 1 } });
}

/**
 * Keeps the signed-in user's cached xp, level, streak and notifications live; every view reads them
 * from the cache. Subscribes at once (not after Me loads), so early events are not missed.
 */
export function LiveUpdates() {
  const progress = useProgressUpdatedSubscription({
    onData: ({ client, data }) => {
      const update = data.data?.progressUpdated;
      const id = meCacheId(client);
      if (!update || !id) return;
      client.cache.modify({ id, fields: { xp: () => update.xp, level: () => update.level, currentStreak: () => update.currentStreak } });
    },
  });
  const notifications = useNotificationAddedSubscription({
    onData: ({ client, data }) => {
      const added = data.data?.notificationAdded;
      if (added) addNotification(client, added);
    },
  });
  return <ErrorBox error={progress.error ?? notifications.error} />;
}
