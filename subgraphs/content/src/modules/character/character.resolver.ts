import { ConnectionArgs, ConnectionType, NotFoundError, BadUserInputError } from "@learnloop/kit";
import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { ContentContext } from "../../context";
import { Character } from "./character.entity";
import { CharacterFilter } from "./character.inputs";
import { CharacterService } from "./character.service";

const CharacterConnection = ConnectionType(Character, "Character");

@Resolver(() => Character)
export class CharacterResolver {
  @Query(() => CharacterConnection)
  characters(
    @Arg("filter", () => CharacterFilter, { nullable: true }) filter: CharacterFilter | undefined,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: ContentContext,
  ) {
    return new CharacterService(ctx.db.dataSource.manager).list(filter, args);
  }

  @Query(() => Character, { description: "A character by id or by its literal (e.g. 日)." })
  async character(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("literal", () => String, { nullable: true }) literal: string | undefined,
    @Ctx() ctx: ContentContext,
  ): Promise<Character> {
    if (!id === !literal) throw new BadUserInputError("Pass exactly one of `id` and `literal`.");
    const found = id
      ? await ctx.loaders.characterById.load(id)
      : await new CharacterService(ctx.db.dataSource.manager).findByLiteral(literal!);
    if (!found) throw new NotFoundError("Character", id ?? literal);
    return found;
  }
}
