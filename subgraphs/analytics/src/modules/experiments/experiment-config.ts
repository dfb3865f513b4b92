import fs from "node:fs";
import { z } from "zod";
import bundled from "./experiments.json";

/** A name in a key or a variant: lower case, digits and dashes, as URLs and dashboards show them. */
const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "lower-case letters, digits and dashes, 1 to 64");

const variant = z.object({
  name,
  weight: z.number().positive().finite().describe("Relative share of users; weights need not add up to anything"),
});

const experiment = z
  .object({
    key: name,
    description: z.string().min(1).max(300),
    status: z.enum(["running", "stopped"]),
    startsAt: z.iso.datetime({ offset: true }),
    variants: z.array(variant).min(2).max(10),
    conversion: z.object({
      eventType: z.string().min(1).max(64).describe("A type stored in analytics.events, such as entitlements.changed"),
      /** Top-level payload fields and the values that count, such as { plan: ["PLUS", "PRO"] }. */
      payload: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/), z.array(z.string().min(1)).min(1)).default({}),
    }),
  })
  .refine((e) => e.variants[0].name === "control", { message: "the first variant is the control and is named control" })
  .refine((e) => new Set(e.variants.map((v) => v.name)).size === e.variants.length, { message: "variant names must be unique" });

export const experimentsFileSchema = z
  .object({ experiments: z.array(experiment) })
  .refine((f) => new Set(f.experiments.map((e) => e.key)).size === f.experiments.length, { message: "experiment keys must be unique" });

export type Experiment = z.infer<typeof experiment>;
export type ExperimentVariant = z.infer<typeof variant>;

export const CONTROL = "control";

/**
 * The experiments by key, from `file` (ANALYTICS_EXPERIMENTS_FILE) or the bundled experiments.json;
 * read once at start, and a bad file stops the start naming every problem. A conversion event type
 * must be one the store keeps (`storedTypes`), or its results would count nothing for ever.
 */
export function loadExperiments(storedTypes: readonly string[], file?: string): ReadonlyMap<string, Experiment> {
  const raw: unknown = file ? JSON.parse(fs.readFileSync(file, "utf8")) : bundled;
  const parsed = experimentsFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `experiments ${file ?? "(bundled)"}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const unknown = parsed.data.experiments.filter((e) => !storedTypes.includes(e.conversion.eventType));
  if (unknown.length)
    throw new Error(
      `experiments ${file ?? "(bundled)"}: conversion event types not stored by analytics: ${unknown.map((e) => `${e.key} (${e.conversion.eventType})`).join(", ")}`,
    );
  return new Map(parsed.data.experiments.map((e) => [e.key, e]));
}

/** Whether an experiment assigns and exposes at `now`: running, and started. */
export const isLive = (e: Experiment, now: Date): boolean => e.status === "running" && Date.parse(e.startsAt) <= now.getTime();
