// The party in a real browser: the task list, a date, the revealed address, the guest list (add, change, remove), check
// and send, on a desktop and a 360 px phone with axe at every page (no serious or critical violation), and with
// JavaScript off.
/// <reference lib="dom" />
import type { BrowserContextOptions, Page } from 'playwright-core';
import { addToDate, localToday } from '../../src/flow/dates';
import { axeViolations } from './support/axe';
import { browserSuite, desktop, phone } from './support/browser';
import { clickAndLoad, continueButton, navigate } from './support/pages';

const suite = browserSuite();

/** A page in a fresh context; axe needs the CSP bypassed to inject itself (the CSP is checked by quality.test.ts). */
async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  return (await suite.newContext({ bypassCSP: true, ...options })).newPage();
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** The page's axe violations that are serious or critical, named (none expected). */
async function seriousViolations(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${pathOf(page)}: ${v.id} (${v.targets.join(', ')})`);
}

async function statusOf(page: Page, task: string): Promise<string> {
  return page.locator('.task-list__item', { hasText: task }).locator('.task-list__status').innerText();
}

/** Walks the whole party by clicking and typing; `check` runs on every page reached (axe, the page's width). */
async function walkParty(page: Page, check: (page: Page) => Promise<void>): Promise<void> {
  const [year = '', month = '', day = ''] = addToDate(localToday(), { days: 45 }).split('-');
  await navigate(page, () => page.goto('/'));
  await clickAndLoad(page, page.getByRole('link', { name: 'Plan a party' }));
  expect(pathOf(page)).toBe('/party');
  await check(page);
  expect(await statusOf(page, 'Send invitations')).toBe('Cannot start yet');
  expect(await page.getByRole('link', { name: 'Send invitations' }).count()).toBe(0);

  await clickAndLoad(page, page.getByRole('link', { name: 'Date and time' }));
  const invalid = await clickAndLoad(page, continueButton(page));
  expect(invalid.status()).toBe(422);
  await check(page);
  await page.getByLabel('Day').fill(String(Number(day)));
  await page.getByLabel('Month').fill(String(Number(month)));
  await page.getByLabel('Year').fill(year);
  await page.getByLabel('Evening').check();
  await clickAndLoad(page, continueButton(page));
  expect(pathOf(page)).toBe('/party');
  expect(await statusOf(page, 'Date and time')).toBe('Completed');

  await clickAndLoad(page, page.getByRole('link', { name: 'Venue' }));
  await check(page);
  await page.getByLabel('Somewhere else').check();
  await page.getByLabel('Address of the venue').fill('Village hall, Church Lane');
  await clickAndLoad(page, continueButton(page));

  await clickAndLoad(page, page.getByRole('link', { name: 'Guests' }));
  expect(pathOf(page)).toBe('/party/guests/add');
  await check(page);
  for (const [name, diet] of [['Ada Lovelace', 'Vegetarian'], ['Grace Hopper', ''], ['Alan Turing', '']] as const) {
    if (pathOf(page) === '/party/guests') {
      await page.getByLabel('Yes').check();
      await clickAndLoad(page, continueButton(page));
    }
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Dietary needs').fill(diet);
    await clickAndLoad(page, continueButton(page));
    expect(pathOf(page)).toBe('/party/guests');
  }
  await check(page);
  expect(await page.locator('h1').innerText()).toBe('You have added 3 guests');

  await clickAndLoad(page, page.getByRole('link', { name: 'Change Grace Hopper' }));
  await check(page);
  await page.getByLabel('Dietary needs').fill('No gluten');
  await clickAndLoad(page, continueButton(page));
  await clickAndLoad(page, page.getByRole('link', { name: 'Remove Alan Turing' }));
  await check(page);
  expect(await page.locator('h1').innerText()).toBe('Are you sure you want to remove Alan Turing?');
  await page.getByLabel('Yes').check();
  await clickAndLoad(page, continueButton(page));
  expect(await page.locator('h1').innerText()).toBe('You have added 2 guests');
  await page.getByLabel('No').check();
  await clickAndLoad(page, continueButton(page));

  expect(pathOf(page)).toBe('/party/check');
  await check(page);
  const rows = await page.locator('.summary__row').allInnerTexts();
  expect(rows.join('\n')).toContain('Grace Hopper');
  expect(rows.join('\n')).toContain('No gluten');
  expect(rows.join('\n')).not.toContain('Alan Turing');
  await clickAndLoad(page, page.getByRole('button', { name: 'Send invitations' }));
  expect(pathOf(page)).toBe('/party/done');
  await check(page);
  expect(await page.locator('.reference').innerText()).toMatch(/^[A-Z2-9]{8}$/);
}

test.each([
  ['a desktop', desktop],
  ['a 360 px phone', phone],
])('the party on %s: every page passes axe with no serious violation, and fits the screen', async (_name, viewport) => {
  const page = await newPage({ viewport, isMobile: viewport === phone, hasTouch: viewport === phone });
  const problems: string[] = [];
  await walkParty(page, async (p) => {
    problems.push(...(await seriousViolations(p)));
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    if (width > viewport.width) problems.push(`${pathOf(p)}: ${width} px wide on a ${viewport.width} px screen`);
  });
  expect(problems).toEqual([]);
});

test('the party with JavaScript off: the address is shown under its option, and the whole walk works', async () => {
  const page = await newPage({ viewport: desktop, javaScriptEnabled: false });
  await navigate(page, () => page.goto('/party/venue'));
  expect(await page.getByLabel('Address of the venue').isVisible()).toBe(true);
  await walkParty(page, () => Promise.resolve());
});
