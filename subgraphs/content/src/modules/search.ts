import { isRomaji, toHiragana, toKatakana, toRomaji } from "wanakana";
import type { SelectQueryBuilder, ObjectLiteral } from "typeorm";

/** The text a row is found by: everything lower-cased, readings in both kana and romaji. */
export function searchText(parts: (string | null | undefined)[], readings: string[] = []): string {
  const forms = readings.flatMap((r) => {
    const plain = r.replace(/[-.]/g, "");
    return [plain, toHiragana(plain), toKatakana(plain), toRomaji(plain)];
  });
  return [...parts, ...forms].filter(Boolean).join(" ").toLowerCase();
}

/** A query typed in romaji also finds kana, so "nichi" finds 日 (ニチ). */
export function searchForms(query: string): string[] {
  const q = query.trim().toLowerCase();
  const forms = new Set([q]);
  if (isRomaji(q)) {
    forms.add(toHiragana(q));
    forms.add(toKatakana(q));
  }
  return [...forms].filter(Boolean);
}

export function whereSearch<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, query: string): void {
  const forms = searchForms(query).map((f) => `%${f.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  qb.andWhere(`${column} LIKE ANY(:searchForms)`, { searchForms: forms });
}
