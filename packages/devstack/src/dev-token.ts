import { parseArgs } from "node:util";
import { loadDevKeys } from "./dev-keys";
import { signSessionToken } from "./session-token";

/** `npm run dev-token [-- --user user_alice --ttl 3600]`: a session token for the embedded default. */
async function main() {
  const { values } = parseArgs({
    options: { user: { type: "string", default: "user_dev_learner" }, ttl: { type: "string", default: "86400" } },
  });
  const token = signSessionToken(loadDevKeys().clerkPrivateKey, { sub: values.user!, ttlSeconds: Number(values.ttl) });
  process.stderr.write(
    `DEVELOPMENT ONLY: signed by the local key in .learnloop/dev-keys.json, accepted only by a gateway started with \`npm start\`.\n` +
      `User: ${values.user}. Paste into Sandbox's headers as  Authorization: Bearer <token>\n\n`,
  );
  process.stdout.write(`${token}\n`);
}

void main();
