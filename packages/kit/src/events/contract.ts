import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

/** Where a contract's routing facts live inside its JSON Schema. */
export interface EventRouting {
  name: string;
  version: number;
  /** Kafka topic. Events of one aggregate share a topic so that they stay in order per key. */
  topic: string;
  /** The payload field whose value is the Kafka message key (ordering and partitioning). */
  partitionKey: string;
}

/** One versioned JSON Schema from schema/events, with its routing facts under `x-event`. */
export interface EventContract {
  "x-event": EventRouting;
  [keyword: string]: unknown;
}

export class EventValidationError extends Error {
  readonly code = "EVENT_CONTRACT_VIOLATION";
  constructor(
    readonly event: string,
    readonly problems: string[],
  ) {
    super(`${event} does not match its contract: ${problems.join("; ")}`);
  }
}

export const eventRef = (name: string, version: number) => `${name}@${version}`;

/**
 * Every event contract, compiled once. Publishing and consuming both go through `validate`, so
 * a payload that breaks its contract is refused at the producer and dead-lettered at a consumer.
 */
export class ContractRegistry<Events extends Record<string, object> = Record<string, object>> {
  /** Type only: the payload type of each event name, generated from the same contracts. */
  declare readonly events: Events;
  private readonly byRef = new Map<string, { routing: EventRouting; validate: ValidateFunction }>();

  constructor(contracts: readonly EventContract[]) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ajv.addKeyword({ keyword: "x-event" });
    addFormats(ajv);
    for (const contract of contracts) {
      const routing = contract["x-event"];
      const ref = eventRef(routing.name, routing.version);
      if (this.byRef.has(ref)) throw new Error(`duplicate event contract ${ref}`);
      this.byRef.set(ref, { routing, validate: ajv.compile(contract) });
    }
  }

  refs(): string[] {
    return [...this.byRef.keys()];
  }

  /** The newest version of an event, or the one asked for. */
  routing(name: string, version?: number): EventRouting {
    if (version !== undefined) {
      const found = this.byRef.get(eventRef(name, version));
      if (!found) throw new Error(`no contract for ${eventRef(name, version)}`);
      return found.routing;
    }
    const versions = [...this.byRef.values()].filter((c) => c.routing.name === name).map((c) => c.routing);
    if (!versions.length) throw new Error(`no contract for event ${name}`);
    return versions.reduce((a, b) => (b.version > a.version ? b : a));
  }

  has(name: string, version: number): boolean {
    return this.byRef.has(eventRef(name, version));
  }

  validate(name: string, version: number, payload: unknown): void {
    const found = this.byRef.get(eventRef(name, version));
    if (!found) throw new EventValidationError(eventRef(name, version), ["no such contract"]);
    if (!found.validate(payload)) throw new EventValidationError(eventRef(name, version), describe(found.validate.errors ?? []));
  }

  partitionKey(name: string, version: number, payload: Record<string, unknown>): string {
    const field = this.routing(name, version).partitionKey;
    return String(payload[field]);
  }
}

function describe(errors: ErrorObject[]): string[] {
  return errors.map((e) => `${e.instancePath || "(payload)"} ${e.message ?? "is invalid"}`);
}
