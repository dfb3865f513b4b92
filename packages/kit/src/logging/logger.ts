import pino, { type Logger } from "pino";
import { CAPTURE_LEVEL, captureDestination } from "./capture";

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
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const capture = captureDestination();
  if (!capture) return pino(options, destination);
  // Under the tests' log capture: the usual output at the usual level, and everything from
  // CAPTURE_LEVEL up to the capture file too, redacted alike.
  const streams: pino.StreamEntry[] = [{ level: CAPTURE_LEVEL, stream: capture }];
  if (level !== "silent") streams.push({ level: level as pino.Level, stream: destination ?? pino.destination(1) });
  const lowest = pino.levels.values[level] < pino.levels.values[CAPTURE_LEVEL] ? level : CAPTURE_LEVEL;
  return pino({ ...options, level: lowest }, pino.multistream(streams));
}

export type { Logger };
