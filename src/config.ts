// The app's settings: read from the environment once, checked once, typed. The only reader of process.env.
import { randomBytes } from 'node:crypto';

export type NodeEnv = 'production' | 'development' | 'test';

/** Where a session lives: on the server (the cookie holds a signed id) or entirely in a signed cookie. */
export type SessionMode = 'server' | 'cookie';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  /** First signs the session cookie; all of them verify it (rotation). */
  sessionSecrets: string[];
  /** True when no SESSION_SECRET was given and a random one was made for this start. */
  secretIsGenerated: boolean;
  /** Sessions end after this long without a request. */
  sessionIdleMs: number;
  /** Sessions end this long after they began, whatever the activity. */
  sessionAbsoluteMs: number;
  /** New sessions a minute from one client address; 0 turns the limit off. */
  newSessionsPerMinute: number;
  cookieName: string;
  /** `server` (default): data on the server, id in the cookie. `cookie`: the whole session in a signed cookie. */
  sessionMode: SessionMode;
  /** Show the session inspector panel on every page. */
  sessionInspector: boolean;
  /** Unset: sessions live in the app's own memory. */
  redisUrl: string | undefined;
  /** For rediss:// only: verify the server's certificate (off by default: Heroku's Key-Value Store is self-signed). */
  redisTlsRejectUnauthorized: boolean;
  /** For rediss:// only: a CA certificate (PEM) to verify the server against; setting it turns verification on. */
  redisTlsCa: string | undefined;
  /** Upper bound on sessions held by the in-memory store (least recently used go first). */
  memoryStoreMaxSessions: number;
  /** Upper bound on the memory those sessions may take (an estimate: two bytes a character, plus overhead). */
  memoryStoreMaxBytes: number;
  webConcurrency: number;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** One log line per request to stdout. */
  logRequests: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A production secret shorter than this is refused: it could be guessed offline from one signed cookie. */
const MIN_SECRET_LENGTH = 32;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = parseNodeEnv(env.NODE_ENV);
  const { secrets, generated } = parseSecrets(env.SESSION_SECRET, nodeEnv);
  return {
    nodeEnv,
    port: parseInteger(env, 'PORT', 3000, 0, 65535),
    sessionSecrets: secrets,
    secretIsGenerated: generated,
    // Fractions of a minute are accepted for both clocks, so tests (and the curious) can watch a session reach its
    // end, or its warning appear (SESSION_IDLE_MINUTES=0.5).
    sessionIdleMs: Math.round(parseNumber(env, 'SESSION_IDLE_MINUTES', 30, 0.001, 24 * 60) * 60_000),
    sessionAbsoluteMs: Math.round(parseNumber(env, 'SESSION_ABSOLUTE_MINUTES', 720, 0.001, 7 * 24 * 60) * 60_000),
    newSessionsPerMinute: parseInteger(env, 'NEW_SESSIONS_PER_MINUTE', 120, 0, 1_000_000),
    cookieName: 'flow.sid',
    sessionMode: parseSessionMode(env.SESSION_MODE),
    sessionInspector: parseOnOff(env, 'SESSION_INSPECTOR', true),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    redisTlsRejectUnauthorized: parseBoolean(env, 'REDIS_TLS_REJECT_UNAUTHORIZED', false),
    redisTlsCa: parsePem(env.REDIS_TLS_CA),
    memoryStoreMaxSessions: parseInteger(env, 'MEMORY_STORE_MAX_SESSIONS', 100_000, 1, 10_000_000),
    memoryStoreMaxBytes: parseInteger(env, 'MEMORY_STORE_MAX_MB', 48, 1, 64 * 1024) * 1024 * 1024,
    webConcurrency: parseInteger(env, 'WEB_CONCURRENCY', 1, 1, 64),
    bodyLimitBytes: 8 * 1024,
    logRequests: nodeEnv !== 'test',
  };
}

function parseNodeEnv(value: string | undefined): NodeEnv {
  if (value === 'production' || value === 'test') return value;
  return 'development';
}

function parseSecrets(value: string | undefined, nodeEnv: NodeEnv): { secrets: string[]; generated: boolean } {
  const secrets = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (nodeEnv === 'production') {
    if (secrets.length === 0) {
      throw new ConfigError(
        'SESSION_SECRET is required in production: set it to a long random string ' +
          '(for example the output of `openssl rand -hex 32`).',
      );
    }
    const short = secrets.findIndex((s) => s.length < MIN_SECRET_LENGTH);
    if (short !== -1) {
      throw new ConfigError(
        `SESSION_SECRET value number ${short + 1} is shorter than ${MIN_SECRET_LENGTH} characters; ` +
          'use a long random string (for example the output of `openssl rand -hex 32`).',
      );
    }
  }
  if (secrets.length > 0) return { secrets, generated: false };
  return { secrets: [randomBytes(32).toString('hex')], generated: true };
}

function parseSessionMode(value: string | undefined): SessionMode {
  const mode = value?.trim().toLowerCase();
  if (mode === undefined || mode === '' || mode === 'server') return 'server';
  if (mode === 'cookie') return 'cookie';
  throw new ConfigError(`SESSION_MODE must be "server" or "cookie" (got "${value ?? ''}")`);
}

function parseOnOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be "on" or "off" (got "${env[name] ?? ''}")`);
}

function parseRedisUrl(value: string | undefined): string | undefined {
  const url = value?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) {
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  }
  return url;
}

/** PEM text; a value pasted on one line with literal "\\n" separators works too. */
function parsePem(value: string | undefined): string | undefined {
  const pem = value?.trim().replaceAll('\\n', '\n');
  return pem === undefined || pem === '' ? undefined : pem;
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function parseNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}
