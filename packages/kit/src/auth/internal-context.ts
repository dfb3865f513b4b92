import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { featuresFrom, isPlan, type Feature, type Plan } from "./entitlements";
import { rolesFrom, type Role } from "./roles";

/**
 * The caller's identity as the gateway vouches for it to one subgraph. It travels as a JWT
 * (EdDSA, signed with jose) in the `x-learnloop-context` header: signed by the gateway's private
 * key, checked with the public key, bound to one subgraph (aud) and valid for seconds. A caller
 * who reaches a subgraph port directly cannot forge one. See docs/adr/0003-signed-internal-context.md.
 */
export interface InternalContext {
  /** Clerk user id of the signed-in caller; absent for anonymous callers and machines. */
  userId?: string;
  /** Roles from the identity provider (session claims or the machine's mapping); absent means none. */
  roles?: readonly Role[];
  /** The Clerk machine id (`mch_...`) of a machine-to-machine caller. */
  machineId?: string;
  /** A signed-in caller's plan, as billing last told the gateway (claim `pln`); absent means Free. */
  plan?: Plan;
  /** The features that plan unlocks (claim `fea`); absent means none. */
  features?: readonly Feature[];
  requestId: string;
  /** The client instance that sent the request, for echo suppression. */
  clientId?: string;
  /**
   * Set on a mutation fetch whose client sent an Idempotency-Key: the key, and the fingerprint of
   * the client's whole operation (document hash, operation name, variables), so a key reused for
   * another operation is told apart from a second fetch of the same one. See ADR 0012.
   */
  idempotency?: { key: string; operation: string };
}

export const INTERNAL_CONTEXT_HEADER = "x-learnloop-context";
const TTL_SECONDS = 30;
const CLOCK_SKEW_SECONDS = 5;
const ALGORITHM = "EdDSA";

export class InternalContextSigner {
  private readonly key: KeyObject;
  constructor(privateKeyPem: string) {
    this.key = createPrivateKey(privateKeyPem);
    if (this.key.asymmetricKeyType !== "ed25519") throw new Error("internal context key must be Ed25519");
  }
  sign(context: InternalContext, audience: string, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    const claims: Record<string, unknown> = {
      rid: context.requestId,
      cid: context.clientId,
      rol: context.roles?.length ? context.roles : undefined,
    };
    if (context.machineId) claims.mch = context.machineId;
    if (context.plan && context.plan !== "FREE") claims.pln = context.plan;
    if (context.features?.length) claims.fea = context.features;
    if (context.idempotency) Object.assign(claims, { idk: context.idempotency.key, iop: context.idempotency.operation });
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + TTL_SECONDS);
    if (context.userId) jwt.setSubject(context.userId);
    return jwt.sign(this.key);
  }
}

export type VerifyResult = { ok: true; context: InternalContext } | { ok: false; reason: string };

export class InternalContextVerifier {
  private readonly key: KeyObject;
  constructor(
    publicKeyPem: string,
    private readonly audience: string,
  ) {
    this.key = createPublicKey(publicKeyPem);
  }
  async verify(token: string | undefined, now = Date.now()): Promise<VerifyResult> {
    if (!token) return { ok: false, reason: "missing" };
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        audience: this.audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(now),
        requiredClaims: ["iat", "exp"],
      }));
    } catch (err) {
      return { ok: false, reason: reasonOf(err) };
    }
    // jose accepts any iat in the past; one from the future beyond the skew is refused here.
    if (typeof claims.iat !== "number" || claims.iat - CLOCK_SKEW_SECONDS > Math.floor(now / 1000))
      return { ok: false, reason: "not yet valid" };
    if (typeof claims.rid !== "string") return { ok: false, reason: "malformed" };
    const roles = rolesFrom(claims.rol);
    const features = featuresFrom(claims.fea);
    return {
      ok: true,
      context: {
        requestId: claims.rid,
        userId: typeof claims.sub === "string" ? claims.sub : undefined,
        clientId: typeof claims.cid === "string" ? claims.cid : undefined,
        ...(roles.length ? { roles } : {}),
        ...(typeof claims.mch === "string" ? { machineId: claims.mch } : {}),
        ...(isPlan(claims.pln) ? { plan: claims.pln } : {}),
        ...(features.length ? { features } : {}),
        idempotency:
          typeof claims.idk === "string" && typeof claims.iop === "string" ? { key: claims.idk, operation: claims.iop } : undefined,
      },
    };
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "expired";
  if (err instanceof errors.JWTClaimValidationFailed)
    return err.claim === "aud" ? "wrong audience" : err.claim === "iat" || err.claim === "nbf" ? "not yet valid" : "malformed";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "bad signature";
  return "malformed";
}

export function generateInternalContextKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
