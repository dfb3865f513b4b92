/** User ids are Clerk's (`user_...`), stored as varchar(64) by every subgraph that keys data by them. */
export const USER_ID_MAX_LENGTH = 64;

// Printable ASCII without spaces: no control characters (NUL breaks PostgreSQL) and nothing a log line or URL would mangle.
const USER_ID_PATTERN = /^[\x21-\x7E]{1,64}$/;

/** Whether a token's `sub` (or a webhook's user id) can be a Learnloop user id. */
export const isWellFormedUserId = (value: unknown): value is string => typeof value === "string" && USER_ID_PATTERN.test(value);
