import { defineSubgraph } from "@learnloop/kit";
import { createLoaders } from "./context";
import { envSchema, type UsersEnv } from "./environment";
import { usersEvents } from "./events";
import { CreateUsers1763790000000 } from "./migrations/1763790000000-create-users";
import { ProfileVisibility1796100000000 } from "./migrations/1796100000000-profile-visibility";
import { User } from "./modules/user/user.entity";
import { resolveUserReference } from "./modules/user/user.reference";
import { UserResolver } from "./modules/user/user.resolver";
import { permissions } from "./permissions";
import { clerkWebhookRoute } from "./webhooks/clerk-webhook.route";
import { WebhookDelivery } from "./webhooks/webhook-delivery.entity";

export { CLERK_WEBHOOK_PATH } from "./webhooks/clerk-webhook.route";
export { envSchema, type UsersEnv };

export const subgraph = defineSubgraph({
  name: "users",
  envSchema,
  schema: { resolvers: [UserResolver], references: { User: resolveUserReference } },
  permissions,
  entities: [User, WebhookDelivery],
  migrations: [CreateUsers1763790000000, ProfileVisibility1796100000000],
  createLoaders,
  routes: clerkWebhookRoute,
  events: usersEvents,
});
