import fs from "node:fs";
import path from "node:path";
import { logCaptureDir } from "@learnloop/kit/internal";
import { SENSITIVE_SUBDIR } from "./log-scan";

const recorded = new Set<string>();

/**
 * Records a value that must never appear in a log, for the scan after the tests (docs/adr/0017).
 * Does nothing unless logs are being captured. PEM keys are recorded line by line as well, so a
 * key logged without its armour is still found.
 */
export function recordSensitive(value: string | null | undefined, kind: string): void {
  const dir = logCaptureDir();
  if (!dir || !value) return;
  const values = value.includes("-----BEGIN") ? [value, ...value.split("\n").filter((l) => l && !l.startsWith("-----"))] : [value];
  const fresh = values.filter((v) => !recorded.has(v));
  if (fresh.length === 0) return;
  fresh.forEach((v) => recorded.add(v));
  fs.mkdirSync(path.join(dir, SENSITIVE_SUBDIR), { recursive: true });
  const lines = fresh.map((v) => `${JSON.stringify({ kind, value: v })}\n`).join("");
  fs.appendFileSync(path.join(dir, SENSITIVE_SUBDIR, `${process.pid}.ndjson`), lines);
}
