import { parseArgs } from "node:util";
import { ROLES } from "@learnloop/kit/internal";
import { loadDevKeys } from "./dev-keys";
import { signSessionToken } from "./session-token";

/** `npm run dev-token [-- --user user_alice --ttl 3600 --role moderator]`: a session token for the embedded default. */
async function main() {
  const { values } = parseArgs({
    options: {
      user: { type: "string", default: "user_dev_learner" },
      ttl: { type: "string", default: "86400" },
      role: { type: "string", multiple: true, default: [] },
    },
  });
  const unknown = values.role!.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) {
    process.stderr.write(`dev-token: unknown role ${unknown.join(", ")}; the roles are ${ROLES.join(", ")}\n`);
    process.exit(2);
  }
  const token = signSessionToken(loadDevKeys().clerkPrivateKey, { sub: values.user!, ttlSeconds: Number(values.ttl), roles: values.role });
  process.stderr.write(
    `DEVELOPMENT ONLY: signed by the local key in .learnloop/dev-keys.json, accepted only by a gateway started with \`npm start\`.\n` +
      `User: ${values.user}${values.role!.length ? `, roles: ${values.role!.join(", ")}` : ""}. Paste into Sandbox's headers as  Authorization: Bearer <token>\n\n`,
  );
  process.stdout.write(`${token}\n`);
}

void main();
