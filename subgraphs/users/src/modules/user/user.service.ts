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

export class UserService {
  /** Takes an EntityManager so the same service runs inside a caller's transaction. */
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(User);
  }

  findByIds(ids: readonly string[]): Promise<User[]> {
    return this.repo.findBy({ id: In([...ids]) });
  }

  /**
   * The signed-in user's row. Clerk's webhook normally creates it; if the first request
   * arrives before the webhook, a default row is created so the learner can start at once.
   */
  async getOrProvision(id: string): Promise<User> {
    await this.repo.createQueryBuilder().insert().values({ id, displayName: "Learner", settings: DEFAULT_SETTINGS }).orIgnore().execute();
    return this.repo.findOneByOrFail({ id });
  }

  async updateProfile(id: string, input: UpdateProfileInput): Promise<User> {
    const user = await this.getOrProvision(id);
    if (input.displayName !== undefined) user.displayName = input.displayName.trim();
    if (input.avatarUrl !== undefined) user.avatarUrl = input.avatarUrl;
    if (input.locale !== undefined) user.locale = input.locale;
    if (input.timezone !== undefined) user.timezone = input.timezone;
    if (input.settings) {
      const defined = Object.fromEntries(Object.entries(input.settings).filter(([, v]) => v !== undefined && v !== null));
      user.settings = { ...DEFAULT_SETTINGS, ...user.settings, ...defined };
    }
    return this.repo.save(user);
  }

  /** Applies a Clerk profile unless a newer one was applied already (deliveries can arrive out of order). */
  async upsertFromClerk(profile: ClerkProfile): Promise<void> {
    await this.manager.query(
      `INSERT INTO users.users (id, display_name, avatar_url, email, settings, clerk_updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET
         display_name = EXCLUDED.display_name, avatar_url = EXCLUDED.avatar_url, email = EXCLUDED.email,
         clerk_updated_at = EXCLUDED.clerk_updated_at, updated_at = now()
       WHERE users.clerk_updated_at IS NULL OR users.clerk_updated_at < EXCLUDED.clerk_updated_at`,
      [profile.id, profile.displayName, profile.avatarUrl, profile.email, JSON.stringify(DEFAULT_SETTINGS), profile.updatedAt],
    );
  }

  async erase(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
