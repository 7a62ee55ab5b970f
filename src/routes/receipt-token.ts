// A receipt carried whole in its own URL token: compressed, then sealed (AES-256-GCM, a key derived from each
// SESSION_SECRET), so the server keeps nothing, a changed character is refused, and the link itself reveals nothing.
// docs/TRUST.md weighs this against keeping receipts in the session store.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** What a receipt shows: the journey it ends, its reference, the answers as the check page listed them. */
export interface Receipt {
  journeyLabel: string;
  reference: string;
  rows: readonly { label: string; value: string }[];
  /** When it was issued (ms since 1970): the link works for RECEIPT_LIFETIME_MS after. */
  issuedAt: number;
}

/** How long a receipt's link works. */
export const RECEIPT_LIFETIME_MS = 30 * 24 * 60 * 60_000;

/** Longer tokens are refused before any work: the largest receipt (the order, a 200-character address) is far shorter. */
export const MAX_TOKEN_LENGTH = 4096;

const VERSION = 1;
const IV_BYTES = 12; // GCM's standard nonce: random for each token
const TAG_BYTES = 16;
/** The most a token may inflate to: a token that passed the seal is ours, but this bounds the work anyway. */
const MAX_JSON_BYTES = 32 * 1024;

/** One key per secret, derived (HKDF) so that receipts never share a key with cookies or form tokens. */
function keyFor(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'session-flow', 'receipt token v1', 32));
}

/** The token for `receipt`, sealed with `secret` (the first SESSION_SECRET). */
export function sealReceipt(receipt: Receipt, secret: string): string {
  const json = JSON.stringify([VERSION, receipt.issuedAt, receipt.journeyLabel, receipt.reference, receipt.rows.map((row) => [row.label, row.value])]);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const sealed = Buffer.concat([cipher.update(deflateRawSync(json)), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/**
 * The receipt in `token` when it was sealed with one of `secrets` (rotation: every secret opens) and is no older than
 * RECEIPT_LIFETIME_MS at `now`; otherwise undefined: altered, unknown, expired or junk, all alike.
 */
export function openReceipt(token: string, secrets: readonly string[], now: number): Receipt | undefined {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  // base64url's last character can carry unused bits: a token is accepted only in the one spelling we make, so that
  // changing any character, that one included, is refused.
  if (bytes.toString('base64url') !== token || bytes.length < IV_BYTES + TAG_BYTES + 1) return undefined;
  const iv = bytes.subarray(0, IV_BYTES);
  const sealed = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  for (const secret of secrets) {
    const compressed = opened(secret, iv, sealed, tag);
    if (compressed === undefined) continue;
    const receipt = parsed(compressed);
    return receipt !== undefined && now - receipt.issuedAt <= RECEIPT_LIFETIME_MS && receipt.issuedAt <= now + 60_000 ? receipt : undefined;
  }
  return undefined;
}

/** The plaintext when the seal holds for this secret's key, else undefined. */
function opened(secret: string, iv: Buffer, sealed: Buffer, tag: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed), decipher.final()]); // final() throws when the tag does not match
  } catch {
    return undefined;
  }
}

function parsed(compressed: Buffer): Receipt | undefined {
  try {
    const value: unknown = JSON.parse(inflateRawSync(compressed, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8'));
    if (!Array.isArray(value)) return undefined;
    const [version, issuedAt, journeyLabel, reference, rows] = value as unknown[];
    if (version !== VERSION || typeof issuedAt !== 'number' || typeof journeyLabel !== 'string' || typeof reference !== 'string' || !Array.isArray(rows)) return undefined;
    const pairs = (rows as unknown[]).filter((row): row is [string, string] => Array.isArray(row) && typeof row[0] === 'string' && typeof row[1] === 'string');
    if (pairs.length !== rows.length) return undefined;
    return { journeyLabel, reference, issuedAt, rows: pairs.map(([label, value]) => ({ label, value })) };
  } catch {
    return undefined;
  }
}
