import { NotFoundError } from "@learnloop/kit";
import type { EntityManager } from "typeorm";
import { assignVariant } from "./assignment";
import { CONTROL, isLive, type Experiment } from "./experiment-config";
import { recordExposure, variantCounts } from "./experiments.store";
import { ExperimentStatus, type ExperimentAssignment, type ExperimentResults, type VariantResult } from "./experiments.types";
import { twoProportionZTest, wilsonInterval } from "./statistics";

export const ALPHA = 0.05;
export const CONFIDENCE = 0.95;

export type Experiments = ReadonlyMap<string, Experiment>;

const experimentOf = (experiments: Experiments, key: string): Experiment => {
  const experiment = experiments.get(key);
  if (!experiment) throw new NotFoundError("Experiment", key);
  return experiment;
};

/**
 * The user's variant, exposing them the first time. A stopped (or not yet started) experiment
 * answers control and records nothing: what the user then sees is no longer part of the test.
 */
export async function variantFor(
  manager: EntityManager,
  experiments: Experiments,
  key: string,
  userId: string,
  now = new Date(),
): Promise<ExperimentAssignment> {
  const experiment = experimentOf(experiments, key);
  if (!isLive(experiment, now)) return { experiment: key, variant: CONTROL };
  const variant = assignVariant(key, experiment.variants, userId);
  await recordExposure(manager, key, variant, userId);
  return { experiment: key, variant };
}

/** Each variant's rate with its Wilson interval, and the z-test of each treatment against the control. */
export function summarise(
  experiment: Experiment,
  counts: readonly { variant: string; exposures: number; conversions: number }[],
): VariantResult[] {
  const byName = new Map(counts.map((c) => [c.variant, c]));
  const total = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
  const control = byName.get(CONTROL) ?? { exposures: 0, conversions: 0 };
  return experiment.variants.map(({ name, weight }) => {
    const { exposures, conversions } = byName.get(name) ?? { exposures: 0, conversions: 0 };
    const interval = wilsonInterval(conversions, exposures, CONFIDENCE);
    const test = name === CONTROL ? null : twoProportionZTest(control.conversions, control.exposures, conversions, exposures);
    return {
      variant: name,
      share: weight / total,
      exposures,
      conversions,
      rate: exposures ? conversions / exposures : null,
      interval: interval && { ...interval, level: CONFIDENCE },
      zScore: test?.z ?? null,
      pValue: test?.pValue ?? null,
      significant: test !== null && test.pValue < ALPHA,
    };
  });
}

export async function resultsOf(manager: EntityManager, experiments: Experiments, key: string): Promise<ExperimentResults> {
  const experiment = experimentOf(experiments, key);
  return {
    experiment: key,
    description: experiment.description,
    status: experiment.status === "running" ? ExperimentStatus.RUNNING : ExperimentStatus.STOPPED,
    conversionEvent: experiment.conversion.eventType,
    alpha: ALPHA,
    variants: summarise(experiment, await variantCounts(manager, experiment)),
  };
}
