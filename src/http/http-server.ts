// The HTTP server around the app: the timeouts that stop slow or idle clients from holding connections, and a
// drain for shutdown that answers every request on an open connection and closes connections only when unused.
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';
import type { Express } from 'express';
import { appMessageClasses } from './app-messages';

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

/**
 * An http.Server for `listener` with `timeouts`; the caller listens. For an Express app, its requests and responses
 * are made with the app's prototypes from the start (./app-messages.ts).
 */
export function createHttpServer(listener: Express | RequestListener, timeouts: ServerTimeouts = serverTimeouts): http.Server {
  return http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
      ...(isExpressApp(listener) ? appMessageClasses(listener) : {}),
    },
    listener,
  );
}

function isExpressApp(listener: Express | RequestListener): listener is Express {
  return 'request' in listener && 'response' in listener;
}

/**
 * How long a kept-alive connection may sit idle during a shutdown before we close it. A client that sends its
 * next request within this gets an answer (with `Connection: close`), so only a connection nobody is using
 * is closed under a client, and closing one then races with nothing in practice.
 */
export const DRAIN_IDLE_MS = 1_000;

interface ConnectionState {
  /** Responses begun on this connection and not yet finished (more than one only when pipelining). */
  responses: Set<ServerResponse>;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface Drain {
  /**
   * Stops accepting connections, answers every request that still arrives on an open one with
   * `Connection: close` (so the client sends its next request to a new connection, elsewhere), and closes
   * each connection once its last response is sent or it has been idle for `idleMs`. Resolves when every
   * connection has closed. Calling it again returns the same promise.
   */
  (): Promise<void>;
}

/**
 * Follows `server`'s connections so it can be drained without dropping a request. Node's own
 * `server.close()` closes idle keep-alive connections at once (since Node 19), and a client that is sending
 * its next request on one at that moment gets ECONNRESET: one dropped request per kept-alive connection on
 * every deploy. The drain instead only stops the listener, and closes connections the way HTTP/1.1 allows
 * without a race: by saying `Connection: close` on a response.
 */
export function drainable(server: http.Server, idleMs = DRAIN_IDLE_MS): Drain {
  const connections = new Map<Socket, ConnectionState>();
  let draining: Promise<void> | undefined;

  const closeWhenIdle = (socket: Socket, state: ConnectionState): void => {
    clearTimeout(state.idleTimer);
    state.idleTimer = setTimeout(() => {
      if (state.responses.size === 0) socket.destroy();
    }, idleMs);
  };
  const sayClose = (res: ServerResponse): void => {
    if (res.headersSent) return;
    res.shouldKeepAlive = false; // Node then closes the connection once this response is sent
    res.setHeader('Connection', 'close');
  };

  server.on('connection', (socket: Socket) => {
    const state: ConnectionState = { responses: new Set(), idleTimer: undefined };
    connections.set(socket, state);
    if (draining !== undefined) closeWhenIdle(socket, state); // accepted just before the listener closed
    socket.once('close', () => {
      clearTimeout(state.idleTimer);
      connections.delete(socket);
    });
  });

  // Before the app's own listener, so the header is set before any handler can send a response.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = connections.get(req.socket);
    if (state === undefined) return;
    clearTimeout(state.idleTimer);
    state.responses.add(res);
    if (draining !== undefined) sayClose(res);
    res.once('close', () => {
      state.responses.delete(res);
      if (draining !== undefined && state.responses.size === 0) closeWhenIdle(req.socket, state);
    });
  });

  return () => {
    draining ??= new Promise<void>((resolve) => {
      // net.Server's close, not http.Server's: it stops the listener and calls back once every connection has
      // closed, without http's closeIdleConnections() (see above).
      net.Server.prototype.close.call(server, () => resolve());
      for (const [socket, state] of connections) {
        for (const res of state.responses) sayClose(res);
        if (state.responses.size === 0) closeWhenIdle(socket, state);
      }
    });
    return draining;
  };
}
