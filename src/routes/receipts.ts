// GET /receipts/<token>: a receipt that lasts (the reference and the answers), readable without any session for 30
// days, from the token alone (receipt-token.ts). createReceipts makes the service the done page links with.
import { Router } from 'express';
import type { ReceiptPage } from '../pages/models';
import type { Pages } from '../pages/page';
import { openReceipt, RECEIPT_LIFETIME_MS, sealReceipt, type Receipt } from './receipt-token';

export const RECEIPTS_PATH = '/receipts';

export interface Receipts {
  /** The receipt's address, /receipts/<token>, sealed with the first secret. */
  urlFor(receipt: Receipt): string;
  /** The receipt behind a token, or undefined (altered, unknown, expired) at this moment. */
  open(token: string): Receipt | undefined;
  /** "Now", injectable so that tests can read a receipt 31 days later. */
  now(): number;
}

/** Made once in createApp and handed to the routers, so the done page seals with the same secrets and clock that open. */
export function createReceipts(secrets: readonly string[], now: () => number = Date.now): Receipts {
  const [sealing] = secrets;
  if (sealing === undefined) throw new Error('receipts need at least one secret');
  return {
    urlFor: (receipt) => `${RECEIPTS_PATH}/${sealReceipt(receipt, sealing)}`,
    open: (token) => openReceipt(token, secrets, now()),
    now,
  };
}

export function receiptsRouter(receipts: Receipts, { renderPage }: Pages): Router {
  const router = Router();

  router.get(`${RECEIPTS_PATH}/:token`, (req, res, next) => {
    const receipt = receipts.open(req.params.token);
    if (receipt === undefined) {
      next(); // 404: altered, unknown and expired tokens look the same
      return;
    }
    // Pages are already no-store (http/no-store.ts); said here too, as this page's promise. And never in a search index.
    res.set('Cache-Control', 'no-store');
    res.set('X-Robots-Tag', 'noindex');
    renderPage(req, res, 'receipt', receiptPageModel(receipt));
  });

  return router;
}

/** Pure: what the receipt page shows. */
export function receiptPageModel(receipt: Receipt): ReceiptPage {
  return {
    title: `Receipt ${receipt.reference}`,
    journeyLabel: receipt.journeyLabel,
    reference: receipt.reference,
    rows: receipt.rows,
    issuedAt: when(receipt.issuedAt),
    expiresAt: when(receipt.issuedAt + RECEIPT_LIFETIME_MS),
  };
}

/** An instant for `<time datetime>`, and in words in UTC (the server does not know the reader's time zone). */
function when(at: number): { iso: string; text: string } {
  const date = new Date(at);
  const day = date.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  return { iso: date.toISOString(), text: `${day}, ${date.toISOString().slice(11, 16)} UTC` };
}
