import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
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

export async function deliverClerkWebhook(stack: TestStack, body: string, options: DeliverOptions = {}) {
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
