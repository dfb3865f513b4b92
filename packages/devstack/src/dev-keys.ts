import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { generateInternalContextKeys } from "@learnloop/kit/internal";
import { STATE_DIR } from "./paths";

/**
 * DEVELOPMENT ONLY. Keys the embedded default makes for itself on first start: an RSA pair that
 * stands in for Clerk's (so dev tokens verify without the network), the gateway's internal
 * context pair, and a webhook signing secret. Production takes all of these from its secret store.
 */
export interface DevKeys {
  clerkPrivateKey: string;
  clerkPublicKey: string;
  internalPrivateKey: string;
  internalPublicKey: string;
  webhookSecret: string;
  /** Stripe's webhook signing secret, for the fake Stripe of the embedded default. */
  stripeWebhookSecret: string;
}

export function loadDevKeys(dir = STATE_DIR): DevKeys {
  const file = path.join(dir, "dev-keys.json");
  if (fs.existsSync(file)) {
    const kept = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<DevKeys>;
    if (kept.stripeWebhookSecret) return kept as DevKeys;
    // Keys from before billing: add the one they lack.
    const keys = { ...kept, stripeWebhookSecret: `whsec_${randomBytes(24).toString("base64")}` } as DevKeys;
    fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
    return keys;
  }
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const internal = generateInternalContextKeys();
  const keys: DevKeys = {
    clerkPrivateKey: rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    clerkPublicKey: rsa.publicKey.export({ type: "spki", format: "pem" }).toString(),
    internalPrivateKey: internal.privateKey,
    internalPublicKey: internal.publicKey,
    webhookSecret: `whsec_${randomBytes(24).toString("base64")}`,
    stripeWebhookSecret: `whsec_${randomBytes(24).toString("base64")}`,
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
