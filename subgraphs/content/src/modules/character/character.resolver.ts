import { ConnectionArgs, ConnectionType, NotFoundError, BadUserInputError } from "@learnloop/kit";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { ContentContext } from "../../context";
import { Character } from "./character.entity";
import { CharacterFilter } from "./character.inputs";
import { Vocabulary } from "../vocabulary/vocabulary.entity";
import { CharacterService, EXAMPLES_MAX } from "./character.service";

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

  @FieldResolver(() => [Vocabulary], {
    description: `Words written with this character, N5 words first: \`first\` of them, at most ${EXAMPLES_MAX}; empty when none.`,
  })
  async examples(
    @Root() character: Character,
    @Arg("first", () => Int, { defaultValue: 3 }) first: number,
    @Ctx() ctx: ContentContext,
  ): Promise<Vocabulary[]> {
    if (first < 1 || first > EXAMPLES_MAX) throw new BadUserInputError(`first must be between 1 and ${EXAMPLES_MAX}.`);
    return (await ctx.loaders.examplesByLiteral.load(character.literal)).slice(0, first).map((e) => e.word);
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
