import type { LearnloopSink } from "@learnloop/events";
import { In, type EntityManager } from "typeorm";
import { DEFAULT_SETTINGS } from "./user-settings";
import { User } from "./user.entity";
import type { UpdateProfileInput } from "./user.inputs";

export interface ClerkProfile {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  email: string | null;
  updatedAt: number;
}

/**
 * Writes run in the caller's transaction (`manager`), and so do the events they publish: a
 * user.created/updated/deleted event exists exactly when its change committed.
 */
/** Reads users by id; what the loaders batch. */
export const findUsersByIds = (manager: EntityManager, ids: readonly string[]): Promise<User[]> =>
  manager.getRepository(User).findBy({ id: In([...ids]) });

export class UserService {
  constructor(
    private readonly manager: EntityManager,
    private readonly events: LearnloopSink,
  ) {}

  private async publishProfile(type: "user.created" | "user.updated", user: User): Promise<void> {
    const profile = {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      timezone: user.timezone,
      profileVisibility: user.profileVisibility,
    };
    const at = new Date().toISOString();
    if (type === "user.created") await this.events.publisher.publish(this.manager, type, { ...profile, createdAt: at }, this.events.meta);
    else await this.events.publisher.publish(this.manager, type, { ...profile, updatedAt: at }, this.events.meta);
  }

  private get repo() {
    return this.manager.getRepository(User);
  }

  /**
   * The signed-in user's row. Clerk's webhook normally creates it; if the first request
   * arrives before the webhook, a default row is created so the learner can start at once.
   */
  async getOrProvision(id: string): Promise<User> {
    const found = await this.repo.findOneBy({ id });
    if (found) return found;
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .values({ id, displayName: "Learner", settings: DEFAULT_SETTINGS })
      .orIgnore()
      .returning("id")
      .execute();
    const user = await this.repo.findOneByOrFail({ id });
    if (inserted.raw.length) await this.publishProfile("user.created", user);
    return user;
  }

  async updateProfile(id: string, input: UpdateProfileInput): Promise<User> {
    const user = await this.getOrProvision(id);
    if (input.displayName !== undefined) user.displayName = input.displayName.trim();
    if (input.avatarUrl !== undefined) user.avatarUrl = input.avatarUrl;
    if (input.locale !== undefined) user.locale = input.locale;
    if (input.timezone !== undefined) user.timezone = input.timezone;
    if (input.profileVisibility) user.profileVisibility = input.profileVisibility;
    if (input.settings) {
      const defined = Object.fromEntries(Object.entries(input.settings).filter(([, v]) => v !== undefined && v !== null));
      user.settings = { ...DEFAULT_SETTINGS, ...user.settings, ...defined };
    }
    const saved = await this.repo.save(user);
    await this.publishProfile("user.updated", saved);
    return saved;
  }

  /** Applies a Clerk profile unless a newer one was applied already (deliveries can arrive out of order). */
  async upsertFromClerk(profile: ClerkProfile): Promise<void> {
    const applied: { inserted: boolean }[] = await this.manager.query(
      `INSERT INTO users.users (id, display_name, avatar_url, email, settings, clerk_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET
         display_name = EXCLUDED.display_name, avatar_url = EXCLUDED.avatar_url, email = EXCLUDED.email,
         clerk_updated_at = EXCLUDED.clerk_updated_at, updated_at = now()
       WHERE users.clerk_updated_at IS NULL OR users.clerk_updated_at < EXCLUDED.clerk_updated_at
       RETURNING (xmax = 0) AS inserted`,
      [profile.id, profile.displayName, profile.avatarUrl, profile.email, JSON.stringify(DEFAULT_SETTINGS), profile.updatedAt],
    );
    if (!applied.length) return; // an older delivery: nothing changed, nothing to tell
    await this.publishProfile(applied[0].inserted ? "user.created" : "user.updated", await this.repo.findOneByOrFail({ id: profile.id }));
  }

  async erase(id: string): Promise<void> {
    await this.manager.query(`DELETE FROM users.users WHERE id = $1`, [id]);
    // Announced even when users held no row: other subgraphs may hold the person's data all the
    // same (their events came first), and every consumer's erasure is idempotent.
    await this.events.publisher.publish(
      this.manager,
      "user.deleted",
      { userId: id, deletedAt: new Date().toISOString() },
      this.events.meta,
    );
  }
}
