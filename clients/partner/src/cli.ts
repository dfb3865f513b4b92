#!/usr/bin/env node
import { PartnerClient, PartnerError } from "./index";

const USAGE = `usage: learnloop-partner <OperationName> ['{"json":"variables"}']
  env: LEARNLOOP_PARTNER_KEY (required), LEARNLOOP_PARTNER_URL (default http://localhost:4000/partner/graphql),
       LEARNLOOP_PARTNER_MANIFEST (default: schema/persisted/partner.json of the Learnloop repository)`;

/** Calls one partner operation and prints its data as JSON; errors go to stderr with their code. */
async function main(argv: string[]): Promise<number> {
  const [operation, json] = argv;
  const apiKey = process.env.LEARNLOOP_PARTNER_KEY;
  if (!operation || !apiKey) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let variables: Record<string, unknown>;
  try {
    variables = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    process.stderr.write(`variables must be JSON: ${json}\n`);
    return 2;
  }
  const client = new PartnerClient({ apiKey, url: process.env.LEARNLOOP_PARTNER_URL });
  try {
    process.stdout.write(`${JSON.stringify(await client.call(operation, variables), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    process.stderr.write(`${err.code}: ${err.message}${err.requestId ? ` (request ${err.requestId})` : ""}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`failed: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
