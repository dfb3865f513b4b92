import { findNulCharacter, isWellFormedUserId, USER_ID_MAX_LENGTH } from "@learnloop/kit";
import { z } from "zod";

/** The delivery ids kept in webhook_deliveries.id (varchar 128). */
export const deliveryId = z.string().trim().min(1).max(128);

const userId = z.string().max(USER_ID_MAX_LENGTH).refine(isWellFormedUserId, "not a user id");
const text = z.string().max(1_000).nullish();
// ajv-formats' "email", which the user.created/user.updated contracts check when the event is published.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** The fields of Clerk's user object that Learnloop keeps, bounded by the columns that hold them. */
const clerkUser = z.looseObject({
  id: userId,
  username: text,
  first_name: text,
  last_name: text,
  image_url: z.string().max(2_048).nullish(),
  primary_email_address_id: text,
  email_addresses: z
    .array(z.looseObject({ id: z.string().max(200), email_address: z.string().max(320).regex(EMAIL, "not an email address") }))
    .max(100)
    .nullish(),
  updated_at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish(),
});
export type ClerkUser = z.infer<typeof clerkUser>;

/** The events Learnloop acts on. */
const userEvent = z.discriminatedUnion("type", [
  z.looseObject({ type: z.enum(["user.created", "user.updated"]), data: clerkUser }),
  z.looseObject({ type: z.literal("user.deleted"), data: z.looseObject({ id: userId.nullish() }) }),
]);
export type UserEvent = z.infer<typeof userEvent>;
const USER_EVENT_TYPES = new Set(["user.created", "user.updated", "user.deleted"]);

/** Any event: the type is kept in webhook_deliveries.type (varchar 64). */
const anyEvent = z.looseObject({ type: z.string().min(1).max(64) });

export type ReadEvent = { ok: true; type: string; user?: UserEvent } | { ok: false; why: string };

/** The first problem zod found: which field, and why (never the value, which may be personal data). */
const describe = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "payload"}: ${issue.message}` : "malformed payload";
};

/**
 * A verified Clerk event as Learnloop reads it. The signature says Clerk sent it, not that it has
 * the shape we need: a user event must be one we can store, and no string may hold a NUL.
 * Event types Learnloop does not act on (sessions, organisations, ...) need only a type.
 */
export function readClerkEvent(event: unknown): ReadEvent {
  if (findNulCharacter(undefined, event)) return { ok: false, why: "a string holds the NUL character" };
  const any = anyEvent.safeParse(event);
  if (!any.success) return { ok: false, why: describe(any.error) };
  if (!USER_EVENT_TYPES.has(any.data.type)) return { ok: true, type: any.data.type };
  const user = userEvent.safeParse(event);
  return user.success ? { ok: true, type: any.data.type, user: user.data } : { ok: false, why: describe(user.error) };
}
