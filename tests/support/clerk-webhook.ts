import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { sensitive } from "./sensitive";
import type { TestStack } from "./stack";

export interface DeliverOptions {
  id?: string;
  at?: Date;
  secret?: string;
}

/** A Clerk user webhook body as Clerk sends it. */
export const userPayload = (type: string, id: string, updatedAt: number, name = "Hana") =>
  JSON.stringify({
    type,
    object: "event",
    data: {
      id,
      object: "user",
      username: null,
      first_name: name,
      last_name: "Sato",
      image_url: "https://img.clerk.com/hana.png",
      primary_email_address_id: "idn_1",
      email_addresses: [{ id: "idn_1", email_address: "hana@example.com" }],
      created_at: updatedAt,
      updated_at: updatedAt,
    },
  });

/** The personal data and secret a delivery carries, registered for the log scan (docs/adr/0017). */
function registerDelivery(body: string, secret: string) {
  sensitive(secret, "webhook signing secret");
  let data: Record<string, any> | undefined;
  try {
    data = JSON.parse(body)?.data;
  } catch {
    return; // a test of a malformed body
  }
  if (!data || typeof data !== "object") return;
  const names = [data.first_name, data.last_name].filter((n) => typeof n === "string");
  names.forEach((n) => sensitive(n, "Clerk name"));
  if (names.length === 2) sensitive(names.join(" "), "Clerk name");
  if (typeof data.image_url === "string") sensitive(data.image_url, "Clerk image URL");
  for (const e of Array.isArray(data.email_addresses) ? data.email_addresses : []) {
    if (typeof e?.email_address === "string") sensitive(e.email_address, "Clerk email");
  }
}

export async function deliverClerkWebhook(stack: TestStack, body: string, options: DeliverOptions = {}) {
  registerDelivery(body, options.secret ?? stack.keys.webhookSecret);
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? stack.keys.webhookSecret).sign(id, at, body);
  const res = await fetch(`${stack.gatewayOrigin}/webhooks/clerk`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": signature,
    },
    body,
  });
  return { id, status: res.status, requestId: res.headers.get("x-request-id"), body: await res.json() };
}
