import pino, { type Logger } from "pino";

/**
 * Paths whose values are personal data or secrets. Logs are kept longer and seen by more
 * people than the database, so these never reach them.
 */
export const REDACTED_PATHS = [
  "email",
  "*.email",
  "*.*.email",
  "emailAddress",
  "*.emailAddress",
  "displayName",
  "*.displayName",
  "avatarUrl",
  "*.avatarUrl",
  "token",
  "*.token",
  "password",
  "*.password",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-learnloop-context"]',
  'headers["x-learnloop-context"]',
  "variables",
  "*.variables",
];

export function createLogger(service: string, level = "info", destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
