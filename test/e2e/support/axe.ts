/**
 * axe-core as every end-to-end spec runs it: each WCAG 2.0, 2.1 and 2.2 level A and AA rule that axe
 * has, and its best practices. The experimental WCAG rules, which axe leaves off by default, are
 * switched on by name, and so is `label-content-name-mismatch` (WCAG 2.5.3 "Label in Name": a person
 * using voice control says the label they see), so that it runs whatever axe's defaults become.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import axe from 'axe-core';

export const WCAG_A_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Deprecated rules stay off: axe keeps them only for old configurations, newer rules replace them. */
const switchedOn = [
  'label-content-name-mismatch',
  ...axe
    .getRules(WCAG_A_AA_TAGS)
    .filter((r) => r.tags.includes('experimental') && !r.tags.includes('deprecated'))
    .map((r) => r.ruleId),
];

/** What axe finds on the page, one line per rule: `rule-id: selector, selector`. Empty means none. */
export async function axeViolations(page: Page): Promise<string[]> {
  // `options()` replaces every option, so it comes before `withTags()`, which adds to them.
  const results = await new AxeBuilder({ page })
    .options({ rules: Object.fromEntries(switchedOn.map((id) => [id, { enabled: true }])) })
    .withTags([...WCAG_A_AA_TAGS, 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
