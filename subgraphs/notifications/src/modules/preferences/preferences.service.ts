import { BadUserInputError } from "@learnloop/kit";
import { In, type EntityManager } from "typeorm";
import {
  ACCOUNT_CATEGORIES,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  NotificationCategory,
  NotificationChannel,
} from "../notification/notification.enums";
import { Preference, QuietHoursRow } from "./preference.entity";
import type { UpdateNotificationPreferencesInput } from "./preferences.inputs";
import type { NotificationPreferences } from "./preferences.types";
import { minutesOf, type QuietWindow } from "./quiet-hours";

const EMAIL_BY_DEFAULT: ReadonlySet<NotificationCategory> = new Set([
  NotificationCategory.WELCOME,
  NotificationCategory.LEVEL,
  NotificationCategory.ACHIEVEMENT,
  NotificationCategory.COACHING,
]);

/** Without a stored choice: in-app everything; email only for welcome, level, achievement and coaching. */
export function enabledByDefault(channel: NotificationChannel, category: NotificationCategory): boolean {
  return channel === NotificationChannel.IN_APP || EMAIL_BY_DEFAULT.has(category);
}

/** One user's stored choices, with the defaults behind them. */
export class UserPreferences {
  constructor(
    private readonly rows: Preference[],
    readonly quietHours: QuietWindow | null,
  ) {}

  enabled(channel: NotificationChannel, category: NotificationCategory): boolean {
    if (ACCOUNT_CATEGORIES.has(category)) return true;
    return this.rows.find((r) => r.channel === channel && r.category === category)?.enabled ?? enabledByDefault(channel, category);
  }

  toGraphQL(): NotificationPreferences {
    return {
      settings: NOTIFICATION_CHANNELS.flatMap((channel) =>
        NOTIFICATION_CATEGORIES.map((category) => ({ channel, category, enabled: this.enabled(channel, category) })),
      ),
      quietHours: this.quietHours ? { start: this.quietHours.start, end: this.quietHours.end } : null,
    };
  }
}

export class PreferencesService {
  constructor(private readonly manager: EntityManager) {}

  /** Preferences of many users in two statements, in key order. */
  async forUsers(userIds: readonly string[]): Promise<UserPreferences[]> {
    const ids = [...userIds];
    // One after the other: inside a transaction both statements share one connection.
    const rows = await this.manager.findBy(Preference, { userId: In(ids) });
    const quiet = await this.manager.findBy(QuietHoursRow, { userId: In(ids) });
    return ids.map((id) => {
      const q = quiet.find((r) => r.userId === id);
      return new UserPreferences(
        rows.filter((r) => r.userId === id),
        q ? { start: q.start, end: q.end } : null,
      );
    });
  }

  async forUser(userId: string): Promise<UserPreferences> {
    return (await this.forUsers([userId]))[0];
  }

  /** Applies the changes in one transaction; refuses duplicates and an empty quiet window. */
  async update(userId: string, input: UpdateNotificationPreferencesInput): Promise<UserPreferences> {
    const settings = input.settings ?? [];
    const seen = new Set<string>();
    for (const s of settings) {
      const key = `${s.channel}/${s.category}`;
      if (seen.has(key)) throw new BadUserInputError(`settings names ${key} more than once.`, { field: "settings" });
      seen.add(key);
      if (ACCOUNT_CATEGORIES.has(s.category) && !s.enabled)
        throw new BadUserInputError(`${s.category} notifications are about your account and payments, and cannot be turned off.`, {
          field: "settings",
        });
    }
    if (input.quietHours && minutesOf(input.quietHours.start) === minutesOf(input.quietHours.end))
      throw new BadUserInputError("quietHours.start and quietHours.end must differ.", { field: "quietHours" });

    return this.manager.transaction(async (tx) => {
      if (settings.length)
        await tx.query(
          `INSERT INTO notifications.preferences (user_id, channel, category, enabled, updated_at)
           SELECT $1, channel, category, enabled, now() FROM unnest($2::text[], $3::text[], $4::boolean[]) AS s(channel, category, enabled)
           ON CONFLICT (user_id, channel, category) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at`,
          [userId, settings.map((s) => s.channel), settings.map((s) => s.category), settings.map((s) => s.enabled)],
        );
      if (input.quietHours === null) await tx.delete(QuietHoursRow, { userId });
      else if (input.quietHours)
        await tx.query(
          `INSERT INTO notifications.quiet_hours (user_id, starts_at, ends_at, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (user_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, updated_at = EXCLUDED.updated_at`,
          [userId, input.quietHours.start, input.quietHours.end],
        );
      return new PreferencesService(tx).forUser(userId);
    });
  }
}
