// Every page and error state, checked in a real browser: accessibility (axe), console and CSP errors, a 360 px phone; saves screenshots.
/// <reference lib="dom" />
// (The DOM types are for the page.evaluate callbacks, which run in the browser.)
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import path from 'node:path';
import { artifactsDir, saveJson, saveScreenshot } from './support/artifacts';
import { axeCheck, axeViolations, countByImpact, type ImpactCounts, type Violation } from './support/axe';
import { desktop, launchBrowser, phone } from './support/browser';
import { answerColour, answerName, navigate, tour, type PageState, type TourServers } from './support/pages';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let restarted: RunningServer;
let browser: Browser;
let servers: TourServers;

beforeAll(async () => {
  [server, restarted, browser] = await Promise.all([startServer(), startServer(), launchBrowser()]);
  servers = { url: server.url, restartedUrl: restarted.url };
});

afterAll(async () => {
  await browser.close();
  await Promise.all([server.stop(), restarted.stop()]);
});

/** Tours every page state in a fresh context, closing it afterwards. */
async function tourIn(options: BrowserContextOptions, visit: (page: Page, state: PageState) => Promise<void>): Promise<void> {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    await tour(page, servers, (state) => visit(page, state));
  } finally {
    await context.close();
  }
}

test('the axe check finds a problem where there is one', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.setContent('<!doctype html><html lang="en"><title>t</title><main><input id="x"></main></html>');
  const violations = await axeViolations(page);
  await context.close();
  expect(violations.map((v) => v.id)).toContain('label');
  expect(countByImpact(violations).critical).toBeGreaterThan(0);
});

test('every page and error state has no serious or critical accessibility problem (axe, light and dark)', async () => {
  const report: Record<string, { counts: ImpactCounts; violations: Violation[]; needsReview: string[] }> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    // bypassCSP only so that axe's script can be injected; the CSP is checked in the next test.
    await tourIn({ viewport: desktop, colorScheme, bypassCSP: true }, async (page, state) => {
      const name = colorScheme === 'light' ? `${state.name}-desktop` : `${state.name}-desktop-dark`;
      await saveScreenshot(page, name);
      const { violations, needsReview } = await axeCheck(page);
      report[`${state.name} (${colorScheme})`] = { counts: countByImpact(violations), violations, needsReview };
    });
  }
  saveJson('axe-results.json', report);

  expect(Object.keys(report)).toHaveLength(48); // 24 states, twice
  const grave = Object.entries(report).flatMap(([page, { violations }]) =>
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${page}: ${v.id} (${v.help}) at ${v.targets.join(', ')}`),
  );
  expect(grave).toEqual([]);
}, 180_000); // every page of every journey, in a real browser: minutes on a busy 2-core machine

test('no page logs a console error, and the Content-Security-Policy blocks nothing the pages use', async () => {
  const errors: string[] = [];
  /** "status url" of each page that is meant to answer with an error status: Chromium logs those as failed loads. */
  const expectedFailures = new Set<string>();
  const visited: string[] = [];

  await tourIn({ viewport: desktop }, async (page, state) => {
    if (visited.length === 0) {
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const failed = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
        errors.push(failed ? `${failed[1] ?? ''} ${message.location().url}` : `${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      const reloaded = await page.reload(); // the listeners are attached now: check the first page's load too
      expect(reloaded?.headers()['content-security-policy']).toContain("default-src 'none'"); // the CSP is in force here
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui'); // the stylesheet loaded
    }
    visited.push(state.name);
    if (state.status >= 400) expectedFailures.add(`${state.status} ${page.url()}`);
    // Let the page finish anything it started (fonts, icons) before moving on.
    await page.waitForLoadState('networkidle');
  });

  expect(visited).toHaveLength(24);
  expect(errors.filter((error) => !expectedFailures.has(error))).toEqual([]);
}, 180_000); // every page of every journey, in a real browser: minutes on a busy 2-core machine

test('on a 360 px phone no page scrolls sideways, and every button, field and link is big enough to tap', async () => {
  const problems: string[] = [];
  await tourIn({ viewport: phone, isMobile: true, hasTouch: true }, async (page, state) => {
    await saveScreenshot(page, `${state.name}-phone`);
    const found = await page.evaluate((screenWidth) => {
      const seen: string[] = [];
      // Compared with the screen, not innerWidth: a mobile browser zooms out to fit a page that is too wide.
      const width = Math.max(document.documentElement.scrollWidth, window.innerWidth);
      if (width > screenWidth) seen.push(`page is ${width}px wide on a ${screenWidth}px screen`);
      for (const el of document.querySelectorAll<HTMLElement>('a, button, input:not([type="hidden"]), select, textarea, summary')) {
        const box = el.getBoundingClientRect();
        if (box.right <= 0 || !el.checkVisibility()) continue; // the skip link waits off screen; closed panels
        // A link inside a sentence is exempt (WCAG 2.5.8): its size is the text's.
        const sentence = el.parentElement?.textContent.trim() ?? '';
        if (el.tagName === 'A' && !el.matches('.button') && sentence.length > el.textContent.trim().length) continue;
        // WCAG 2.5.5's 44 px for controls; links get at least 2.5.8's 24 px.
        const min = el.matches('button, input, select, textarea, summary, .button') ? 44 : 24;
        if (box.width < min || box.height < min) {
          seen.push(`${el.tagName.toLowerCase()} "${el.innerText || el.id}" is ${Math.round(box.width)}×${Math.round(box.height)}px`);
        }
      }
      return seen;
    }, phone.width);
    problems.push(...found.map((p) => `${state.name}: ${p}`));
  });
  expect(problems).toEqual([]);
}, 180_000); // every page of every journey, in a real browser: minutes on a busy 2-core machine

test('the summary prints as the answers alone, without navigation, buttons or Change links', async () => {
  const context = await browser.newContext({ viewport: desktop });
  try {
    const page = await context.newPage();
    await navigate(page, () => page.goto(`${server.url}/page1`));
    await answerName(page, 'Ada', 'Lovelace');
    await answerColour(page, 'teal');
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.site-footer', '.summary__action', 'button']) {
      expect(await page.locator(selector).first().isVisible()).toBe(false);
    }
    expect(await page.locator('.summary').innerText()).toMatch(/First name\s+Ada[\s\S]*Favourite colour\s+teal/);
    await page.pdf({ path: path.join(artifactsDir, 'summary.pdf'), format: 'A4' });
  } finally {
    await context.close();
  }
});
