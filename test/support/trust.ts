// Helpers for the trust suites (issue 20): a browser-like visitor's forms read from the page (the hidden _csrf, _seen
// and _submission as a browser would send them back), the order answered, and a journey whose sending is counted.
import type { Server } from 'node:http';
import { defineJourney } from '../../src/flow/journey';
import { csrfFrom } from './app';
import { Visitor } from './visitor';

type Target = Server | Parameters<Visitor['get']>[0];

/** The hidden inputs of the first form on `html` that posts to `action` (name → value). */
export function hiddenFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  if (start === -1) throw new Error(`no form posting to ${action} in:\n${html.slice(0, 400)}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  return Object.fromEntries(Array.from(form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g), (m) => [m[1] ?? '', m[2] ?? '']));
}

/** GETs `page` and POSTs its own form back (`action`, the page by default) with `fields`, as a browser tab would. */
export async function sendForm(visitor: Visitor, target: Target, page: string, fields: Record<string, string>, action = page) {
  const html = (await visitor.get(target, page)).text;
  return visitor.post(target, action, { ...hiddenFields(html, action), ...fields });
}

/** The order answered for delivery (or collection), ending on its check page. */
export async function answerOrder(visitor: Visitor, target: Target, method: 'delivery' | 'collection' = 'delivery'): Promise<void> {
  const steps: [string, Record<string, string>][] = [
    ['/order/size', { size: 'large' }],
    ['/order/toppings', { toppings: 'olives' }],
    ['/order/quantity', { quantity: '2' }],
    ['/order/delivery', { method }],
    ...(method === 'delivery' ? ([['/order/address', { address: '1 High Street, Town AB1 2CD' }]] as [string, Record<string, string>][]) : []),
  ];
  for (const [path, fields] of steps) {
    const res = await sendForm(visitor, target, path, fields);
    expect({ path, status: res.status }).toEqual({ path, status: 303 });
  }
}

/** The reference on a done page (or in a notice). */
export function referenceIn(html: string): string | undefined {
  return /class="reference">([A-Z0-9]{8})</.exec(html)?.[1];
}

/** The token of a page's forms, for a post built by hand. */
export const tokenOf = csrfFrom;

/** A journey that sends something (its `send` counted): one question, a check page, a done page. */
export function countedJourney(sends: string[], hold?: () => Promise<void>) {
  return defineJourney({
    id: 'gift',
    label: 'Your gift',
    basePath: '/gift',
    steps: [
      {
        slug: 'kind',
        title: 'Which gift?',
        fields: [{ type: 'radios', name: 'gift', label: 'Gift', noun: 'a gift', options: [{ value: 'book', label: 'A book' }, { value: 'plant', label: 'A plant' }] }],
        next: 'check',
      },
    ],
    check: { slug: 'check', title: 'Check your gift' },
    submit: {
      button: 'Send the gift',
      doneTitle: 'Gift sent',
      cancelButton: 'Cancel the gift',
      send: async (_answers, { reference }) => {
        sends.push(reference);
        await hold?.();
      },
    },
  });
}
