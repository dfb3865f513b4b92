import type { LearnloopEvents } from "@learnloop/events";
import { keyedLoader, type Database, type SubgraphContext } from "@learnloop/kit";
import { findUsersByIds } from "./modules/user/user.service";

export function createLoaders(db: Database, _viewer: unknown, manager = db.dataSource.manager) {
  return {
    userById: keyedLoader(
      (ids: readonly string[]) => findUsersByIds(manager, ids),
      (user) => user.id,
    ),
  };
}

export type UsersContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents>;
