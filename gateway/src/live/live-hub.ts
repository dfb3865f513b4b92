import { randomUUID } from "node:crypto";
import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from "@apollo/gateway";
import { activeContext, inSpan, runIn, type EventEnvelope } from "@learnloop/kit/internal";
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import type { GatewayContext } from "../context";
import { INCOMPLETE_MESSAGE } from "../incomplete-response";
import type { LivePlan, LivePlanner } from "./live-planner";
import { MemberQueue } from "./member-queue";
import { LIVE_ROUTES, type LiveRoute } from "./routes";

export interface JoinOptions {
  plan: LivePlan;
  variables: Record<string, unknown>;
  userId: string;
  clientId?: string;
  /** Also receive the events this client's own mutations caused. */
  echoes: boolean;
  /** Replay what came after this event (from the feed's window) before going live. */
  replay?: EventEnvelope<unknown>[];
  requestId: string;
}

interface Member {
  userId: string;
  clientId?: string;
  echoes: boolean;
  queue: MemberQueue;
}

/** Subscribers with the same document, variables and authorization scope: one execution per event for all. */
interface Group {
  key: string;
  route: LiveRoute;
  plan: LivePlan;
  variables: Record<string, unknown>;
  /** The owner's user id, or "public" (completed with no viewer). */
  scope: string;
  members: Set<Member>;
  /** Members still replaying what they missed: not yet in `members`, but the group must not go. */
  joining: Set<Member>;
  /** This group's work, run one at a time and in order; other groups never wait for it. */
  pending: Task[];
  running: boolean;
}

interface Task {
  run(): Promise<void>;
  /** Event deliveries may be shed when the group falls behind; a member's replay may not. */
  droppable: boolean;
}

export interface HubStats {
  groups: number;
  members: number;
  /** Results waiting in subscribers' queues, over all of them: what slow clients cost in memory. */
  queued: number;
  executions: number;
  executionsByField: Record<string, number>;
  delivered: number;
  dropped: number;
}

const routeByField = new Map(LIVE_ROUTES.map((r) => [r.field, r]));
const PUBLIC = "public";

/**
 * Fans events out to subscribers. Each group handles its events one at a time, in the feed's order,
 * so each subscriber sees them in order, and groups run independently, so a slow subgraph behind one
 * selection delays no other. A group is executed once per event whatever its size, and only if
 * some member wants the event (echo suppression).
 */
export class LiveHub {
  private readonly groups = new Map<string, Group>();
  /** field → scope → groups, so an owner-only event touches only its owner's groups. */
  private readonly index = new Map<string, Map<string, Set<Group>>>();
  private readonly counters = { executions: 0, delivered: 0, dropped: 0 };
  private readonly executionsByField: Record<string, number> = {};

  constructor(
    private readonly planner: LivePlanner,
    private readonly serviceMap: Record<string, GraphQLDataSource>,
    private readonly logger: Logger,
    private readonly queueLimit: number,
    private readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  ) {}

  isLive(field: string): boolean {
    return routeByField.has(field);
  }

  /** Adds a subscriber; its replay (if any) runs in the event order, before later live events. */
  join(options: JoinOptions): MemberQueue {
    const route = routeByField.get(options.plan.field)!;
    const scope = route.audience === "owner" ? options.userId : PUBLIC;
    const key = JSON.stringify([scope, options.plan.key, options.variables]);
    let group = this.groups.get(key);
    if (!group) {
      group = {
        key,
        route,
        plan: options.plan,
        variables: options.variables,
        scope,
        members: new Set(),
        joining: new Set(),
        pending: [],
        running: false,
      };
      this.groups.set(key, group);
      const byScope = this.index.get(route.field) ?? new Map<string, Set<Group>>();
      this.index.set(route.field, byScope);
      byScope.set(scope, (byScope.get(scope) ?? new Set()).add(group));
    }
    const joined = group;
    const member: Member = {
      userId: options.userId,
      clientId: options.clientId,
      echoes: options.echoes,
      queue: new MemberQueue(this.queueLimit, () => this.leave(joined, member), options.requestId),
    };
    const replay = options.replay;
    if (!replay) joined.members.add(member);
    else {
      // On the group's queue: events already scheduled run first (without this member), the replay
      // covers them from the window, and events after it find the member in the group.
      joined.joining.add(member);
      this.schedule(joined, {
        droppable: false,
        run: async () => {
          try {
            for (const event of replay) {
              if (member.queue.closed) return;
              if (!joined.route.events.includes(event.type) || !this.wants(member, joined, event)) continue;
              const result = await this.execute(joined, event);
              if (result) member.queue.push(result);
            }
            if (!member.queue.closed) joined.members.add(member);
          } finally {
            joined.joining.delete(member);
            this.removeIfEmpty(joined);
          }
        },
      });
    }
    return member.queue;
  }

  /** Called by the feed for each new event: schedules it on every group it may concern, returns at once. */
  dispatch(event: EventEnvelope<unknown>): void {
    const userId = (event.payload as { userId?: unknown }).userId;
    for (const route of LIVE_ROUTES) {
      if (!route.events.includes(event.type)) continue;
      const scope = route.audience === "owner" ? (typeof userId === "string" ? userId : undefined) : PUBLIC;
      // Run later on the group's queue, in the feed's span: the delivery continues the event's trace.
      const ctx = activeContext();
      for (const group of (scope && this.index.get(route.field)?.get(scope)) || [])
        this.schedule(group, { droppable: true, run: () => runIn(ctx, () => this.deliver(group, event)) });
    }
  }

