// Trust (issue 20) in a real browser: two tabs on one question (the second gets the 409 page, which takes the focus and
// keeps what was typed; sent again, it saves), and a change that drops the address (the Undo notice, and Undo). axe
// finds nothing serious or critical on either page; with JavaScript off both work the same (they need none).
/// <reference lib="dom" />
// (The DOM types are for the page.evaluate callbacks, which run in the browser.)
import type { BrowserContext, Page } from 'playwright-core';
import { axeCheck, countByImpact } from './support/axe';
import { saveScreenshot } from './support/artifacts';
import { browserSuite } from './support/browser';
import { answerColour, answerName, clickAndLoad, continueButton, navigate } from './support/pages';

const suite = browserSuite();

/** A browser context (one cookie jar: its pages are tabs of one browser). axe needs its script let in (bypassCSP). */
function newContext(javaScriptEnabled = true): Promise<BrowserContext> {
  return suite.newContext({ javaScriptEnabled, bypassCSP: javaScriptEnabled });
}

async function seriousOrWorse(page: Page): Promise<number> {
  const counts = countByImpact((await axeCheck(page)).violations);
  return counts.serious + counts.critical;
}

/** Two tabs on /page2 of one session; the first has typed `red`, the second sends `blue`. Returns the first tab. */
async function staleTab(context: BrowserContext): Promise<Page> {
  const first = await context.newPage();
  await navigate(first, () => first.goto('/page1'));
  await answerName(first, 'Ada', 'Lovelace');
  const second = await context.newPage();
  await navigate(second, () => second.goto('/page2'));
  await first.getByLabel('Favourite colour').fill('red');
  await answerColour(second, 'blue');
  return first;
}

/** A pizza order for delivery, answered to its check page, then changed to collection from there. */
async function orderChangedToCollection(page: Page): Promise<void> {
  await navigate(page, () => page.goto('/order/size'));
  await page.check('input[name="size"][value="large"]');
  await clickAndLoad(page, continueButton(page));
  await page.check('input[name="toppings"][value="olives"]');
  await clickAndLoad(page, continueButton(page));
  await page.fill('input[name="quantity"]', '2');
  await clickAndLoad(page, continueButton(page));
  await page.check('input[name="method"][value="delivery"]');
  await clickAndLoad(page, continueButton(page));
  await page.fill('textarea[name="address"]', '1 High Street, Town AB1 2CD');
  await clickAndLoad(page, continueButton(page));
  await clickAndLoad(page, page.getByRole('link', { name: 'Change delivery or collection' }));
  await page.check('input[name="method"][value="collection"]');
  await clickAndLoad(page, continueButton(page));
}

describe.each([
  ['with JavaScript', true],
  ['with JavaScript off', false],
])('%s', (_name, javaScript) => {
  test('a form from a stale tab: the 409 page says so, keeps what was typed, and sent again saves it', async () => {
    const tab = await staleTab(await newContext(javaScript));
    const stale = await clickAndLoad(tab, continueButton(tab));
    expect(stale.status()).toBe(409);
    const conflict = tab.getByRole('alert');
    await expect(conflict.innerText()).resolves.toContain('This answer was changed in another tab or window');
    await expect(conflict.innerText()).resolves.toContain('blue');
    await expect(tab.getByLabel('Favourite colour').inputValue()).resolves.toBe('red');
    if (javaScript) {
      // autofocus moves the focus to the account, so a screen reader starts there.
      await expect(tab.evaluate(() => Boolean(document.activeElement?.closest('.conflict')))).resolves.toBe(true);
      expect(await seriousOrWorse(tab)).toBe(0);
      await saveScreenshot(tab, 'trust-409');
    }
    const saved = await clickAndLoad(tab, continueButton(tab));
    expect(saved.status()).toBe(200);
    expect(new URL(tab.url()).pathname).toBe('/page3');
    await expect(tab.locator('main').innerText()).resolves.toContain('red');
  });

  test('a change that drops the address: the notice names it, and Undo puts it back', async () => {
    const page = await (await newContext(javaScript)).newPage();
    await orderChangedToCollection(page);
    expect(new URL(page.url()).pathname).toBe('/order/check');
    const notice = page.getByRole('status').filter({ hasText: 'Answers removed' });
    await expect(notice.innerText()).resolves.toContain('removed your answer to delivery address');
    await expect(page.locator('main').innerText()).resolves.not.toContain('High Street');
    if (javaScript) {
      expect(await seriousOrWorse(page)).toBe(0);
      await saveScreenshot(page, 'trust-undo');
    }
    await clickAndLoad(page, page.getByRole('button', { name: 'Undo this change' }));
    expect(new URL(page.url()).pathname).toBe('/order/check');
    const main = await page.locator('main').innerText();
    expect(main).toContain('1 High Street, Town AB1 2CD');
    expect(main).toContain('Delivery to your door');
    expect(main).not.toContain('Answers removed');
  });
});
