import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The easier next steps a nudge can offer (learner.struggling's `suggestion`). */
export const SUGGESTIONS = ["SHORT_REVIEW_SESSION", "REPEAT_LAST_LESSON", "RESUME_FIRST_LESSON"] as const;
export type Suggestion = (typeof SUGGESTIONS)[number];

/** The file used when ANALYTICS_TRIAGE_RULES_PATH is unset; read from src and dist alike. */
export const DEFAULT_TRIAGE_RULES_PATH = path.join(__dirname, "..", "..", "..", "config", "triage-rules.json");

const common = {
  enabled: z.boolean(),
  /** The value at which the rule fires (it fires at the threshold and above). */
  threshold: z.number().positive(),
  /** How far back the rule looks, in days. */
  windowDays: z.number().int().min(1).max(365),
  /** What the rule adds to a flag's score. */
  weight: z.number().min(0).max(10),
  suggestion: z.enum(SUGGESTIONS),
};

const ruleSchema = z.discriminatedUnion("id", [
  z.object({ id: z.literal("lapses-rising"), ...common }).strict(),
  z.object({ id: z.literal("again-streak"), ...common }).strict(),
  z
    .object({
      id: z.literal("streak-broken"),
      ...common,
      /** The streak (days) after the break at most: a streak of `threshold` or more fell to this or less. */
      resetAtMost: z.number().int().min(0),
    })
    .strict(),
  z.object({ id: z.literal("stopped-after-signup"), ...common }).strict(),
]);

export const triageConfigSchema = z
  .object({
    /** A learner is not flagged again for a rule that flagged them less than this many days ago. */
    cooldownDays: z.number().min(0).max(365),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `rule ${rule.id} appears twice` });
      seen.add(rule.id);
      if (rule.id === "streak-broken" && rule.resetAtMost >= rule.threshold)
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "resetAtMost"],
          message: "must be below threshold (a broken streak is shorter)",
        });
    });
  });

export type TriageConfig = z.infer<typeof triageConfigSchema>;
export type TriageRule = TriageConfig["rules"][number];
export type RuleId = TriageRule["id"];

export class TriageConfigError extends Error {}

/** Parses a triage configuration; every problem is named with its place in the file. */
export function parseTriageConfig(value: unknown, source = "triage rules"): TriageConfig {
  const result = triageConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new TriageConfigError(`${source} is not a valid triage configuration:\n  ${problems.join("\n  ")}`);
}

/** Reads and validates the file at start, so a bad file stops the subgraph with the reason. */
export function loadTriageConfig(file: string = DEFAULT_TRIAGE_RULES_PATH): TriageConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new TriageConfigError(`triage rules ${file} cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TriageConfigError(`triage rules ${file} is not JSON: ${(err as Error).message}`);
  }
  return parseTriageConfig(json, `triage rules ${file}`);
}
