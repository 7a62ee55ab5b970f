// The session clock in a real browser (issue 20), with a 6-second idle time: the warning dialog opens before the end,
// takes the focus, gives it back, keeps the session when asked, follows another tab, says when the session ended;
// axe finds nothing serious in it; with JavaScript off the page still tells the times and its form still works.
/// <reference lib="dom" />
// (The DOM types are for the page.evaluate callbacks, which run in the browser.)
import type { Page } from 'playwright-core';
import { axeCheck, countByImpact } from './support/axe';
import { saveScreenshot } from './support/artifacts';
import { browserSuite } from './support/browser';
import { answerName, clickAndLoad, navigate } from './support/pages';

/** 0.1 minutes: the session ends 6 s after the last request, and the warning comes halfway, 3 s before. */
const IDLE_MS = 6000;

const suite = browserSuite({ SESSION_IDLE_MINUTES: '0.1' });

/** Console errors and CSP refusals a page reports from now on. */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** Starts a session (the lesson's first answer) and lands on page 2. Returns when page 2 loaded. */
async function beginSession(page: Page): Promise<number> {
  await navigate(page, () => page.goto('/page1'));
  await answerName(page, 'Ada', 'Lovelace');
  return Date.now();
}

function dialogOf(page: Page) {
  return page.getByRole('dialog');
}

function focusInDialog(page: Page): Promise<{ inDialog: boolean; text: string }> {
  return page.evaluate(() => {
    const active = document.activeElement;
    return { inDialog: Boolean(active?.closest('dialog')), text: active?.textContent.trim() ?? '' };
  });
}

async function footerHasSession(page: Page): Promise<boolean> {
  return (await page.locator('.site-footer').innerText()).includes('First name: Ada');
}

test('the warning opens before the idle end, takes the focus, and staying keeps the session past its old end', async () => {
  const page = await (await suite.newContext()).newPage();
  const problems = problemsOf(page);
  const loadedAt = await beginSession(page);
  // The page's own sentence, now in clock times from the script.
  await page.waitForFunction(() => /at \d\d:\d\d/.test(document.querySelector('[data-clock-text]')?.textContent ?? ''));
  const colour = page.getByLabel('Favourite colour');
  await colour.fill('te');
  await colour.focus();

  const dialog = dialogOf(page);
  await dialog.waitFor({ state: 'visible', timeout: IDLE_MS });
  expect(Date.now() - loadedAt).toBeGreaterThan(IDLE_MS / 2 - 1500); // halfway (idle under four minutes), not at once
  expect(await dialog.getAttribute('aria-labelledby')).toBe('session-clock-dialog-title');
  expect(await page.getByRole('dialog', { name: 'Your session is about to end' }).isVisible()).toBe(true);
  expect(await dialog.innerText()).toMatch(/Time left: \d seconds?/);
  expect(await focusInDialog(page)).toEqual({ inDialog: true, text: 'Keep my session going' });
  await saveScreenshot(page, 'session-clock-warning');

  await dialog.getByRole('button', { name: 'Keep my session going' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await colour.evaluate((el) => el === document.activeElement)).toBe(true); // the focus came back
  expect(await colour.inputValue()).toBe('te'); // no reload: what was typed is still there

  // Past the end the session had before staying, a request still finds it.
  await page.waitForTimeout(Math.max(0, loadedAt + IDLE_MS + 500 - Date.now()));
  await navigate(page, () => page.goto('/page2'));
  expect(await footerHasSession(page)).toBe(true);
  expect(problems).toEqual([]);
}, 30_000);

test('Escape closes the warning and gives the focus back; at the end the dialog says the session ended and offers to start again', async () => {
  const page = await (await suite.newContext()).newPage();
  await beginSession(page);
  const colour = page.getByLabel('Favourite colour');
  await colour.focus();
  const dialog = dialogOf(page);
  await dialog.waitFor({ state: 'visible', timeout: IDLE_MS });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect(await colour.evaluate((el) => el === document.activeElement)).toBe(true);

  await page.getByRole('dialog', { name: 'Your session has ended' }).waitFor({ state: 'visible', timeout: IDLE_MS });
  expect(await focusInDialog(page)).toEqual({ inDialog: true, text: 'Start again' });
  expect(await page.locator('[data-clock-text]').innerText()).toContain('Your session has ended');
  await saveScreenshot(page, 'session-clock-ended');
  await clickAndLoad(page, dialog.getByRole('link', { name: 'Start again' }));
  expect(await page.locator('.notice').innerText()).toContain('Your session expired');
}, 30_000);

test('staying in one tab moves the warning in another tab of the same browser', async () => {
  const context = await suite.newContext();
  const first = await context.newPage();
  await beginSession(first);
  const second = await context.newPage();
  await navigate(second, () => second.goto('/page2'));
  await Promise.all([dialogOf(first).waitFor({ state: 'visible', timeout: IDLE_MS }), dialogOf(second).waitFor({ state: 'visible', timeout: IDLE_MS })]);

  await dialogOf(second).getByRole('button', { name: 'Keep my session going' }).click();
  await dialogOf(second).waitFor({ state: 'hidden' });
  await dialogOf(first).waitFor({ state: 'hidden', timeout: 2000 }); // told by the other tab, not by a request of its own
  const sentences = await Promise.all([first, second].map((page) => page.locator('[data-clock-text]').innerText()));
  expect(sentences[0]).toBe(sentences[1]); // both tabs show the same end
}, 30_000);

test.each(['light', 'dark'] as const)('the warning dialog has no serious or critical accessibility problem (axe, %s)', async (colorScheme) => {
  // bypassCSP only so that axe's script can be injected; the tests above run under the CSP.
  const page = await (await suite.newContext({ bypassCSP: true, colorScheme })).newPage();
  await beginSession(page);
  await dialogOf(page).waitFor({ state: 'visible', timeout: IDLE_MS });
  const { violations } = await axeCheck(page);
  const counts = countByImpact(violations);
  expect({ serious: counts.serious, critical: counts.critical, violations }).toMatchObject({ serious: 0, critical: 0 });
}, 30_000);

test('the done page links to a receipt that another browser, with JavaScript off, can read; axe finds nothing serious in it', async () => {
  const page = await (await suite.newContext({ javaScriptEnabled: false })).newPage(); // quick: no dialog to wait for
  const next = () => clickAndLoad(page, page.getByRole('button', { name: 'Continue' }));
  await navigate(page, () => page.goto('/order/size'));
  await page.getByLabel('Small').check();
  await next();
  await page.getByLabel('Cheese').check();
  await next();
  await page.getByLabel('How many pizzas would you like?').fill('1');
  await next();
  await page.getByLabel('Collection').check();
  await next();
  await clickAndLoad(page, page.getByRole('button', { name: 'Place order' }));
  const reference = await page.locator('.reference').innerText();
  const href = await page.getByRole('link', { name: 'Your receipt' }).getAttribute('href');
  expect(href).toMatch(/^\/receipts\/[A-Za-z0-9_-]+$/);

  const elsewhere = await (await suite.newContext({ bypassCSP: true })).newPage(); // another browser: no cookie
  const response = await navigate(elsewhere, () => elsewhere.goto(href ?? ''));
  expect(response.status()).toBe(200);
  expect(response.headers()['x-robots-tag']).toBe('noindex');
  expect(await elsewhere.locator('.reference').innerText()).toBe(reference);
  expect(await elsewhere.locator('.summary').innerText()).toMatch(/Size\s+Small[\s\S]*Toppings\s+Cheese/);
  await saveScreenshot(elsewhere, 'receipt');
  const counts = countByImpact((await axeCheck(elsewhere)).violations);
  expect(counts.serious + counts.critical).toBe(0);
}, 30_000);

test('with JavaScript off the page tells both ends in words, and its stay form keeps the session', async () => {
  const page = await (await suite.newContext({ javaScriptEnabled: false })).newPage();
  await beginSession(page);
  const sentence = await page.locator('[data-clock-text]').innerText();
  expect(sentence).toMatch(/^Your session ends in \d seconds if you do nothing \(every page you open restarts this clock\), and in 12 hours whatever you do\.$/);
  expect(await dialogOf(page).isVisible()).toBe(false); // a closed <dialog> shows nothing
  const back = await clickAndLoad(page, page.getByRole('button', { name: 'Keep my session going' }));
  expect(back.url()).toBe(`${suite.url}/page2`);
  expect(await footerHasSession(page)).toBe(true);
}, 30_000);
