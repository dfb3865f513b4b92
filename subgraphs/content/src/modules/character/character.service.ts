import { paginate, type ConnectionArgs, type Connection } from "@learnloop/kit";
import { In, type EntityManager } from "typeorm";
import { whereSearch } from "../search";
import { Character } from "./character.entity";
import type { CharacterFilter } from "./character.inputs";

export class CharacterService {
  constructor(private readonly manager: EntityManager) {}

  findByIds(ids: readonly string[]): Promise<Character[]> {
    return this.manager.getRepository(Character).findBy({ id: In([...ids]) });
  }

  findByLiteral(literal: string): Promise<Character | null> {
    return this.manager.getRepository(Character).findOneBy({ literal });
  }

  list(filter: CharacterFilter | undefined, args: ConnectionArgs): Promise<Connection<Character>> {
    const qb = this.manager.getRepository(Character).createQueryBuilder("c");
    if (filter?.kind) qb.andWhere("c.kind = :kind", { kind: filter.kind });
    if (filter?.jlptLevel) qb.andWhere("c.jlpt_level = :jlpt", { jlpt: filter.jlptLevel });
    if (filter?.search) whereSearch(qb, "c.search_text", filter.search);
    return paginate(qb, args, { sortColumn: "c.position", idColumn: "c.id", sortValue: (c) => c.position, idValue: (c) => c.id });
  }
}
