import { createApi } from "../apollo/client";
import type { WebConfig } from "../config";
import { SignInCheckDocument } from "../generated/graphql";
import { describeError, type ShownError } from "../ui/errors";

/**
 * Asks the gateway who the token is before the app takes it: a bad or expired token is refused on
 * the sign-in form with the gateway's own message, never by a broken shell.
 */
export async function checkToken(config: WebConfig, token: string): Promise<ShownError[] | null> {
  const api = createApi(config, async () => token);
  try {
    await api.client.query({ query: SignInCheckDocument, fetchPolicy: "network-only" });
    return null;
  } catch (error) {
    return describeError(error);
  } finally {
    await api.dispose().catch(() => undefined);
  }
}
