import type { MutationExamples } from "../../../packages/devstack/src/conventions/mutation-examples";

export const examples: MutationExamples = {
  completeLesson: { document: `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }` },
  recordReview: {
    // A lesson puts its characters in the deck; then one of them is reviewed.
    setup: async ({ gql }) => {
      const done = await gql(
        `mutation { completeLesson(input: { lessonId: "hiragana-01", learnedCharacterIds: ["c-3042"] }) { xpAwarded } }`,
      );
      if (done.errors) throw new Error(`setup failed: ${JSON.stringify(done.errors)}`);
      return { c: "c-3042" };
    },
    document: `mutation($c: ID!) { recordReview(input: { characterId: $c, rating: GOOD }) { id due } }`,
  },
};
