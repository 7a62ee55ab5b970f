// The journey in a real browser, as people use it: clicking, typing, reloading, going back, two windows, no JavaScript, keyboard only.
/// <reference lib="dom" />
// (The DOM types are for the page.evaluate callbacks, which run in the browser.)
import type { BrowserContextOptions, Page } from 'playwright-core';
import { browserSuite, desktop } from './support/browser';
import { answerColour, answerName, clickAndLoad, continueButton, focusedElement, heading, navigate } from './support/pages';

const suite = browserSuite();

/** A page in a fresh browser context: its own cookies, like a separate private window. */
async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  return (await suite.newContext(options)).newPage();
}

function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.hash;
}

function footer(page: Page): Promise<string> {
  return page.locator('.site-footer').innerText();
}

/** Methods of the top-level document requests the page makes from now on (a resubmitted form shows as POST). */
function recordNavigations(page: Page): string[] {
  const methods: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) methods.push(request.method());
  });
  return methods;
}

async function answerEverything(page: Page, answers = { firstName: 'Ada', lastName: 'Lovelace', colour: 'teal' }): Promise<void> {
  await navigate(page, () => page.goto('/page1'));
  await answerName(page, answers.firstName, answers.lastName);
  await answerColour(page, answers.colour);
  expect(pathOf(page)).toBe('/page3');
}

test('a person can answer every question by clicking and typing, fixing an invalid answer on the way', async () => {
  const page = await newPage();
  await navigate(page, () => page.goto('/'));
  expect(await footer(page)).toContain('Nothing yet');

  await clickAndLoad(page, page.getByRole('link', { name: 'Get started' }));
  expect(pathOf(page)).toBe('/page1');

  const invalid = await clickAndLoad(page, continueButton(page));
  expect(invalid.status()).toBe(422);
  expect(await page.title()).toMatch(/^Error: /);
  // The error summary takes focus on arrival, so a screen reader announces it and Tab starts from it.
  expect(await focusedElement(page)).toMatchObject({ className: 'error-summary', inErrorSummary: true });
  const links = page.locator('.error-summary a');
  expect(await links.allInnerTexts()).toEqual(['Enter your first name', 'Enter your last name']);

  // Each link in the summary puts the cursor in the field it is about.
  await links.nth(0).click();
  expect(pathOf(page)).toBe('/page1#firstName');
  expect((await focusedElement(page)).id).toBe('firstName');
  await links.nth(1).click();
  expect(pathOf(page)).toBe('/page1#lastName');
  expect((await focusedElement(page)).id).toBe('lastName');

  // Half right: what was typed stays, and only the missing answer is flagged.
  await page.getByLabel('First name').fill('  José  ');
  const halfRight = await clickAndLoad(page, continueButton(page));
  expect(halfRight.status()).toBe(422);
  expect(await page.getByLabel('First name').inputValue()).toBe('José');
  expect(await links.allInnerTexts()).toEqual(['Enter your last name']);
  expect(await page.getByLabel('Last name').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('First name').getAttribute('aria-invalid')).toBeNull();

  await page.getByLabel('Last name').fill('Lovelace');
  await clickAndLoad(page, continueButton(page));
  expect(pathOf(page)).toBe('/page2');
  expect(await footer(page)).toContain('First name: José');

  await answerColour(page, 'teal 🦚');
  expect(pathOf(page)).toBe('/page3');
  expect(await heading(page)).toBe('Now I know…');
  expect(await page.locator('.summary').innerText()).toMatch(/First name\s+José[\s\S]*Last name\s+Lovelace[\s\S]*Favourite colour\s+teal 🦚/);
});

test('reloading after each form submission loads the page again with GET, never resubmitting the form', async () => {
  const page = await newPage();
  await navigate(page, () => page.goto('/page1'));
  const methods = recordNavigations(page);

  await answerName(page, 'Ada', 'Lovelace');
  expect(methods).toEqual(['POST', 'GET']); // the form, then the redirect to page 2
  const afterName = await page.reload();
  expect(afterName?.request().method()).toBe('GET');
  expect(afterName?.status()).toBe(200);
  expect(pathOf(page)).toBe('/page2');

  methods.length = 0;
  await answerColour(page, 'teal');
  const afterColour = await page.reload();
  expect(afterColour?.request().method()).toBe('GET');
  expect(pathOf(page)).toBe('/page3');

  methods.length = 0;
  await clickAndLoad(page, page.getByRole('main').getByRole('button', { name: 'Start over' }));
  expect(await page.locator('.notice').innerText()).toContain('You started over');
  const afterStartOver = await page.reload();
  expect(afterStartOver?.request().method()).toBe('GET');
  expect(pathOf(page)).toBe('/');
  expect(await page.locator('.notice').count()).toBe(0); // the notice is shown once
  expect(methods).toEqual(['POST', 'GET', 'GET']);
});

