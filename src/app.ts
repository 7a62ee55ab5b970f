// createApp(config): the whole app, middleware in order. It never listens; server.ts does.
import path from 'node:path';
import express, { type Express } from 'express';
import type { Config } from './config';
import { requireFormBody } from './http/body-type';
import { cookieJar } from './http/cookies';
import { createCsrf, CSRF_COOKIE } from './http/csrf';
import { readFormBody } from './http/form-body';
import { healthCheck } from './http/health';
import { requestLogger } from './http/logger';
import { onlyServedMethods } from './http/methods';
import { MemoryNewSessionLimit, RedisNewSessionLimit, newSessionGuard, type NewSessionLimit } from './http/new-session-limit';
import { noStore } from './http/no-store';
import { refuseCrossSiteRequests } from './http/origin-check';
import { securityHeaders } from './http/security';
import { durationText } from './inspector/model';
import { errorHandler, notFound } from './pages/errors';
import { createNotices, noticeFor } from './pages/notices';
import { createPages } from './pages/page';
import { useViews } from './pages/views';
import { localToday } from './flow/dates';
import { journeys as registeredJourneys } from './flow/journeys';
import type { Journey } from './flow/journey';
import { paths } from './flow/paths';
import { checkJourneys } from './flow/registry';
import { flowRouter } from './routes/flow';
import { journeysRouter } from './routes/journeys';
import { howItWorksRouter } from './routes/how-it-works';
import { createReceipts, receiptsRouter } from './routes/receipts';
import type { Services } from './routes/services';
import { sessionClockRouter } from './routes/session-clock';
import { createSessionMiddleware, sessionIdOf, type SessionOptions } from './session/session';
import type { SessionStore } from './session/session-store';
import { createSessionStore } from './session/stores';
import type { Log } from './util/log';

const root = path.join(__dirname, '..');

/**
 * Most name=value pairs a form body may carry (more: a 400 page). Far above any form here (the order's toppings step
 * posts one pair per ticked box, plus the token; a guest list page a few pairs per guest), so it never refuses a
 * form of ours, while a body of thousands of empty pairs is refused before it is parsed.
 */
const FORM_PAIRS_LIMIT = 100;

export interface AppDeps {
  /** Defaults to the store the config asks for. */
  sessionStore?: SessionStore;
  /** Where errors and store events go: stderr by default (tests pass a silent one). */
  log?: Log;
  /** Defaults to the store's shared counter (Redis), else one counted in this process's memory. */
  newSessionLimit?: NewSessionLimit;
  /** Runs before a session is created; defaults to the limit on new sessions per address (429 past it). */
  beforeCreate?: SessionOptions['beforeCreate'];
  /** The journeys served: defaults to the registry (src/flow/journeys/index.ts); a test may serve its own. */
  journeys?: readonly Journey[];
  /** Today's date as `YYYY-MM-DD`, for date fields' bounds: the server's local date by default (tests fix it). */
  today?: () => string;
  /** "Now" for receipts (issued, and their 30 days); tests pass a clock of their own. Defaults to Date.now. */
  now?: () => number;
}

export interface App extends Express {
  /** Closes what the app opened (the session store). */
  close(): Promise<void>;
}

