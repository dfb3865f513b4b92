import { createPrivateKey, sign } from "node:crypto";
import { recordSensitive } from "./sensitive";

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** What dev tokens name as `iss` and `azp`; the local gateway (npm start, tests) requires exactly these. */
export const DEV_CLERK_ISSUER = "https://clerk.learnloop.dev";
export const DEV_AUTHORIZED_PARTY = "http://localhost:4000";

/**
 * Signs a Clerk-shaped session token (RS256, `sub`, `sid`, `azp`, `iss`). Used by `npm run dev-token`
 * and the tests; the gateway verifies it exactly as a real Clerk token, with the matching public key.
 * `iss: null` leaves the claim out (tests of a token without an issuer). `roles` go where the gateway
 * reads them by default (`metadata.roles`).
 */
export function signSessionToken(
  privateKeyPem: string,
  claims: {
    sub: string;
    azp?: string;
    iss?: string | null;
    ttlSeconds?: number;
    issuedAt?: number;
    /** As Clerk's custom session claim `{"metadata": "{{user.public_metadata}}"}` carries them. */
    roles?: string[];
    /** Any other claims (an organisation's `o`, for example). */
    extra?: Record<string, unknown>;
  },
): string {
  const iat = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  const header = b64({ alg: "RS256", typ: "JWT", kid: "ins_learnloop_dev" });
  const payload = b64({
    sub: claims.sub,
    sid: `sess_${claims.sub}`,
    azp: claims.azp ?? DEV_AUTHORIZED_PARTY,
    ...(claims.iss !== null && { iss: claims.iss ?? DEV_CLERK_ISSUER }),
    iat,
    nbf: iat - 5,
    exp: iat + (claims.ttlSeconds ?? 3600),
    learnloop_dev: true,
    ...(claims.roles?.length && { metadata: { roles: claims.roles } }),
    ...claims.extra,
  });
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPrivateKey(privateKeyPem)).toString("base64url");
  const token = `${header}.${payload}.${signature}`;
  recordSensitive(token, "session token");
  return token;
}

/** Clerk's header category of M2M JWTs (what `@clerk/backend` checks when the header names one). */
const M2M_CATEGORY = "cl_B7d4PD333AAA";

/** Signs a Clerk-shaped machine (M2M) token in JWT format: `sub` is the machine id (`mch_...`). */
export function signMachineToken(privateKeyPem: string, claims: { sub: string; ttlSeconds?: number }): string {
  const iat = Math.floor(Date.now() / 1000);
  const header = b64({ alg: "RS256", typ: "JWT", kid: "ins_learnloop_dev", cat: M2M_CATEGORY });
  const payload = b64({ sub: claims.sub, jti: `mt_${claims.sub}_${iat}`, iat, nbf: iat - 5, exp: iat + (claims.ttlSeconds ?? 3600) });
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPrivateKey(privateKeyPem)).toString("base64url");
  const token = `${header}.${payload}.${signature}`;
  recordSensitive(token, "machine token");
  return token;
}
