import type { ContentContext } from "../../context";

export function resolveLessonReference(ref: { id: string }, ctx: ContentContext) {
  return ctx.loaders.lessonById.load(ref.id);
}
