import type { MutationExamples } from "../../../packages/devstack/src/conventions/mutation-examples";

export const examples: MutationExamples = {
  updateProfile: { document: `mutation { updateProfile(input: { timezone: "Asia/Tokyo" }) { id } }` },
};
