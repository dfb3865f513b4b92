import type { ContentContext } from "../../context";

export function resolveCharacterReference(ref: { id: string }, ctx: ContentContext) {
  return ctx.loaders.characterById.load(ref.id);
}
