// Types for the two small cookie packages express and express-session already install (they ship none of their own).
declare module 'cookie' {
  /** Name → value of a Cookie header; the first of two cookies with one name wins; values are URI-decoded when valid. */
  export function parse(header: string): Record<string, string | undefined>;
}

declare module 'cookie-signature' {
  /** `value` + "." + base64 HMAC-SHA256 of it (no padding): the format express-session and Express's res.cookie sign with. */
  export function sign(value: string, secret: string): string;
  /** The value when `signed` carries a valid signature for `secret`, else false. */
  export function unsign(signed: string, secret: string): string | false;
}