export function createApp(config: Config, deps: AppDeps = {}): App {
  const sessionStore = deps.sessionStore ?? createSessionStore(config, { log: deps.log });
  const cookies = cookieJar(config.secureCookies); // __Host- names and always Secure where served over https only
  // Signed double-submit, keyed by the session secrets, and bound to the visitor's session once there is one.
  const csrf = createCsrf({ secrets: config.sessionSecrets, cookies, sessionOf: sessionIdOf });
  const notices = createNotices(cookies);
  // Checked like the registry's: ids, base paths and page URLs each used once.
  const journeys = deps.journeys === undefined ? registeredJourneys : checkJourneys(deps.journeys, Object.values(paths));
  const pages = createPages({ csrf, notices, journeys, inspector: config.sessionInspector, secureCookies: config.secureCookies });
  const receipts = createReceipts(config.sessionSecrets, deps.now); // sealed with the session secrets, as the form tokens
  const today = deps.today ?? localToday;
  const services: Services = { journeys, csrf, pages, notices, receipts, today, sessionMode: config.sessionMode };
  const newSessionLimit = deps.newSessionLimit ?? newSessionLimitFor(config, sessionStore);
  const app = express() as App;

  setUpExpress(app, config, cookies.name(CSRF_COOKIE));
  setUpRequestLogging(app, config);
  app.use(securityHeaders(config));
  setUpStaticFiles(app, config);
  app.use(noStore()); // every response but static files (their own caching, above), errors included (errors.ts)
  app.get(paths.healthz, healthCheck(sessionStore)); // before the session: a probe must not create one
  app.use(
    createSessionMiddleware(config, sessionStore, {
      // A session is created only by its first answers: that is where the limit on new sessions per address is checked.
      beforeCreate: deps.beforeCreate ?? newSessionGuard(newSessionLimit),
      // A browser's first answers meet in one session, whichever tab sends them: the session's first id is derived
      // from its CSRF cookie (through the form token), which every form page sets before any answer (docs/SESSIONS.md).
      browserSeed: csrf.existingToken,
      // A session found ended: its cookie is cleared, and the next page tells the visitor why, when the app knows.
      onEnded: (req, res, reason) => notices.setNotice(req, res, noticeFor(reason)),
    }),
  );
  app.use(refuseCrossSiteRequests(config.publicOrigin)); // 403 for a post from another site, before its body is read
  app.use(requireFormBody()); // 415 for a body that is not a form
  // After the session, so a refused body's error page still shows what it holds.
  app.use(readFormBody({ limitBytes: config.bodyLimitBytes, parameterLimit: FORM_PAIRS_LIMIT }));
  app.use(onlyServedMethods(notFound(pages))); // before the routers, which would answer OPTIONS themselves
  app.use(howItWorksRouter(services));
  app.use(flowRouter(services));
  app.use(journeysRouter(journeys, services)); // every journey's steps, check page and (for one that is sent) send, done, cancel
  app.use(sessionClockRouter(services)); // POST /session/stay: the session clock's "Keep my session going"
  app.use(receiptsRouter(receipts, pages)); // GET /receipts/<token>: needs no session
  app.use(notFound(pages)); // after every route
  app.use(
    errorHandler({
      pages,
      showDetail: config.nodeEnv !== 'production', // stack traces help a developer and must never reach a visitor
      log: deps.log,
    }),
  );

  app.close = () => sessionStore.close();
  return app;
}

function setUpExpress(app: Express, config: Config, csrfCookieName: string): void {
  app.disable('x-powered-by');
  // Pages are Cache-Control: no-store (no-store.ts), so a validator would never be used: no ETag (Express
  // would SHA-1 every body for it, about 1.6% of a request's instructions). Static files keep theirs.
  app.set('etag', false);
  // Compiled templates are kept in production; in development every request re-reads them, so edits show at once.
  useViews(app, {
    cache: config.nodeEnv === 'production',
    idleMinutes: Math.round(config.sessionIdleMs / 60_000),
    idleText: durationText(config.sessionIdleMs), // "30 minutes", "1 minute": for the notices
    absoluteMinutes: Math.round(config.sessionAbsoluteMs / 60_000),
    absoluteText: durationText(config.sessionAbsoluteMs), // "12 hours"
    sessionMode: config.sessionMode,
    csrfCookieName, // the pages that explain the CSRF cookie name it as the browser holds it
  });
  // TRUST_PROXY: which proxies are believed about the client's address, scheme and host (req.ip, req.secure,
  // req.host). None by default, so a client reached directly is counted by its socket address; one hop on Heroku.
  app.set('trust proxy', config.trustProxy);
}

/** NEW_SESSIONS_PER_MINUTE: counted in Redis when sessions live there (every process sees one count), else per process. */
function newSessionLimitFor(config: Config, sessionStore: SessionStore): NewSessionLimit {
  const perMinute = config.newSessionsPerMinute;
  const { incrementWithExpiry } = sessionStore;
  return incrementWithExpiry === undefined ? new MemoryNewSessionLimit({ perMinute }) : new RedisNewSessionLimit({ incrementWithExpiry }, { perMinute });
}

function setUpRequestLogging(app: Express, config: Config): void {
  if (config.logRequests) app.use(requestLogger());
}

function setUpStaticFiles(app: Express, config: Config): void {
  const serveStatic = express.static(path.join(root, 'public'), {
    index: false,
    maxAge: config.nodeEnv === 'production' ? '1h' : 0,
  });
  // Every file in public/ has an extension and no page URL does: the pages skip a file-system look-up
  // (a stat call) on every request.
  app.use((req, res, next) => {
    if (path.extname(req.path) === '') next();
    else serveStatic(req, res, next);
  });
}
