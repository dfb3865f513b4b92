import { skipToken, useApolloClient } from "@apollo/client/react";
import { useState } from "react";
import { useMarkAllNotificationsReadMutation, useMarkNotificationReadMutation, useNotificationsQuery } from "../generated/hooks";
import { ErrorBox } from "./ErrorBox";

/** Unread count in the header; the list loads when opened and grows live (see LiveUpdates). */
export function Bell({ userId, unread }: { userId: string; unread: number }) {
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

  return (
    <div className="bell">
      <button data-testid="bell" aria-label="Notifications" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <BellIcon /> <span data-testid="bell-count">{unread}</span>
      </button>
      {open && (
        <div className="bell-list" data-testid="bell-list">
          <ErrorBox error={list.error ?? marking.error ?? markingAll.error} />
          {!list.data && list.loading && <p>Loading…</p>}
          {list.data && list.data.me.notifications.edges.length === 0 && <p>No notifications.</p>}
          <ul>
            {list.data?.me.notifications.edges.map(({ node }) => (
              <li key={node.id} className={node.read ? "read" : "unread"} data-testid="bell-item">
                <strong>{node.title}</strong>
                <p>{node.body}</p>
                <small>{new Date(node.createdAt).toLocaleString()}</small>
                {!node.read && <button onClick={() => void readOne(node.id)}>Mark read</button>}
              </li>
            ))}
          </ul>
          {unread > 0 && <button onClick={() => void readAll()}>Mark all read</button>}
        </div>
      )}
    </div>
  );
}

/** Drawn, not an emoji: it renders the same without an emoji font. */
function BellIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
      <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
    </svg>
  );
}
