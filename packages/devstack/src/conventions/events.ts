import ts from "typescript";
import type { Subgraph } from "@learnloop/kit/internal";
import { literalText, nodes, parse, where, type Source } from "./sources";

type Declaring = Pick<Subgraph, "name" | "events">;

/** The string-literal types of a parameter's or variable's annotation (`type: "a.b" | "c.d"`). */
function literalTypes(annotation: ts.TypeNode | undefined): string[] | undefined {
  if (!annotation) return undefined;
  const members = ts.isUnionTypeNode(annotation) ? annotation.types : [annotation];
  const values = members.map((m) => (ts.isLiteralTypeNode(m) ? literalText(m.literal) : undefined));
  return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
}

/** What an identifier names, when the enclosing functions show it: a parameter typed as literals, or a const literal. */
function resolveIdentifier(id: ts.Identifier): string[] | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n))
      for (const p of n.parameters) if (ts.isIdentifier(p.name) && p.name.text === id.text) return literalTypes(p.type);
    if (ts.isBlock(n) || ts.isSourceFile(n))
      for (const statement of n.statements)
        if (ts.isVariableStatement(statement))
          for (const d of statement.declarationList.declarations)
            if (ts.isIdentifier(d.name) && d.name.text === id.text) {
              const value = d.initializer && literalText(d.initializer);
              return value !== undefined ? [value] : literalTypes(d.type);
            }
  }
  return undefined;
}

export interface PublishCall {
  where: string;
  /** The event names this call can publish; undefined when the source does not say. */
  events?: string[];
}

/**
 * Every `.publish(…)` in the sources and the events it names: the outbox's `publish(manager, event,
 * payload, meta)` and a handler's `ctx.publish(event, payload)`. The event is the first literal
 * argument, or the argument in the event's place: a literal, or an identifier typed as literals.
 */
export function publishCalls(sources: Source[]): PublishCall[] {
  const calls: PublishCall[] = [];
  for (const source of sources)
    for (const node of nodes(parse(source))) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== "publish")
        continue;
      const args = node.arguments;
      const literal = args.find((a) => literalText(a) !== undefined && !ts.isTemplateExpression(a));
      const arg = literal ?? (args.length >= 4 ? args[1] : args[0]);
      const events = !arg ? undefined : literal ? [literalText(literal)!] : ts.isIdentifier(arg) ? resolveIdentifier(arg) : undefined;
      calls.push({ where: where(node), events });
    }
  return calls;
}

/** Publish calls naming an event the subgraph does not declare, or whose event the source does not show. */
export function undeclaredPublishes(sources: Source[], declared: readonly string[]): string[] {
  return publishCalls(sources).flatMap((call) =>
    !call.events
      ? [`${call.where}: publishes an event the source does not name; pass the name as a literal (or a parameter typed as literals)`]
      : call.events
          .filter((e) => !declared.includes(e))
          .map((e) => `${call.where}: publishes ${e}, not in the subgraph's events.publishes`),
  );
}

/** Events a subgraph publishes or consumes without a contract in its registry (schema/events). */
export function uncontractedEvents(subgraph: Declaring): string[] {
  const { contracts, publishes, consumers } = subgraph.events;
  const used = [
    ...publishes.map((e) => ({ e, how: "publishes" })),
    ...consumers.flatMap((c) => c.events.map((e) => ({ e, how: `consumes (${c.purpose})` }))),
  ];
  return used.flatMap(({ e, how }) => {
    try {
      contracts.routing(e);
      return [];
    } catch {
      return [`${subgraph.name} ${how} ${e}, which has no contract in schema/events`];
    }
  });
}

/** A published event nobody consumes, or a consumed event nobody publishes (`alsoConsumed`: the gateway's live feed). */
export function unpairedEvents(subgraphs: Declaring[], alsoConsumed: readonly string[]): string[] {
  const published = new Set(subgraphs.flatMap((s) => s.events.publishes));
  const consumed = new Set([...subgraphs.flatMap((s) => s.events.consumers.flatMap((c) => c.events)), ...alsoConsumed]);
  return [
    ...[...consumed].filter((e) => !published.has(e)).map((e) => `${e} is consumed but no subgraph publishes it`),
    ...[...published].filter((e) => !consumed.has(e)).map((e) => `${e} is published but nothing consumes it`),
  ];
}

/**
 * Whether a publisher refuses every event its subgraph does not declare, and only those: `publish`
 * tries one event (inside a transaction, with an empty payload, so a declared one fails on its contract instead).
 */
export async function publisherRefusals(
  publish: (event: string) => Promise<unknown>,
  all: readonly string[],
  declared: readonly string[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const event of all) {
    const refusal = await publish(event).then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    const refusedAsUndeclared = refusal !== undefined && /does not declare/.test(refusal);
    if (!declared.includes(event) && !refusedAsUndeclared) problems.push(`${event} is not declared, yet the publisher took it`);
    if (declared.includes(event) && refusedAsUndeclared) problems.push(`${event} is declared, yet the publisher refused it as undeclared`);
  }
  return problems;
}