  stats(): HubStats {
    let members = 0;
    let queued = 0;
    for (const g of this.groups.values()) {
      members += g.members.size;
      for (const m of g.members) queued += m.queue.size;
    }
    return { groups: this.groups.size, members, queued, ...this.counters, executionsByField: { ...this.executionsByField } };
  }

  /** Closes every subscription (gateway shutdown). */
  closeAll(): void {
    for (const group of [...this.groups.values()]) for (const m of [...group.members, ...group.joining]) m.queue.close();
  }

  private schedule(group: Group, task: Task): void {
    group.pending.push(task);
    if (group.pending.length > this.queueLimit) {
      // The group's executions fall behind the feed (a slow subgraph): shed its oldest event, as a slow client's queue does.
      const oldest = group.pending.findIndex((t) => t.droppable);
      if (oldest >= 0) {
        group.pending.splice(oldest, 1);
        for (const m of [...group.members, ...group.joining]) m.queue.markDropped(1);
        this.counters.dropped += group.members.size + group.joining.size;
      }
    }
    if (!group.running) void this.drain(group);
  }

  private async drain(group: Group): Promise<void> {
    group.running = true;
    for (let task = group.pending.shift(); task; task = group.pending.shift())
      await task.run().catch((err) => this.logger.error({ err, field: group.route.field }, "live event fan-out failed"));
    group.running = false;
  }

  /** One execution for every member that wants the event, chosen when it runs (members come and go). */
  private async deliver(group: Group, event: EventEnvelope<unknown>): Promise<void> {
    const recipients = [...group.members].filter((m) => this.wants(m, group, event));
    if (!recipients.length) return;
    const attributes = {
      "graphql.operation.type": "subscription",
      "learnloop.live.field": group.route.field,
      "learnloop.event.id": event.id,
    };
    await inSpan(`graphql-ws deliver ${group.route.field}`, { attributes }, async (span) => {
      const result = await this.execute(group, event);
      span.setAttribute("learnloop.live.recipients", result ? recipients.length : 0);
      if (!result) return;
      for (const m of recipients) {
        const before = m.queue.totalDropped;
        m.queue.push(result);
        this.counters.delivered++;
        this.counters.dropped += m.queue.totalDropped - before;
      }
    });
  }

  private wants(member: Member, group: Group, event: EventEnvelope<unknown>): boolean {
    if (group.route.audience === "owner" && (event.payload as { userId?: unknown }).userId !== member.userId) return false;
    const echo = member.clientId !== undefined && event.meta.clientId === member.clientId;
    return !echo || member.echoes;
  }

  /** The plan for one event: the owning subgraph completes the root field, the rest as in a query. Null: nothing to send. */
  private async execute(group: Group, event: EventEnvelope<unknown>): Promise<ExecutionResult | null> {
    this.counters.executions++;
    this.executionsByField[group.plan.field] = (this.executionsByField[group.plan.field] ?? 0) + 1;
    // A public group's errors go to many users: never echo the request id some client chose.
    const requestId = group.scope === PUBLIC ? randomUUID() : (event.meta.requestId ?? randomUUID());
    const context: GatewayContext = {
      requestId,
      viewer: group.scope === PUBLIC ? null : { userId: group.scope },
      // One completion serves every member of the group, so it runs with no roles: a live field never depends on one.
      roles: [],
      traceparent: event.meta.traceparent,
      liveEvent: event,
    };
    const requestContext = {
      request: { variables: group.variables },
      context,
      logger: this.logger,
      metrics: {},
    };
    let result: ExecutionResult;
    try {
      result = await executeQueryPlan(
        group.plan.queryPlan,
        this.serviceMap as ServiceMap,
        requestContext as never,
        group.plan.operationContext,
        this.planner.supergraphSchema,
        this.planner.apiSchema,
      );
    } catch (err) {
      result = { errors: [err as GraphQLError] }; // masked below as INTERNAL_SERVER_ERROR, logged
    }
    const root = (result.data as Record<string, unknown> | null | undefined)?.[group.plan.responseKey];
    // graphql-ws serialises errors with toJSON, so they go out as GraphQLErrors, formatted and masked like HTTP ones.
    let errors = result.errors?.map((e) => {
      const f = this.formatError(
        { message: e.message, locations: e.locations, path: e.path, extensions: { ...e.extensions, requestId } },
        e,
      );
      return new GraphQLError(f.message, { path: f.path, extensions: { ...f.extensions, requestId } });
    });
    // The owner declined it (another course's lesson); any other null is delivered with its errors.
    if (context.liveDeclined) return null;
    if (root == null && !errors?.length) {
      // Never null on the wire without a reason: the completion lost a non-null field somewhere (INCOMPLETE_RESPONSE).
      this.logger.error({ field: group.plan.field, eventId: event.id, requestId }, "live event completed to null without an error");
      errors = [
        new GraphQLError(INCOMPLETE_MESSAGE, { path: [group.plan.responseKey], extensions: { code: "INCOMPLETE_RESPONSE", requestId } }),
      ];
    }
    return { data: result.data ?? null, ...(errors?.length ? { errors } : {}), extensions: { eventId: event.id } } as ExecutionResult;
  }

  private leave(group: Group, member: Member): void {
    group.members.delete(member);
    this.removeIfEmpty(group);
  }

  private removeIfEmpty(group: Group): void {
    if (group.members.size || group.joining.size || this.groups.get(group.key) !== group) return;
    this.groups.delete(group.key);
    const byScope = this.index.get(group.route.field);
    const set = byScope?.get(group.scope);
    set?.delete(group);
    if (set && !set.size) byScope!.delete(group.scope);
  }
}
