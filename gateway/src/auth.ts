import { verifyToken } from "@clerk/backend";
import { isWellFormedUserId, type Viewer } from "@learnloop/kit";
import type { GatewayEnv } from "./environment";

/** The credential of an `Authorization: Bearer <credential>` header, if it has that shape. */
export const bearerCredential = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];

export type AuthResult = { ok: true; viewer: Viewer | null } | { ok: false; message: string };

/**
 * Verifies a Clerk session token from `Authorization: Bearer ...`. With CLERK_JWT_KEY the check
 * is local (no network); otherwise Clerk's JWKS is fetched with the secret key and cached.
 * No header means anonymous; a bad header is an error, never a silent downgrade to anonymous.
 * With CLERK_ISSUER, a token must name it as `iss` (verifyToken checks `iss` only when given
 * `issuer`, an option Clerk does not document, so it is checked here as well); with
 * CLERK_AUTHORIZED_PARTIES, its `azp` must be one of them. Both are required in production.
 */
export function createAuthenticator(env: GatewayEnv) {
  const options = {
    jwtKey: env.CLERK_JWT_KEY,
    secretKey: env.CLERK_SECRET_KEY,
    authorizedParties: env.CLERK_AUTHORIZED_PARTIES.length ? env.CLERK_AUTHORIZED_PARTIES : undefined,
    issuer: env.CLERK_ISSUER,
    clockSkewInMs: 5_000,
  };
  return async function authenticate(header: string | undefined): Promise<AuthResult> {
    if (!header) return { ok: true, viewer: null };
    const token = bearerCredential(header);
    if (!token) return { ok: false, message: "The Authorization header must be `Bearer <session token>`." };
    try {
      const claims = await verifyToken(token, options);
      if (env.CLERK_ISSUER && claims.iss !== env.CLERK_ISSUER) return { ok: false, message: "The session token is invalid." };
      // Signed is not enough: an id no user row can hold would fail deep in a subgraph instead of here.
      if (!isWellFormedUserId(claims.sub)) return { ok: false, message: "The session token's subject is not a user id." };
      return { ok: true, viewer: { userId: claims.sub } };
    } catch (err) {
      const reason = (err as { reason?: string }).reason;
      const expired = reason === "token-expired" || /expired/i.test(String((err as Error).message));
      return { ok: false, message: expired ? "The session token has expired." : "The session token is invalid." };
    }
  };
}
