import type { LearnloopEvents } from "@learnloop/events";
import type { Database, SubgraphContext, Viewer } from "@learnloop/kit";
import DataLoader from "dataloader";
import { InboxService } from "./modules/notification/inbox.service";
import { PreferencesService } from "./modules/preferences/preferences.service";

/** Loaders for one request, so a User field costs one statement however many users are resolved. */
export function createLoaders(db: Database, _viewer: Viewer | null, manager = db.dataSource.manager) {
  return {
    unreadCountByUserId: new DataLoader((ids: readonly string[]) => new InboxService(manager).unreadCounts(ids)),
    preferencesByUserId: new DataLoader((ids: readonly string[]) => new PreferencesService(manager).forUsers(ids)),
  };
}

export type NotificationsContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents>;
