// The HTTP server around the app, with the timeouts that stop slow or idle clients from holding connections.
import http, { type RequestListener } from 'node:http';

export interface ServerTimeouts {
  /** The request line and headers must all arrive within this; otherwise 408 and the connection closes. */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** How often Node checks connections against the two limits above (they are only as exact as this). */
  checkIntervalMs: number;
}

export const serverTimeouts: ServerTimeouts = {
  // A form page's request is a few hundred bytes: any real browser sends it in well under a second.
  headersMs: 10_000,
  // Below Heroku's 30 s router timeout, so a slow body is cut here rather than left to hang behind a 503 (H12).
  requestMs: 20_000,
  // Above Heroku Router 2.0's 90 s keep-alive idle timeout: the router, not us, closes idle connections, so it
  // never sends a request down a connection we are closing at that moment.
  keepAliveMs: 95_000,
  // Node's default is 30 s, which would let a 10 s header limit stretch to 40 s.
  checkIntervalMs: 1_000,
};

/** An http.Server for `listener` (the Express app) with `timeouts`; the caller listens. */
export function createHttpServer(listener: RequestListener, timeouts: ServerTimeouts = serverTimeouts): http.Server {
  return http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    listener,
  );
}
