import type { ClerkProfile } from "../modules/user/user.service";
import type { ClerkUser } from "./clerk-event";

/** Maps Clerk's user payload (already checked by clerkEvent) to the profile Learnloop keeps. */
export function toClerkProfile(data: ClerkUser): ClerkProfile {
  const fullName = [data.first_name, data.last_name].filter(Boolean).join(" ").trim();
  const primary = data.email_addresses?.find((e) => e.id === data.primary_email_address_id) ?? data.email_addresses?.[0];
  return {
    id: data.id,
    displayName: (data.username || fullName || "Learner").slice(0, 80),
    avatarUrl: data.image_url || null,
    email: primary?.email_address ?? null,
    updatedAt: data.updated_at ?? Date.now(),
  };
}
