import type { LearnloopPublisher } from "@learnloop/events";
import type { EntityManager } from "typeorm";
import { publishCatalogue, type Publication } from "../catalogue/publish-catalogue";
import { buildCurriculum, CONTENT_VERSION, type Curriculum } from "./curriculum";
import { readKanji, readStrokes, readVocabulary } from "./sources";

export interface ImportProgress {
  step: string;
  done: number;
  total: number;
}

const BATCH = 400;

/** INSERT ... ON CONFLICT (id) DO UPDATE for a batch of plain rows: a re-import converges. */
async function upsert(manager: EntityManager, table: string, rows: object[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const values = columns.map((col) => {
      params.push((row as Record<string, unknown>)[col]);
      return `$${params.length}`;
    });
    return `(${values.join(", ")})`;
  });
  const updates = columns.filter((c) => c !== "id").map((c) => `${c} = EXCLUDED.${c}`);
  await manager.query(
    `INSERT INTO content.${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")} ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")}`,
    params,
  );
}

export async function importedVersion(manager: EntityManager): Promise<string | null> {
  const rows: { version: string }[] = await manager.query(`SELECT version FROM content.content_imports ORDER BY imported_at DESC LIMIT 1`);
  return rows[0]?.version ?? null;
}

export interface ImportOptions {
  force?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** Writes the imported catalogue to content's outbox in the import's transaction (ADR 0011). */
  publisher?: LearnloopPublisher;
  /** The catalogue's version; CONTENT_VERSION unless a test imports another. */
  version?: string;
  /** The catalogue to import; built from the committed sources unless a test gives another. */
  curriculum?: () => Curriculum;
}

/**
 * Loads the catalogue in one transaction, so readers see the old one or the new one, never half,
 * and, with a publisher, the events that tell progress about it commit with it.
 * Skips work when this version is already imported, unless forced.
 */
export async function importContent(
  manager: EntityManager,
  options: ImportOptions = {},
): Promise<{ imported: boolean; counts: Record<string, number>; publication?: Publication }> {
  const version = options.version ?? CONTENT_VERSION;
  if (!options.force && (await importedVersion(manager)) === version) return { imported: false, counts: {} };
  const curriculum: Curriculum = options.curriculum?.() ?? buildCurriculum([...readKanji()], readVocabulary(), readStrokes());
  const tables: [string, object[]][] = [
    ["characters", curriculum.characters],
    ["vocabulary", curriculum.vocabulary],
    ["courses", curriculum.courses],
    ["units", curriculum.units],
    ["lessons", curriculum.lessons],
  ];
  const total = tables.reduce((n, [, rows]) => n + rows.length, 0);
  let done = 0;
  let publication: Publication | undefined;
  await manager.transaction(async (tx) => {
    for (const [table, rows] of tables) {
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        await upsert(tx, table, batch);
        done += batch.length;
        options.onProgress?.({ step: table, done, total });
      }
    }
    await tx.query(`INSERT INTO content.content_imports (version) VALUES ($1)`, [version]);
    if (options.publisher) publication = await publishCatalogue(tx, options.publisher, version);
  });
  return { imported: true, counts: Object.fromEntries(tables.map(([t, rows]) => [t, rows.length])), publication };
}
