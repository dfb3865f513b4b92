import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

/**
 * The caller's identity as the gateway vouches for it to one subgraph. It travels as a
 * compact JWS (EdDSA) in the `x-learnloop-context` header: signed by the gateway's private key,
 * checked with the public key, bound to one subgraph (aud) and valid for seconds. A caller
 * who reaches a subgraph port directly cannot forge one. See docs/adr/0003-signed-internal-context.md.
 */
export interface InternalContext {
  /** Clerk user id of the signed-in caller; absent for anonymous callers. */
  userId?: string;
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

const b64 = (value: Buffer | string) => Buffer.from(value).toString("base64url");
const HEADER = b64(JSON.stringify({ alg: "EdDSA", typ: "JWT" }));

export class InternalContextSigner {
  private readonly key: KeyObject;
  constructor(privateKeyPem: string) {
    this.key = createPrivateKey(privateKeyPem);
    if (this.key.asymmetricKeyType !== "ed25519") throw new Error("internal context key must be Ed25519");
  }
  sign(context: InternalContext, audience: string, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const payload = b64(
      JSON.stringify({
        sub: context.userId,
        rid: context.requestId,
        cid: context.clientId,
        idk: context.idempotency?.key,
        iop: context.idempotency?.operation,
        aud: audience,
        iat,
        exp: iat + TTL_SECONDS,
      }),
    );
    const signature = sign(null, Buffer.from(`${HEADER}.${payload}`), this.key);
    return `${HEADER}.${payload}.${b64(signature)}`;
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
  verify(token: string | undefined, now = Date.now()): VerifyResult {
    if (!token) return { ok: false, reason: "missing" };
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: "malformed" };
    const valid = verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), this.key, Buffer.from(parts[2], "base64url"));
    if (!valid) return { ok: false, reason: "bad signature" };
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch {
      return { ok: false, reason: "malformed" };
    }
    const seconds = Math.floor(now / 1000);
    if (claims.aud !== this.audience) return { ok: false, reason: "wrong audience" };
    if (typeof claims.exp !== "number" || claims.exp + CLOCK_SKEW_SECONDS < seconds) return { ok: false, reason: "expired" };
    if (typeof claims.iat !== "number" || claims.iat - CLOCK_SKEW_SECONDS > seconds) return { ok: false, reason: "not yet valid" };
    if (typeof claims.rid !== "string") return { ok: false, reason: "malformed" };
    return {
      ok: true,
      context: {
        requestId: claims.rid,
        userId: typeof claims.sub === "string" ? claims.sub : undefined,
        clientId: typeof claims.cid === "string" ? claims.cid : undefined,
        idempotency:
          typeof claims.idk === "string" && typeof claims.iop === "string" ? { key: claims.idk, operation: claims.iop } : undefined,
      },
    };
  }
}

export function generateInternalContextKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
