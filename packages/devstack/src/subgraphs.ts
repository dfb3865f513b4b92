import type { SubgraphDefinition } from "@learnloop/kit";
import { contentSubgraph } from "@learnloop/subgraph-content";
import { notificationsSubgraph } from "@learnloop/subgraph-notifications";
import { progressSubgraph } from "@learnloop/subgraph-progress";
import { usersSubgraph } from "@learnloop/subgraph-users";

export interface SubgraphEntry {
  definition: SubgraphDefinition<never, never>;
  /** Workspace folder, whose dist/main.js is the subgraph's process entry point. */
  folder: string;
  port: number;
}

/** The one list of subgraphs: composition, `npm start` and the tests read it. Add a subgraph here. */
export const SUBGRAPHS: SubgraphEntry[] = [
  { definition: usersSubgraph as never, folder: "subgraphs/users", port: 4001 },
  { definition: contentSubgraph as never, folder: "subgraphs/content", port: 4002 },
  { definition: progressSubgraph as never, folder: "subgraphs/progress", port: 4003 },
  { definition: notificationsSubgraph as never, folder: "subgraphs/notifications", port: 4004 },
];

export const localUrl = (port: number) => `http://localhost:${port}/graphql`;
