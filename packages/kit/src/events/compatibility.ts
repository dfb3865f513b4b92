import type { EventContract } from "./contract";

const ANNOTATIONS = new Set(["title", "description", "examples", "$comment", "$id", "$schema"]);

type Schema = Record<string, unknown>;

/** JSON equality with key order ignored (schemas are plain JSON). */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);

const essentials = (schema: Schema): Schema =>
  Object.fromEntries(Object.entries(schema).filter(([k]) => !ANNOTATIONS.has(k) && k !== "properties" && k !== "required"));

/**
 * The changes from a released contract that would break a consumer: events already in the log
 * must still validate, and every field a consumer reads must keep its meaning. So: routing is
 * fixed, no property disappears or changes (type, enum, format, bounds), and a new property is
 * optional. Wording (title, description) may change. Anything else needs a new version.
 */
export function breakingChanges(released: EventContract, current: EventContract): string[] {
  const problems: string[] = [];
  if (!sameJson(released["x-event"], current["x-event"]))
    problems.push(`routing changed: ${JSON.stringify(released["x-event"])} -> ${JSON.stringify(current["x-event"])}`);
  compareObject("", released, current, problems);
  return problems;
}

function compareObject(at: string, released: Schema, current: Schema, problems: string[]): void {
  const { "x-event": _a, ...r } = essentials(released);
  const { "x-event": _b, ...c } = essentials(current);
  if (!sameJson(r, c)) problems.push(`${at || "(payload)"}: constraints changed`);
  const rProps = (released.properties ?? {}) as Record<string, Schema>;
  const cProps = (current.properties ?? {}) as Record<string, Schema>;
  const rRequired = new Set((released.required ?? []) as string[]);
  const cRequired = new Set((current.required ?? []) as string[]);
  for (const [name, schema] of Object.entries(rProps)) {
    const path = `${at}.${name}`;
    if (!cProps[name]) problems.push(`${path}: removed`);
    else if (schema.type === "object" || schema.properties) compareObject(path, schema, cProps[name], problems);
    else if (!sameJson(essentials(schema), essentials(cProps[name]))) problems.push(`${path}: type or constraints changed`);
    if (rRequired.has(name) && !cRequired.has(name)) problems.push(`${path}: no longer required`);
  }
  for (const name of cRequired) if (!rRequired.has(name)) problems.push(`${at}.${name}: newly required`);
}
