import { gql, type TestStack } from "./stack";
import { waitFor } from "./wait";

/** Whether progress's copy of the profile says public (it follows users' events, ADR 0014). */
export async function progressSeesPublic(stack: TestStack, userId: string): Promise<boolean> {
  const rows = await stack.subgraphs.progress.db.dataSource.query(`SELECT profile_public FROM progress.learners WHERE user_id = $1`, [
    userId,
  ]);
  return rows[0]?.profile_public === true;
}

/** Sets a user's profile visibility through the gateway, and waits until progress has heard it too. */
export async function setVisibility(stack: TestStack, userId: string, visibility: "PUBLIC" | "PRIVATE"): Promise<void> {
  const r = await gql(stack.gatewayUrl, `mutation($v: ProfileVisibility!) { updateProfile(input: { profileVisibility: $v }) { id } }`, {
    token: stack.token(userId),
    variables: { v: visibility },
  });
  if (r.body.errors) throw new Error(`updateProfile failed: ${JSON.stringify(r.body.errors)}`);
  const wanted = visibility === "PUBLIC";
  await waitFor(async () => (await progressSeesPublic(stack, userId)) === wanted, 15_000, `progress to hear the profile is ${visibility}`);
}
