import type { MutationExamples } from "../../../packages/devstack/src/conventions/mutation-examples";

const firstNotification = `{ me { notifications(first: 1) { edges { node { id } } } } }`;

export const examples: MutationExamples = {
  markNotificationRead: {
    // A first request provisions the user; user.created brings the welcome notification.
    setup: async ({ gql, waitFor }) => {
      let id: string | undefined;
      await waitFor(async () => {
        id = (await gql(firstNotification)).data?.me?.notifications.edges[0]?.node.id;
        return Boolean(id);
      }, "the welcome notification");
      return { id };
    },
    document: `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`,
  },
  markAllNotificationsRead: { document: `mutation { markAllNotificationsRead }` },
  updateNotificationPreferences: {
    document: `mutation { updateNotificationPreferences(input: { settings: [{ channel: EMAIL, category: STREAK, enabled: false }] }) { settings { enabled } } }`,
  },
};
