import type { Express } from "express";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { EntityManager } from "typeorm";
import type { z } from "zod";
import type { IRules } from "../authz/permissions";
import type { SubgraphEnv } from "../config/env";
import type { Database, DatabaseOptions } from "../db/database";
import type { ContractRegistry } from "../events/contract";
import type { ConsumerDefinition, RunningConsumer } from "../events/consumer";
import type { EventMeta } from "../events/envelope";
import type { EventMap, EventPublisher } from "../events/outbox";
import type { OutboxRelay } from "../events/outbox-relay";
import type { EventTransport } from "../events/transport";
import type { FederatedSchemaOptions } from "../schema/federated-schema";
import type { BackgroundTask } from "./periodic";
import type { SubgraphContext, Viewer } from "./request-context";

/** What a service needs to publish: the subgraph's publisher and the causing request's meta. */
export interface EventSink<Events extends EventMap> {
  publisher: EventPublisher<Events>;
  meta: EventMeta;
}

/** The request's publisher and meta, for a service that publishes. */
export const eventSink = <Events extends EventMap>(ctx: { events: EventPublisher<Events>; eventMeta: EventMeta }): EventSink<Events> => ({
  publisher: ctx.events,
  meta: ctx.eventMeta,
});

/** What a subgraph's start-time parts receive. The publisher always exists: no branch can skip an event. */
export interface StartDeps<Env, Events extends EventMap> {
  db: Database;
  logger: Logger;
  env: Env;
  events: EventPublisher<Events>;
  /** The service's Prometheus registry (served on its metrics port): a subgraph's own metrics go here. */
  metrics: Registry;
}

export interface ServiceDeps<Env, Events extends EventMap, Services> extends StartDeps<Env, Events> {
  services: Services;
}

/** The events a subgraph publishes (through its outbox) and consumes; checked against schema/events. */
export interface SubgraphEvents<Events extends EventMap, Services = unknown> {
  contracts: ContractRegistry<Events>;
  publishes: readonly (keyof Events & string)[];
  consumers: ConsumerDefinition<Events, Services>[];
}

/**
 * Everything that makes a subgraph what it is, with its env, loaders, services and events as
 * types. A new subgraph is one folder exporting `defineSubgraph({...})` as `subgraph`, plus its
 * entry in subgraphs.json.
 */
export interface SubgraphDefinition<Env extends SubgraphEnv, Loaders, Services, Events extends EventMap> {
  name: string;
  /** Extends subgraphEnvSchema; parsed at boot, every problem reported together. */
  envSchema: z.ZodType<Env, unknown>;
  schema: FederatedSchemaOptions<SubgraphContext<Loaders, Events>>;
  permissions: IRules;
  entities: DatabaseOptions["entities"];
  migrations: DatabaseOptions["migrations"];
  /** `manager` is the request's (ADR 0012): loaders must read through it to see a keyed mutation's own writes. */
  createLoaders: (db: Database, viewer: Viewer | null, manager: EntityManager) => Loaders;
  /** None by default; the publisher exists either way and refuses undeclared events. */
  events?: SubgraphEvents<Events, Services>;
  /** Built once, after migrations; handed to consumers, routes, onStart and background work. */
  services?: (deps: StartDeps<Env, Events>) => Services;
  /** Non-GraphQL endpoints (webhooks). They do not get the internal context; they must authenticate themselves. */
  routes?: (app: Express, deps: ServiceDeps<Env, Events, Services>) => void;
  /** Work after migrations and before serving (for example a first data import). */
  onStart?: (deps: ServiceDeps<Env, Events, Services>) => Promise<void>;
  /** Long-running work beside serving (sweeps), started once events run; see startPeriodic. */
  background?: (deps: ServiceDeps<Env, Events, Services>) => BackgroundTask[];
  /** Readiness beyond a reachable database (data it waits for from events): why it is not ready yet, or null. */
  readiness?: (deps: ServiceDeps<Env, Events, Services>) => Promise<string | null>;
}

export interface RunningEvents {
  transport: EventTransport;
  /** The subgraph's outbox, for tests and tools that write an event as the subgraph would. */
  publisher: EventPublisher<EventMap>;
  relay?: OutboxRelay;
  consumers: RunningConsumer[];
  /** Starts another consumer of the definition's `purpose`, with its services (a benchmark's fresh start). */
  startConsumer(purpose: string): Promise<RunningConsumer>;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  /** GET /metrics on its own port (METRICS_PORT); undefined when off. */
  metricsUrl?: string;
  db: Database;
  events: RunningEvents;
  stop(): Promise<void>;
}

/** What the rest of the platform (composition, docs, the devstack) knows of a subgraph, its types erased. */
export interface Subgraph {
  readonly name: string;
  /** For generated docs: the variables it reads. */
  readonly envSchema: z.ZodType<SubgraphEnv, unknown>;
  readonly events: {
    contracts: ContractRegistry;
    publishes: readonly string[];
    consumers: readonly { purpose: string; events: readonly string[] }[];
  };
  /** Its tables, for migration checks. */
  readonly database: Pick<DatabaseOptions, "entities" | "migrations">;
  /** Its shield rules as written (deny by default), for the convention checks. */
  readonly permissions: IRules;
  /** The schema with permissions applied, as served. Needs no database. */
  schema(): Promise<GraphQLSchema>;
  /** Parses `env` (ConfigError listing every problem) and starts serving. */
  start(env: Record<string, string | undefined>, logger?: Logger): Promise<RunningSubgraph>;
  /** A process's main: config from process.env or exit, start, graceful shutdown on SIGTERM/SIGINT. */
  run(): Promise<void>;
}
