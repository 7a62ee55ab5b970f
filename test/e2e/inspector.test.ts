// The session inspector opened with every journey holding answers, at a desktop, a tablet and a phone width: no
// sideways scrolling, the JSON scrolling inside its own block with its indentation kept, and no serious axe finding.
/// <reference lib="dom" />
// (The DOM types are for the page.evaluate callbacks, which run in the browser.)
import type { Browser, Page } from 'playwright-core';
import { saveElementScreenshot, saveScreenshot } from './support/artifacts';
import { axeViolations } from './support/axe';
import { launchBrowser } from './support/browser';
import { answerColour, answerName, clickAndLoad, continueButton, navigate } from './support/pages';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** The widths the issue measured the broken page at: a laptop, a tablet, a phone. */
const widths = [1280, 768, 360] as const;

/** The lesson answered (with a long unbroken colour, the hardest case), then the order answered up to its check page. */
async function answerEveryJourney(page: Page): Promise<void> {
  await navigate(page, () => page.goto(`${server.url}/page1`));
  await answerName(page, 'Ada', 'Lovelace');
  await answerColour(page, 'Teal-with-a-hint-of-the-sea-at-dawn-over-the-harbour-wall');
  await navigate(page, () => page.goto(`${server.url}/order/size`));
  await page.getByLabel('Large').check();
  await clickAndLoad(page, continueButton(page));
  await page.getByLabel('Cheese').check();
  await page.getByLabel('Mushrooms').check();
  await clickAndLoad(page, continueButton(page));
  await page.getByLabel('How many pizzas would you like?').fill('2');
  await clickAndLoad(page, continueButton(page));
  await page.getByLabel('Delivery to your door').check();
  await clickAndLoad(page, continueButton(page));
  await page.getByLabel('Where should we deliver?').fill('Flat 1, 1 High Street\nA-very-long-unbroken-town-name-by-the-sea-wall\nAB1 2CD');
  await clickAndLoad(page, continueButton(page));
  if ((await page.locator('h1').innerText()) !== 'Check your answers') throw new Error('the order did not reach its check page');
}

async function openInspector(page: Page): Promise<void> {
  await page.locator('.inspector__summary').click();
  if ((await page.locator('.inspector details').getAttribute('open')) === null) throw new Error('the inspector did not open');
}

/** What overflows sideways: the page itself, and anything in the panel wider than the panel. */
function sidewaysProblems(page: Page, screenWidth: number): Promise<string[]> {
  return page.evaluate((width) => {
    const seen: string[] = [];
    const pageWidth = Math.max(document.documentElement.scrollWidth, window.innerWidth);
    if (pageWidth > width) seen.push(`the page is ${pageWidth}px wide in a ${width}px window`);
    const panel = document.querySelector('.inspector details')?.getBoundingClientRect();
    if (!panel) return [...seen, 'no inspector panel'];
    for (const el of document.querySelectorAll<HTMLElement>('.inspector details *')) {
      const box = el.getBoundingClientRect();
      if (box.right > panel.right + 1) seen.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}px, past the panel's ${Math.round(panel.right)}px`);
    }
    return seen;
  }, screenWidth);
}

test.each(widths)('at %i px, with every journey holding answers and the inspector open, nothing scrolls sideways and axe finds nothing serious', async (width) => {
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true }); // bypassCSP: for axe's script only
  try {
    const page = await context.newPage();
    await answerEveryJourney(page);
    const problems: string[] = [];
    for (const path of ['/page3', '/order/check', '/how-it-works', '/']) {
      await navigate(page, () => page.goto(`${server.url}${path}`));
      await openInspector(page);
      // Both journeys' answers are in the panel: the case that once made the page 1,772 px wide at 1,280.
      const answers = await page.locator('.inspector__answers li').allInnerTexts();
      expect(answers.map((text) => text.split(':')[0])).toEqual(['About you', 'Your pizza order']);
      problems.push(...(await sidewaysProblems(page, width)).map((problem) => `${path}: ${problem}`));
      const grave = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      problems.push(...grave.map((v) => `${path}: axe ${v.id} (${v.help}) at ${v.targets.join(', ')}`));
    }
    await navigate(page, () => page.goto(`${server.url}/page3`));
    await openInspector(page);
    await saveScreenshot(page, `inspector-every-journey-${width}`);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 180_000); // four pages, each checked by axe: minutes on a small, busy machine

test('on a phone the record keeps its indentation and scrolls inside its own block, which a keyboard can reach', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    await answerEveryJourney(page);
    await navigate(page, () => page.goto(`${server.url}/page3`));
    await openInspector(page);
    const record = page.locator('pre.inspector__data');
    const shape = await record.evaluate((pre) => ({
      whiteSpace: getComputedStyle(pre).whiteSpace,
      scrolls: pre.scrollWidth > pre.clientWidth,
      pageWidth: document.documentElement.scrollWidth,
      lines: pre.textContent.split('\n'),
    }));
    expect(shape.whiteSpace).toBe('pre'); // no wrapping: every line starts at its own indentation
    expect(shape.scrolls).toBe(true); // the long colour runs past the block's edge: the block scrolls, not the page
    expect(shape.pageWidth).toBeLessThanOrEqual(360);
    expect(shape.lines).toContain('      "firstName": "Ada",'); // six spaces: journeys → lesson → firstName
    // Keyboard users can scroll it too: it takes the focus, and its name says what it is.
    await record.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('The session record, as JSON');
    await page.keyboard.press('ArrowRight');
    // The browser may scroll smoothly, over a few frames: wait (at most 5 s) for the block to have moved.
    await record.evaluate((pre) => new Promise<void>((resolve, reject) => {
      const end = Date.now() + 5000;
      const check = (): void => {
        if (pre.scrollLeft > 0) resolve();
        else if (Date.now() > end) reject(new Error('the record did not scroll on ArrowRight'));
        else requestAnimationFrame(check);
      };
      check();
    }));
    expect(await record.evaluate((pre) => pre.scrollLeft)).toBeGreaterThan(0);
    await saveScreenshot(page, 'inspector-every-journey-phone');
  } finally {
    await context.close();
  }
});

test('the screenshot for the README: the inspector opened after both journeys, at desktop size', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  try {
    const page = await context.newPage();
    await answerEveryJourney(page);
    await navigate(page, () => page.goto(`${server.url}/page3`));
    await openInspector(page);
    await saveElementScreenshot(page.locator('.inspector'), 'inspector'); // docs/screenshots/inspector.png is a copy
  } finally {
    await context.close();
  }
});
