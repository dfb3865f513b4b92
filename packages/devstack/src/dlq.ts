import "reflect-metadata";
import { parseArgs } from "node:util";
import { consumerGroupId, createLogger, createTransport, listDeadLetters, replayDeadLetters } from "@learnloop/kit/internal";
import { localDatabase } from "./local-database";
import { listedSubgraphs } from "./subgraphs";

/** Every consumer group the subgraphs run, from their definitions. */
const knownGroups = () =>
  listedSubgraphs()
    .flatMap(({ name, subgraph }) => subgraph.events.consumers.map((c) => consumerGroupId(name, c.purpose)))
    .sort();

const usage = () => `usage: npm run dlq -- list <consumer-group>
       npm run dlq -- replay <consumer-group> [--event <event-id>]...
Consumer groups (<subgraph>.<purpose>): ${knownGroups().join(", ")}.
Uses KAFKA_BROKERS when set, otherwise the embedded event log at DATABASE_URL (default: the one \`npm start\` runs).`;

/** Inspects and replays a consumer group's dead letters, on Kafka or on the embedded log. */
async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { event: { type: "string", multiple: true } } });
  const [command, group] = positionals;
  if (!group || (command !== "list" && command !== "replay")) {
    process.stderr.write(`${usage()}\n`);
    process.exit(2);
  }
  // A misspelt group has no dead letters either; saying 0 would hide the mistake.
  if (!knownGroups().includes(group)) {
    process.stderr.write(`dlq: no consumer group "${group}"; the subgraphs' groups are: ${knownGroups().join(", ")}\n`);
    process.exit(2);
  }
  const transport = createTransport(
    {
      KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? "").split(",").filter(Boolean),
      DATABASE_URL: localDatabase().url,
      EVENTLOG_DATABASE_URL: process.env.EVENTLOG_DATABASE_URL,
      KAFKA_SESSION_TIMEOUT_MS: 6_000,
      KAFKA_HEARTBEAT_INTERVAL_MS: 1_000,
    },
    "learnloop-dlq",
    createLogger("dlq", "warn"),
  );
  try {
    if (command === "list") {
      const letters = await listDeadLetters(transport, group);
      for (const d of letters)
        console.log(
          `${d.failedAt}  ${d.type ?? "?"}  ${d.eventId ?? "(no id)"}  from ${d.originalTopic}  after ${d.attempts} attempts\n    ${d.error}`,
        );
      console.log(`${letters.length} dead letter(s) for ${group}`);
    } else {
      const wanted = values.event;
      const replayed = await replayDeadLetters(transport, group, (d) => !wanted?.length || wanted.includes(d.eventId ?? ""));
      console.log(`replayed ${replayed.length} dead letter(s) to their original topics`);
    }
  } finally {
    await transport.close();
  }
}

main().catch((err) => {
  console.error(`${err instanceof Error ? err.message : err}${process.env.KAFKA_BROKERS ? "" : localDatabase().hint}`);
  process.exit(1);
});
