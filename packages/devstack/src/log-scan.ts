import fs from "node:fs";
import path from "node:path";

/**
 * The scan behind "no PII in logs" (docs/adr/0017): every line the tests' services logged is
 * searched for the values the tests registered as sensitive and for classes of secrets by
 * pattern. Nothing found is printed in full.
 */

/** Where registered values are kept inside a capture directory (never scanned as logs). */
export const SENSITIVE_SUBDIR = "sensitive";
/** The message of the line each Jest test file logs first, naming itself (tests/support/log-capture.setup.ts). */
export const TEST_FILE_MARKER = "test file";
/** Shorter registered values would match ordinary words and ids; the patterns still cover their classes. */
export const MIN_VALUE_LENGTH = 3;

export interface Pattern {
  name: string;
  regex: RegExp;
}

/** Secrets and personal data found by their shape, whether or not a test registered them. */
export const PATTERNS: Pattern[] = [
  // Not a Message-ID (<uuid@host>, as nodemailer makes them): it names a mail, not a person.
  {
    name: "email address",
    regex:
      /(?<![\w.%+-])(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@)[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  },
  { name: "JWT", regex: /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  { name: "webhook secret", regex: /whsec_[A-Za-z0-9+/=]{8,}/g },
  { name: "PEM block", regex: /-----BEGIN [A-Z0-9 ]+-----/g },
  // gateway/src/partner/api-key.ts: llp_<public id>_<secret>; the id alone is fine to log.
  { name: "partner API key", regex: /llp_[a-z0-9]{12}_[A-Za-z0-9_-]{8,}/g },
  { name: "Clerk secret key", regex: /\bsk_(?:test|live)_[A-Za-z0-9]{8,}/g },
  { name: "bearer credential", regex: /\bbearer\s+[\w.~+/=-]{8,}/gi },
];

export interface Registered {
  kind: string;
  value: string;
}

export interface Hit {
  /** A pattern's name, or "registered <kind>". */
  what: string;
  start: number;
  end: number;
}

/** Enough to tell which value it was, never enough to use it. */
export function mask(value: string): string {
  const shown = value.length >= 24 ? 4 : value.length >= 10 ? 2 : 1;
  return `${value.slice(0, shown)}…(${value.length} chars)`;
}

/** The line with every hit replaced by its mask. */
export function maskHits(line: string, hits: Hit[]): string {
  let out = "";
  let at = 0;
  for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
    if (hit.start < at) continue; // overlaps one already masked
    out += line.slice(at, hit.start) + mask(line.slice(hit.start, hit.end));
    at = hit.end;
  }
  return out + line.slice(at);
}

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** How a value appears in a log line: as given, and JSON-escaped (a PEM key's newlines become \n). */
function forms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped === value ? [value] : [value, escaped];
}

/**
 * Registered values, found in a line in one pass: candidates are looked up by their first
 * characters at each word start, so thousands of tokens cost little more than one. A value
 * matches whole words only ("Sato" is not found in "Satoshi").
 */
export class ValueIndex {
  private readonly byPrefix = new Map<string, Registered[]>();
  readonly size: number;

  constructor(values: Iterable<Registered>) {
    const seen = new Set<string>();
    for (const { kind, value } of values) {
      for (const form of forms(value)) {
        if (form.length < MIN_VALUE_LENGTH || seen.has(form)) continue;
        seen.add(form);
        const key = form.slice(0, MIN_VALUE_LENGTH);
        const list = this.byPrefix.get(key) ?? [];
        list.push({ kind, value: form });
        this.byPrefix.set(key, list);
      }
    }
    this.size = seen.size;
  }

  find(line: string): Hit[] {
    const hits: Hit[] = [];
    for (let i = 0; i + MIN_VALUE_LENGTH <= line.length; i++) {
      if (i > 0 && isWordChar(line.charCodeAt(i - 1)) && isWordChar(line.charCodeAt(i))) continue;
      const candidates = this.byPrefix.get(line.slice(i, i + MIN_VALUE_LENGTH));
      if (!candidates) continue;
      for (const { kind, value } of candidates) {
        const end = i + value.length;
        if (!line.startsWith(value, i)) continue;
        if (end < line.length && isWordChar(value.charCodeAt(value.length - 1)) && isWordChar(line.charCodeAt(end))) continue;
        hits.push({ what: `registered ${kind}`, start: i, end });
      }
    }
    return hits;
  }
}

export function findHits(line: string, values: ValueIndex, patterns: Pattern[] = PATTERNS): Hit[] {
  const hits = values.find(line);
  for (const { name, regex } of patterns) {
    for (const m of line.matchAll(regex)) hits.push({ what: name, start: m.index, end: m.index + m[0].length });
  }
  return hits;
}

export interface LineHit {
  file: string;
  line: number;
  what: string;
  masked: string;
  /** Which service logged it and what, with every hit masked. */
  context: string;
  /** The Jest test file whose loggers wrote the file, when known. */
  testFile?: string;
}

export interface ScanReport {
  dir: string;
  files: number;
  lines: number;
  registered: number;
  hits: LineHit[];
}

/** Every registered value under a capture directory. */
export function readRegistered(dir: string): Registered[] {
  const folder = path.join(dir, SENSITIVE_SUBDIR);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .flatMap((f) => fs.readFileSync(path.join(folder, f), "utf8").split("\n"))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Registered);
}

function contextOf(line: string, hits: Hit[]): string {
  const masked = maskHits(line, hits);
  try {
    const entry = JSON.parse(masked) as Record<string, unknown>;
    return `${entry.service ?? "?"}: ${String(entry.msg ?? "").slice(0, 120)}`;
  } catch {
    return masked.slice(0, 160);
  }
}

/** Scans every capture file (*.ndjson) in dir, one level deep. */
export function scanCapture(dir: string): ScanReport {
  const values = new ValueIndex(readRegistered(dir));
  const report: ScanReport = { dir, files: 0, lines: 0, registered: values.size, hits: [] };
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ndjson")) : [];
  for (const file of files.sort()) {
    report.files++;
    let testFile: string | undefined;
    const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      if (!line) return;
      report.lines++;
      if (i === 0 && line.includes(`"msg":"${TEST_FILE_MARKER}"`)) testFile = (JSON.parse(line) as { testFile?: string }).testFile;
      const hits = findHits(line, values);
      if (hits.length === 0) return;
      const context = contextOf(line, hits);
      for (const hit of hits) {
        report.hits.push({ file, line: i + 1, what: hit.what, masked: mask(line.slice(hit.start, hit.end)), context, testFile });
      }
    });
  }
  return report;
}

/** Nothing scanned means the capture broke, which must not pass for a clean run. */
export const scanPassed = (report: ScanReport) => report.lines > 0 && report.hits.length === 0;

export function formatReport(report: ScanReport, maxHits = 50): string {
  const out = [
    `log scan (${report.dir}): ${report.files} files, ${report.lines} log lines, ${report.registered} registered values, ${report.hits.length} hits`,
  ];
  if (report.lines === 0) out.push("  no log lines were captured: the capture is broken, so the scan proves nothing");
  for (const h of report.hits.slice(0, maxHits)) {
    out.push(`  ${h.file}:${h.line}${h.testFile ? ` (${h.testFile})` : ""}: ${h.what} ${h.masked} in ${h.context}`);
  }
  if (report.hits.length > maxHits) out.push(`  ... and ${report.hits.length - maxHits} more`);
  return out.join("\n");
}