test('the back button returns to each earlier question with its answer still filled in', async () => {
  const page = await newPage();
  await answerEverything(page);
  const methods = recordNavigations(page);

  await page.goBack();
  expect(pathOf(page)).toBe('/page2');
  expect(await page.getByLabel('Favourite colour').inputValue()).toBe('teal');
  await page.goBack();
  expect(pathOf(page)).toBe('/page1');
  expect(await page.getByLabel('Last name').inputValue()).toBe('Lovelace');
  expect(methods).not.toContain('POST');

  // Answering again from there still lands on the summary, with the new answer.
  await page.getByLabel('First name').fill('Augusta');
  await clickAndLoad(page, continueButton(page));
  expect(pathOf(page)).toBe('/page3');
  expect(await page.locator('.summary').innerText()).toContain('Augusta');
});

test('each "Change" link on the summary opens its question prefilled and comes back to the summary', async () => {
  const page = await newPage();
  await answerEverything(page);

  await clickAndLoad(page, page.getByRole('link', { name: 'Change first name' }));
  expect(pathOf(page)).toBe('/page1');
  expect(await page.getByLabel('First name').inputValue()).toBe('Ada');
  await answerName(page, 'Augusta', 'King');
  expect(pathOf(page)).toBe('/page3');

  await clickAndLoad(page, page.getByRole('link', { name: 'Change favourite colour' }));
  expect(pathOf(page)).toBe('/page2');
  expect(await page.getByLabel('Favourite colour').inputValue()).toBe('teal');
  await answerColour(page, 'midnight blue');
  expect(pathOf(page)).toBe('/page3');
  expect(await page.locator('.summary').innerText()).toMatch(/Augusta[\s\S]*King[\s\S]*midnight blue/);
});

test('start over empties the session, and the old pages (and the old cookie) send the visitor back to page 1', async () => {
  const page = await newPage();
  await answerEverything(page);
  const oldCookies = await page.context().cookies();
  // The form token's cookie, and the session's: in production (as this server runs) both carry the __Host- prefix,
  // which Chromium accepts from http://localhost, a secure context.
  expect(oldCookies.map((c) => c.name).sort()).toEqual(['__Host-flow.csrf', '__Host-flow.sid']);

  await clickAndLoad(page, page.getByRole('main').getByRole('button', { name: 'Start over' }));
  expect(pathOf(page)).toBe('/');
  expect(await footer(page)).toContain('Nothing yet');

  for (const path of ['/page3', '/page2']) {
    await navigate(page, () => page.goto(path));
    expect(pathOf(page)).toBe('/page1');
    expect(await page.getByLabel('First name').inputValue()).toBe('');
  }

  // Someone who kept a copy of the old cookie gets nothing from it.
  const copy = await newPage();
  await copy.context().addCookies(oldCookies);
  await navigate(copy, () => copy.goto('/page3'));
  expect(pathOf(copy)).toBe('/page1');
  expect(await footer(copy)).not.toContain('Lovelace');
});

test('two browser windows at once (like a private window) each see only their own answers', async () => {
  const ada = await newPage();
  const grace = await newPage();
  await navigate(ada, () => ada.goto('/page1'));
  await navigate(grace, () => grace.goto('/page1'));
  // Interleaved, as two people would be.
  await answerName(ada, 'Ada', 'Lovelace');
  await answerName(grace, 'Grace', 'Hopper');
  await answerColour(grace, 'green');
  await answerColour(ada, 'teal');

  const adaSummary = await ada.locator('.summary').innerText();
  const graceSummary = await grace.locator('.summary').innerText();
  expect(adaSummary).toMatch(/Ada[\s\S]*Lovelace[\s\S]*teal/);
  expect(adaSummary).not.toMatch(/Grace|Hopper|green/);
  expect(graceSummary).toMatch(/Grace[\s\S]*Hopper[\s\S]*green/);
  expect(graceSummary).not.toMatch(/Ada|Lovelace|teal/);
  const [adaCookie] = await ada.context().cookies();
  const [graceCookie] = await grace.context().cookies();
  expect(adaCookie?.value).not.toBe(graceCookie?.value);
});

test('the whole journey works with JavaScript turned off, focus on the error summary included', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await navigate(page, () => page.goto('/'));
  await clickAndLoad(page, page.getByRole('link', { name: 'Get started' }));

  const invalid = await answerName(page, 'Ada', '');
  expect(invalid.status()).toBe(422);
  // autofocus is HTML, not script: the summary still takes focus.
  expect((await focusedElement(page)).className).toBe('error-summary');
  await page.locator('.error-summary a').click();
  expect((await focusedElement(page)).id).toBe('lastName');

  await answerName(page, 'Ada', 'Lovelace');
  await answerColour(page, 'teal');
  expect(await page.locator('.summary').innerText()).toMatch(/Ada[\s\S]*Lovelace[\s\S]*teal/);
  await clickAndLoad(page, page.getByRole('link', { name: 'Change last name' }));
  await answerName(page, 'Ada', 'King');
  expect(pathOf(page)).toBe('/page3');
  await clickAndLoad(page, page.getByRole('main').getByRole('button', { name: 'Start over' }));
  expect(await footer(page)).toContain('Nothing yet');
});

