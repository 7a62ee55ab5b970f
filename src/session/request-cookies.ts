// Reads one cookie from a request's Cookie header (parsed once per request), without any cookie-parsing middleware.
import type { Request } from 'express';

const parsed = new WeakMap<Request, ReadonlyMap<string, string>>();

/** The value of cookie `name` as the browser sent it (URI-decoded), or undefined. The first one wins. */
export function requestCookie(req: Request, name: string): string | undefined {
  let cookies = parsed.get(req);
  if (cookies === undefined) {
    cookies = parseCookieHeader(req.headers.cookie ?? '');
    parsed.set(req, cookies);
  }
  return cookies.get(name);
}

export function parseCookieHeader(header: string): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim();
    if (name === '' || cookies.has(name)) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value); // not valid percent-encoding: kept as sent
    }
  }
  return cookies;
}
