// Keep-alive clients looping requests against a server, counting what each request met (for the shutdown suite).
import http from 'node:http';

export interface LoadFigures {
  requests: number;
  /** Answered on a connection that had already carried a request (keep-alive at work). */
  answeredOnReused: number;
  /** Answered after the signal was sent. */
  answeredAfterSignal: number;
  /** Of those, how many said `Connection: close`. */
  closeAfterSignal: number;
  /** ECONNRESET or "socket hang up" on a connection that had already carried a request: a dropped request. */
  resetsOnReused: number;
  /** The same on a brand-new connection (a cluster primary handing a connection to a closing worker). */
  resetsOnFresh: number;
  /** A new connection refused once the listener had closed: expected (Heroku's router goes to the new dyno). */
  refused: number;
  /** Anything else, by code or message. */
  other: string[];
  statuses: Record<number, number>;
}

export interface LoadOptions {
  base: string;
  path: string;
  clients: number;
  /** Longest pause between one client's requests (random from 0): gives the server idle connections to close. */
  maxPauseMs: number;
  /** Stop every client after this long, whatever happens. */
  limitMs: number;
}

interface Outcome {
  status?: number;
  closeHeader?: boolean;
  reused: boolean;
  error?: string;
}

function once(agent: http.Agent, url: URL): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, closeHeader: res.headers.connection === 'close', reused: req.reusedSocket }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ reused: req.reusedSocket, error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ reused: req.reusedSocket, error: err.code ?? err.message }));
  });
}

/**
 * Runs `clients` loops, each on its own single-connection keep-alive agent, until `stopped()` is true for all
 * of them or `limitMs` passes. `signalSentAt()` says when the signal went out (0 before). A client stops at
 * its first refused connection (the listener is gone). `figures` fill in as it runs; `done` gives them at the end.
 */
export function keepAliveLoad(
  options: LoadOptions,
  signalSentAt: () => number,
  stopped: () => boolean,
): { figures: LoadFigures; done: Promise<LoadFigures> } {
  const figures: LoadFigures = { requests: 0, answeredOnReused: 0, answeredAfterSignal: 0, closeAfterSignal: 0, resetsOnReused: 0, resetsOnFresh: 0, refused: 0, other: [], statuses: {} };
  const url = new URL(options.path, options.base);
  const deadline = Date.now() + options.limitMs;

  async function client(): Promise<void> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (Date.now() < deadline && !stopped()) {
        const outcome = await once(agent, url);
        figures.requests++;
        if (outcome.error === undefined) {
          const status = outcome.status ?? 0;
          figures.statuses[status] = (figures.statuses[status] ?? 0) + 1;
          if (outcome.reused) figures.answeredOnReused++;
          if (signalSentAt() > 0) {
            figures.answeredAfterSignal++;
            if (outcome.closeHeader === true) figures.closeAfterSignal++;
          }
        } else if (outcome.error === 'ECONNREFUSED') {
          figures.refused++;
          return;
        } else if (outcome.error === 'ECONNRESET' || outcome.error === 'socket hang up' || outcome.error === 'EPIPE') {
          if (outcome.reused) figures.resetsOnReused++;
          else figures.resetsOnFresh++;
        } else {
          figures.other.push(outcome.error);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * options.maxPauseMs));
      }
    } finally {
      agent.destroy();
    }
  }

  const done = Promise.all(Array.from({ length: options.clients }, () => client())).then(() => figures);
  return { figures, done };
}