/** Presses Tab until the focused element matches, at most `limit` times; fails with what was focused instead. */
async function tabTo(page: Page, wanted: { id?: string; text?: string }, limit = 15): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      id: document.activeElement?.id ?? '',
      text: (document.activeElement as HTMLElement | null)?.innerText.trim() ?? '',
    }));
    if ((wanted.id === undefined || focused.id === wanted.id) && (wanted.text === undefined || focused.text === wanted.text)) return;
    seen.push(focused.id || focused.text);
  }
  throw new Error(`Tab never reached ${JSON.stringify(wanted)}; focused in turn: ${seen.join(' | ')}`);
}

test('a keyboard alone (Tab and Enter) gets from the home page to the summary', async () => {
  const page = await newPage();
  await navigate(page, () => page.goto('/'));

  // The first Tab shows the skip link, on screen.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
  const box = await skip.boundingBox();
  expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= desktop.width).toBe(true);

  await tabTo(page, { text: 'Get started' });
  await navigate(page, () => page.keyboard.press('Enter'));
  expect(pathOf(page)).toBe('/page1');

  await tabTo(page, { id: 'firstName' });
  await page.keyboard.type('Ada');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Lovelace');
  await navigate(page, () => page.keyboard.press('Enter')); // Enter in a text field sends its form
  expect(pathOf(page)).toBe('/page2');

  // Enter on an empty form, then recover from the error summary by keyboard.
  await tabTo(page, { text: 'Continue' });
  await navigate(page, () => page.keyboard.press('Enter'));
  expect(await heading(page)).toBe('What is your favourite colour?');
  await tabTo(page, { text: 'Enter your favourite colour' }, 1); // the summary has focus: its link is next
  await page.keyboard.press('Enter');
  expect((await focusedElement(page)).id).toBe('favoriteColor');
  await page.keyboard.type('teal');
  await tabTo(page, { text: 'Continue' });
  await navigate(page, () => page.keyboard.press('Enter'));
  expect(pathOf(page)).toBe('/page3');
  expect(await page.locator('.summary').innerText()).toMatch(/Ada[\s\S]*Lovelace[\s\S]*teal/);
});

test('a person can order a pizza, fix a missing choice, switch delivery to collection from the check page, and see the order once', async () => {
  const page = await newPage();
  await navigate(page, () => page.goto('/'));
  await clickAndLoad(page, page.getByRole('link', { name: 'Order a pizza' }));
  expect(pathOf(page)).toBe('/order/size');

  const invalid = await clickAndLoad(page, continueButton(page));
  expect(invalid.status()).toBe(422);
  expect(await focusedElement(page)).toMatchObject({ className: 'error-summary', inErrorSummary: true });
  // The summary's link lands on the first radio of the group it is about.
  await page.locator('.error-summary a').first().click();
  expect((await focusedElement(page)).id).toBe('size');

  await page.getByLabel('Medium').check();
  await clickAndLoad(page, continueButton(page));
  await page.getByLabel('Pineapple').check();
  await page.getByLabel('Olives').check();
  await clickAndLoad(page, continueButton(page));
  await page.getByLabel('How many pizzas would you like?').fill('3');
  await clickAndLoad(page, continueButton(page));
  await page.getByLabel('Delivery to your door').check();
  await clickAndLoad(page, continueButton(page));
  expect(pathOf(page)).toBe('/order/address');
  await page.getByLabel('Where should we deliver?').fill('1 High Street\nTown');
  await clickAndLoad(page, continueButton(page));
  expect(pathOf(page)).toBe('/order/check');
  expect(await page.locator('.summary').innerText()).toContain('1 High Street\nTown');

  await clickAndLoad(page, page.getByRole('link', { name: 'Change delivery or collection' }));
  expect(await page.getByLabel('Delivery to your door').isChecked()).toBe(true);
  await page.getByLabel('Collection from the shop').check();
  await clickAndLoad(page, continueButton(page));
  expect(pathOf(page)).toBe('/order/check');
  expect(await page.locator('.summary').innerText()).not.toContain('High Street');
  expect(await footer(page)).not.toContain('High Street');

  await clickAndLoad(page, page.getByRole('button', { name: 'Place order' }));
  expect(pathOf(page)).toBe('/order/done');
  expect(await page.locator('.reference').innerText()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  expect(await page.locator('.summary').innerText()).toContain('Olives, Pineapple');
  await navigate(page, () => page.reload());
  expect(pathOf(page)).toBe('/order/size');
  expect(await footer(page)).not.toContain('Your pizza order');
});
