import { embeddedPostgresUrl } from "@learnloop/embedded-postgres";

/** The loopback port `npm start` serves its embedded PostgreSQL on. */
export const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

/**
 * The database a development command (dlq, partner-key, import-content) works on: DATABASE_URL
 * when set, otherwise the embedded PostgreSQL of a running `npm start`. `hint` is for a connection
 * error, whose usual cause then is that `npm start` is not running.
 */
export function localDatabase(): { url: string; hint: string } {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, hint: "" };
  return { url: embeddedPostgresUrl(EMBEDDED_PG_PORT), hint: " (is `npm start` running? Or set DATABASE_URL)" };
}
