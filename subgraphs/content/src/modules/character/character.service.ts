import { paginate, type ConnectionArgs, type Connection } from "@learnloop/kit";
import { In, type EntityManager } from "typeorm";
import { whereSearch } from "../search";
import { Vocabulary } from "../vocabulary/vocabulary.entity";
import { Character } from "./character.entity";
import type { CharacterFilter } from "./character.inputs";

/** The most example words a character lists (`Character.examples(first:)`). */
export const EXAMPLES_MAX = 5;

interface ExampleRow {
  literal: string;
  id: string;
  written: string;
  reading: string;
  romaji: string;
  meanings: string[];
  jlpt_level: number | null;
  position: number;
}

export class CharacterService {
  constructor(private readonly manager: EntityManager) {}

  findByIds(ids: readonly string[]): Promise<Character[]> {
    return this.manager.getRepository(Character).findBy({ id: In([...ids]) });
  }

  findByLiteral(literal: string): Promise<Character | null> {
    return this.manager.getRepository(Character).findOneBy({ literal });
  }

  /** For each literal, up to EXAMPLES_MAX words written with it: N5 words first, then dictionary order. */
  async examplesFor(literals: readonly string[]): Promise<{ literal: string; word: Vocabulary }[]> {
    const rows: ExampleRow[] = await this.manager.query(
      `SELECT x.literal, w.* FROM unnest($1::text[]) AS x(literal)
       CROSS JOIN LATERAL (
         SELECT v.id, v.written, v.reading, v.romaji, v.meanings, v.jlpt_level, v.position FROM content.vocabulary v
         WHERE strpos(v.written, x.literal) > 0
         ORDER BY v.jlpt_level DESC NULLS LAST, v.position LIMIT $2
       ) w`,
      [[...literals], EXAMPLES_MAX],
    );
    return rows.map(({ literal, jlpt_level, ...word }) => ({
      literal,
      word: this.manager.create(Vocabulary, { ...word, jlptLevel: jlpt_level }),
    }));
  }

  list(filter: CharacterFilter | undefined, args: ConnectionArgs): Promise<Connection<Character>> {
    const qb = this.manager.getRepository(Character).createQueryBuilder("c");
    if (filter?.kind) qb.andWhere("c.kind = :kind", { kind: filter.kind });
    if (filter?.jlptLevel) qb.andWhere("c.jlpt_level = :jlpt", { jlpt: filter.jlptLevel });
    if (filter?.search) whereSearch(qb, "c.search_text", filter.search);
    return paginate(qb, args, { sortColumn: "c.position", idColumn: "c.id", sortValue: (c) => c.position, idValue: (c) => c.id });
  }
}
