import { keyedLoader, type Database, type SubgraphContext } from "@learnloop/kit";
import { UserService } from "./modules/user/user.service";

export function createLoaders(db: Database, _viewer: unknown, manager = db.dataSource.manager) {
  const users = new UserService(manager);
  return {
    userById: keyedLoader(
      (ids: readonly string[]) => users.findByIds(ids),
      (user) => user.id,
    ),
  };
}

export type UsersContext = SubgraphContext<ReturnType<typeof createLoaders>>;
