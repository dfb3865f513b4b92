import { verifyToken } from "@clerk/backend";
// Clerk's machine-token checks are exported from /internal only; the same ones its authenticateRequest uses.
import { isMachineToken, verifyMachineAuthToken } from "@clerk/backend/internal";
import { claimAt, isWellFormedUserId, rolesFrom, type Role, type Viewer } from "@learnloop/kit/internal";
import type { GatewayEnv } from "./environment";

/** The credential of an `Authorization: Bearer <credential>` header, if it has that shape. */
export const bearerCredential = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];

/** Who is calling: a user (viewer), a machine (machineId, no viewer) or nobody, with their roles. */
export type AuthResult = { ok: true; viewer: Viewer | null; roles: Role[]; machineId?: string } | { ok: false; message: string };

const ANONYMOUS: AuthResult = { ok: true, viewer: null, roles: [] };

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
    if (!header) return ANONYMOUS;
    const token = bearerCredential(header);
    if (!token) return { ok: false, message: "The Authorization header must be `Bearer <session token>`." };
    if (isMachineToken(token)) return authenticateMachine(token);
    try {
      const claims = await verifyToken(token, options);
      if (env.CLERK_ISSUER && claims.iss !== env.CLERK_ISSUER) return { ok: false, message: "The session token is invalid." };
      // Signed is not enough: an id no user row can hold would fail deep in a subgraph instead of here.
      if (!isWellFormedUserId(claims.sub)) return { ok: false, message: "The session token's subject is not a user id." };
      const roles = rolesFrom(...env.CLERK_ROLES_CLAIMS.map((path) => claimAt(claims as Record<string, unknown>, path)));
      return { ok: true, viewer: { userId: claims.sub }, roles };
    } catch (err) {
      const reason = (err as { reason?: string }).reason;
      const expired = reason === "token-expired" || /expired/i.test(String((err as Error).message));
      return { ok: false, message: expired ? "The session token has expired." : "The session token is invalid." };
    }
  };

  /** An M2M token (JWT format verifies with CLERK_JWT_KEY; `mt_` tokens need CLERK_SECRET_KEY): only listed machines. */
  async function authenticateMachine(token: string): Promise<AuthResult> {
    const refused: AuthResult = { ok: false, message: "The machine token is invalid or not allowed here." };
    try {
      const result = await verifyMachineAuthToken(token, options);
      if (result.errors || result.tokenType !== "m2m_token") return refused;
      const machineId = (result.data as { subject?: string }).subject;
      const granted = machineId ? env.CLERK_MACHINE_ROLES[machineId] : undefined;
      if (!machineId || !granted) return refused;
      return { ok: true, viewer: null, roles: rolesFrom(granted), machineId };
    } catch {
      return refused;
    }
  }
}
