// createApp(config): the whole app, middleware in order. It never listens; server.ts does.
import path from 'node:path';
import bodyParser from 'body-parser';
import express, { type Express } from 'express';
import type { Config } from './config';
import { requireFormBody } from './http/body-type';
import { createCsrf, existingCsrfToken, useCsrf } from './http/csrf';
import { healthCheck } from './http/health';
import { requestLogger } from './http/logger';
import { onlyServedMethods } from './http/methods';
import { noStore } from './http/no-store';
import { refuseCrossSiteRequests } from './http/origin-check';
import { securityHeaders } from './http/security';
import { INSPECTOR_SETTING } from './inspector/facts';
import { durationText } from './inspector/model';
import { errorHandler, notFound } from './pages/errors';
import { useViews } from './pages/views';
import { journeys } from './flow/journeys';
import { flowRouter } from './routes/flow';
import { journeysRouter } from './routes/journeys';
import { howItWorksRouter } from './routes/how-it-works';
import { MemoryNewSessionLimit, NEW_SESSION_LIMIT_SETTING, checkNewSessionLimit, type NewSessionLimit } from './session/new-session-limit';
import { createSessionMiddleware, type SessionOptions } from './session/session';
import type { SessionStore } from './session/session-store';
import { createSessionStore } from './session/stores';
import type { Log } from './util/log';

const root = path.join(__dirname, '..');

export interface AppDeps {
  /** Defaults to the store the config asks for. */
  sessionStore?: SessionStore;
  /** Where errors and store events go: stderr by default (tests pass a silent one). */
  log?: Log;
  /** Defaults to the store's shared limiter (Redis), else one counted in this process's memory. */
  newSessionLimit?: NewSessionLimit;
  /** Runs before a session is created; defaults to the limit on new sessions per address (429 past it). */
  beforeCreate?: SessionOptions['beforeCreate'];
}

export interface App extends Express {
  /** Closes what the app opened (the session store). */
  close(): Promise<void>;
}

export function createApp(config: Config, deps: AppDeps = {}): App {
  const sessionStore = deps.sessionStore ?? createSessionStore(config, { log: deps.log });
  const app = express() as App;

  setUpExpress(app, config);
  app.set(NEW_SESSION_LIMIT_SETTING, deps.newSessionLimit ?? newSessionLimitFor(config, sessionStore)); // read by checkNewSessionLimit
  setUpRequestLogging(app, config);
  app.use(securityHeaders(config));
  setUpStaticFiles(app, config);
  app.use(noStore()); // every response but static files (their own caching, above), errors included (errors.ts)
  app.get('/healthz', healthCheck(sessionStore)); // before the session: a probe must not create one
  // A session is created only by its first answers: that is where the limit on new sessions per address is checked.
  // A browser's first answers meet in one session, whichever tab sends them: the session's first id is derived from
  // its CSRF cookie (through the form token), which every form page sets before any answer (docs/SESSIONS.md).
  app.use(createSessionMiddleware(config, sessionStore, { beforeCreate: deps.beforeCreate ?? checkNewSessionLimit, browserSeed: existingCsrfToken }));
  app.use(refuseCrossSiteRequests()); // 403 for a post from another site, before its body is read
  app.use(requireFormBody()); // 415 for a body that is not a form
  setUpBodyParsing(app, config); // after the session, so a refused body's error page still shows what it holds
  app.use(onlyServedMethods(notFound())); // before the routers, which would answer OPTIONS themselves
  app.use(howItWorksRouter());
  app.use(flowRouter());
  app.use(journeysRouter(journeys)); // every journey's steps, check page and (for the order) place, done, cancel
  app.use(notFound()); // after every route
  app.use(
    errorHandler({
      showDetail: config.nodeEnv !== 'production', // stack traces help a developer and must never reach a visitor
      log: deps.log,
    }),
  );

  app.close = () => sessionStore.close();
  return app;
}

function setUpExpress(app: Express, config: Config): void {
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
  });
  useCsrf(app, createCsrf(config.sessionSecrets)); // signed double-submit: the session secrets also key the form tokens
  app.set(INSPECTOR_SETTING, config.sessionInspector); // the panel on every page, unless SESSION_INSPECTOR=off
  // Heroku's router is one proxy in front of us: trust its X-Forwarded-Proto, which
  // makes req.secure true for https requests (needed for Secure cookies on Heroku).
  if (config.nodeEnv === 'production') app.set('trust proxy', 1);
}

/** NEW_SESSIONS_PER_MINUTE: counted in Redis when sessions live there (every process sees one count), else per process. */
function newSessionLimitFor(config: Config, sessionStore: SessionStore): NewSessionLimit {
  const perMinute = config.newSessionsPerMinute;
  return sessionStore.sharedNewSessionLimit?.(perMinute) ?? new MemoryNewSessionLimit({ perMinute });
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

function setUpBodyParsing(app: Express, config: Config): void {
  app.use(
    bodyParser.urlencoded({
      extended: false, // flat key=value pairs only: "a[b]=c" stays a plain key, never an object
      limit: config.bodyLimitBytes, // larger bodies get a 413
      parameterLimit: 20, // our largest form has 3 fields and a token
    }),
  );
}
