// Drives a browser page the way a person would, and tours every page and error state of the app.
/// <reference lib="dom" />
// (The DOM types are for the page.evaluate callbacks, which run in the browser.)
import type { Locator, Page, Response } from 'playwright-core';

/** Runs `action` (a click, a key press, a goto…) and waits for the page it leads to, after any redirects. */
export async function navigate(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const response = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && !isRedirect(r.status()),
  );
  const loaded = page.waitForEvent('load');
  await action();
  await loaded;
  return response;
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

export function clickAndLoad(page: Page, target: Locator): Promise<Response> {
  return navigate(page, () => target.click());
}

export function heading(page: Page): Promise<string> {
  return page.locator('h1').innerText();
}

export function continueButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Continue' });
}

export async function answerName(page: Page, firstName: string, lastName: string): Promise<Response> {
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill(lastName);
  return clickAndLoad(page, continueButton(page));
}

export async function answerColour(page: Page, colour: string): Promise<Response> {
  await page.getByLabel('Favourite colour').fill(colour);
  return clickAndLoad(page, continueButton(page));
}

/** The id of the focused element, or the class of its nearest ancestor with one (for the error summary). */
export function focusedElement(page: Page): Promise<{ id: string; className: string; inErrorSummary: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      id: el?.id ?? '',
      className: el?.className ?? '',
      inErrorSummary: Boolean(el?.closest('.error-summary')),
    };
  });
}

/** One stop on the tour: a page in one of its states, with the status it must answer. */
export interface PageState {
  readonly name: string;
  readonly status: number;
}

export interface TourServers {
  /** The app under test. */
  readonly url: string;
  /** A second server with the same secret and an empty store: the first one's sessions look expired to it. */
  readonly restartedUrl: string;
}

/**
 * Visits every page and error state in order, calling `visit` on each, and checks that each answered with
 * the status it should (so a tour that went astray fails instead of checking the wrong pages).
 */
export async function tour(page: Page, servers: TourServers, visit: (state: PageState) => Promise<void>): Promise<void> {
  const { url } = servers;
  const stop = async (name: string, response: Response, status: number, h1: string) => {
    if (response.status() !== status) throw new Error(`${name}: expected ${status}, got ${response.status()} at ${response.url()}`);
    const seen = await heading(page);
    if (seen !== h1) throw new Error(`${name}: expected the heading "${h1}", got "${seen}"`);
    await visit({ name, status });
  };
  const home = 'Sessions, by example';
  const askName = 'What is your name?';
  const askColour = 'What is your favourite colour?';

  await stop('home', await navigate(page, () => page.goto(`${url}/`)), 200, home);
  await stop('page1', await clickAndLoad(page, page.getByRole('link', { name: 'Get started' })), 200, askName);
  await stop('page1-errors', await clickAndLoad(page, continueButton(page)), 422, askName);
  await stop('page2', await answerName(page, 'Ada', 'Lovelace'), 200, askColour);
  await stop('page2-errors', await answerColour(page, '   '), 422, askColour);
  // A long unbroken answer is the hardest case for a narrow screen.
  await stop('summary', await answerColour(page, 'Teal-with-a-hint-of-the-sea-at-dawn-over-the-harbour-wall'), 200, 'Now I know…');
  // The session inspector (a <details> panel at the foot of every page), opened, and the page it links to.
  await page.locator('.inspector__summary').click();
  if ((await page.locator('.inspector details').getAttribute('open')) === null) throw new Error('inspector-open: the panel did not open');
  await visit({ name: 'inspector-open', status: 200 });
  const howItWorks = page.getByRole('link', { name: 'How a session works here, step by step' });
  await stop('how-it-works', await clickAndLoad(page, howItWorks), 200, 'How a session works here');
  await tourTheOrder(page, url, stop);
  await stop('started-over', await clickAndLoad(page, page.getByRole('button', { name: 'Start over' })), 200, home);
  await stop('not-found', await navigate(page, () => page.goto(`${url}/no-such-page`)), 404, 'Page not found');

  await navigate(page, () => page.goto(`${url}/page1`));
  await page.locator('form[action="/page1"] input[name="_csrf"]').evaluate((input) => {
    (input as HTMLInputElement).value = 'a-token-from-somewhere-else';
  });
  await stop('forbidden', await answerName(page, 'Ada', 'Lovelace'), 403, 'That form could not be accepted');

  await navigate(page, () => page.goto(`${url}/page1`));
  await stop('too-large', await answerName(page, 'A'.repeat(9000), 'Lovelace'), 413, 'That was too much');

  // Start over cleared the session cookie: answer again, so the browser holds a signed id the restarted server
  // never stored. That server cannot know why the session is gone, and says only that it could not find it.
  await navigate(page, () => page.goto(`${url}/page1`));
  await answerName(page, 'Ada', 'Lovelace');
  const expired = await navigate(page, () => page.goto(`${servers.restartedUrl}/page2`));
  if (!(await page.locator('.notice').innerText()).includes('We could not find your session')) throw new Error('expired: no notice');
  await stop('expired', expired, 200, askName);
}

/** The pizza order's page states, from the home page's link to the one-time done page: each question, its errors, the check page. */
async function tourTheOrder(page: Page, url: string, stop: (name: string, response: Response, status: number, h1: string) => Promise<void>): Promise<void> {
  const next = () => clickAndLoad(page, continueButton(page));
  const size = 'What size pizza would you like?';
  const toppings = 'Which toppings would you like?';
  const quantity = 'How many pizzas would you like?';
  const address = 'Where should we deliver?';

  await navigate(page, () => page.goto(`${url}/`));
  await stop('order-size', await clickAndLoad(page, page.getByRole('link', { name: 'Order a pizza' })), 200, size);
  await stop('order-size-errors', await next(), 422, size);
  await page.getByLabel('Large').check();
  await stop('order-toppings', await next(), 200, toppings);
  for (const topping of ['Cheese', 'Mushrooms', 'Peppers', 'Olives']) await page.getByLabel(topping).check();
  await stop('order-toppings-errors', await next(), 422, toppings);
  await page.getByLabel('Olives').uncheck();
  await stop('order-quantity', await next(), 200, quantity);
  await page.getByLabel('How many pizzas would you like?').fill('2.5');
  await stop('order-quantity-errors', await next(), 422, quantity);
  await page.getByLabel('How many pizzas would you like?').fill('2');
  await stop('order-delivery', await next(), 200, 'Delivery or collection?');
  await page.getByLabel('Delivery to your door').check();
  await stop('order-address', await next(), 200, address);
  await page.getByLabel('Where should we deliver?').fill('abc');
  await stop('order-address-errors', await next(), 422, address);
  // A long unbroken line is the hardest case for a narrow screen.
  await page.getByLabel('Where should we deliver?').fill('Flat 1, 1 High Street\nA-very-long-unbroken-town-name-by-the-sea-wall\nAB1 2CD');
  await stop('order-check', await next(), 200, 'Check your answers');
  await stop('order-done', await clickAndLoad(page, page.getByRole('button', { name: 'Place order' })), 200, 'Order placed');
}
