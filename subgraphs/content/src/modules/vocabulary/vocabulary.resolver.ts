import { ConnectionArgs, ConnectionType, paginate } from "@learnloop/kit";
import { IsInt, IsOptional, Length, Max, Min } from "class-validator";
import { Arg, Args, Ctx, Field, InputType, Int, Query, Resolver } from "type-graphql";
import type { ContentContext } from "../../context";
import { whereSearch } from "../search";
import { Vocabulary } from "./vocabulary.entity";

@InputType()
export class VocabularyFilter {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  jlptLevel?: number;

  @Field({ nullable: true, description: "Matches the word, its reading (kana or romaji) or meanings." })
  @IsOptional()
  @Length(1, 64)
  search?: string;
}

const VocabularyConnection = ConnectionType(Vocabulary, "Vocabulary");

@Resolver(() => Vocabulary)
export class VocabularyResolver {
  @Query(() => VocabularyConnection)
  vocabulary(
    @Arg("filter", () => VocabularyFilter, { nullable: true }) filter: VocabularyFilter | undefined,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: ContentContext,
  ) {
    const qb = ctx.db.dataSource.getRepository(Vocabulary).createQueryBuilder("v");
    if (filter?.jlptLevel) qb.andWhere("v.jlpt_level = :jlpt", { jlpt: filter.jlptLevel });
    if (filter?.search) whereSearch(qb, "v.search_text", filter.search);
    return paginate(qb, args, { sortColumn: "v.position", idColumn: "v.id", sortValue: (v) => v.position, idValue: (v) => v.id });
  }
}
