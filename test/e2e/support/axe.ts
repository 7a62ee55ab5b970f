// Runs axe-core inside a page and returns its violations, shortened to what a report needs.
/// <reference lib="dom" />
// (The DOM types are for the page.evaluate callback, which runs in the browser.)
import { readFileSync } from 'node:fs';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 A and AA, and axe's best practices. */
const options: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations'],
};

export interface Violation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  targets: string[];
}

/**
 * The page's CSP allows no script at all, so axe can only be injected into a context created with
 * `bypassCSP: true`; the CSP itself is checked in a separate, normal context.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  return (await axeCheck(page)).violations;
}

/** Violations, and the ids of the rules axe could not decide ("needs review"), for the report. */
export async function axeCheck(page: Page): Promise<{ violations: Violation[]; needsReview: string[] }> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (runOptions) => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } };
    const results = await axe.run(document, runOptions);
    return {
      violations: results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(' ')),
      })),
      needsReview: results.incomplete.map((r) => `${r.id} (${r.nodes.length})`),
    };
  }, options);
}

export type ImpactCounts = Record<'critical' | 'serious' | 'moderate' | 'minor', number>;

/** Counts of violating elements by impact. */
export function countByImpact(violations: readonly Violation[]): ImpactCounts {
  const counts: ImpactCounts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of violations) counts[v.impact ?? 'minor'] += v.targets.length;
  return counts;
}
