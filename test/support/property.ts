// fast-check settings shared by the property and fuzz suites: a fixed number of runs, and a replayable seed.
import type { Parameters } from 'fast-check';

/**
 * Each run draws a new seed (fast-check's default), so CI keeps exploring new cases; on a failure fast-check
 * prints "seed: S, path: P". Replay that exact case with `FC_SEED=S FC_PATH=P npx jest <file>`.
 * FC_RUNS_FACTOR (default 1) multiplies every suite's number of runs, for a longer local hunt.
 */
export function propertyParameters<T>(numRuns: number): Parameters<T> {
  const seed = process.env.FC_SEED?.trim();
  const path = process.env.FC_PATH?.trim();
  const factor = Number(process.env.FC_RUNS_FACTOR ?? '1');
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(factor) && factor > 0 ? factor : 1))),
    ...(seed ? { seed: Number(seed) } : {}),
    ...(path ? { path } : {}),
  };
}
