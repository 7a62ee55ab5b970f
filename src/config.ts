// The app's settings: read from the environment once, checked once, typed. The only reader of process.env.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

export type NodeEnv = 'production' | 'development' | 'test';

/** Where a session lives: on the server (the cookie holds a signed id) or entirely in a signed cookie. */
export type SessionMode = 'server' | 'cookie';

/**
 * Which proxies in front of the app are believed about the client (X-Forwarded-For/-Proto/-Host), as Express's
 * `trust proxy` takes it: false (none: the socket's address is the client), a number of hops, or a list of
 * addresses, CIDR ranges and the names loopback, linklocal and uniquelocal.
 */
export type TrustProxy = false | number | readonly string[];

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  /** The address to listen on (HOST); undefined: every interface of the machine. */
  host: string | undefined;
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
  /** TRUST_PROXY; unset: one hop where Heroku's router is certain (DYNO is set), else none. */
  trustProxy: TrustProxy;
  /** PUBLIC_ORIGIN (`https://example.org`): the origin the origin check compares a form's Origin with. */
  publicOrigin: string | undefined;
  /** SECURE_COOKIES (on in production): every cookie Secure and named with the `__Host-` prefix (https only). */
  secureCookies: boolean;
  /** The session cookie's name: `flow.sid`, or `__Host-flow.sid` with secureCookies. */
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
  /** Development only (`npm run dev` sets it): the file the embedded store's sessions are saved to on stop, loaded from on start. */
  memoryStoreFile: string | undefined;
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
  const secureCookies = parseOnOff(env, 'SECURE_COOKIES', nodeEnv === 'production');
  return {
    nodeEnv,
    port: parseInteger(env, 'PORT', 3000, 0, 65535),
    host: parseHost(env.HOST),
    sessionSecrets: secrets,
    secretIsGenerated: generated,
    // Fractions of a minute are accepted for both clocks, so tests (and the curious) can watch a session reach its
    // end, or its warning appear (SESSION_IDLE_MINUTES=0.5).
    sessionIdleMs: Math.round(parseNumber(env, 'SESSION_IDLE_MINUTES', 30, 0.001, 24 * 60) * 60_000),
    sessionAbsoluteMs: Math.round(parseNumber(env, 'SESSION_ABSOLUTE_MINUTES', 720, 0.001, 7 * 24 * 60) * 60_000),
    newSessionsPerMinute: parseInteger(env, 'NEW_SESSIONS_PER_MINUTE', 120, 0, 1_000_000),
    trustProxy: parseTrustProxy(env.TRUST_PROXY, env.DYNO),
    publicOrigin: parsePublicOrigin(env.PUBLIC_ORIGIN),
    secureCookies,
    cookieName: secureCookies ? '__Host-flow.sid' : 'flow.sid',
    sessionMode: parseSessionMode(env.SESSION_MODE),
    sessionInspector: parseOnOff(env, 'SESSION_INSPECTOR', true),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    redisTlsRejectUnauthorized: parseBoolean(env, 'REDIS_TLS_REJECT_UNAUTHORIZED', false),
    redisTlsCa: parsePem(env.REDIS_TLS_CA),
    memoryStoreMaxSessions: parseInteger(env, 'MEMORY_STORE_MAX_SESSIONS', 100_000, 1, 10_000_000),
    memoryStoreMaxBytes: parseInteger(env, 'MEMORY_STORE_MAX_MB', 48, 1, 64 * 1024) * 1024 * 1024,
    memoryStoreFile: parseMemoryStoreFile(env.MEMORY_STORE_FILE, nodeEnv),
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

/** An IP address or a host name (`127.0.0.1`, `::1`, `localhost`); unset or empty: every interface. */
function parseHost(value: string | undefined): string | undefined {
  const host = value?.trim();
  if (host === undefined || host === '') return undefined;
  if (isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)) return host;
  throw new ConfigError(`HOST must be an IP address or a host name, like 127.0.0.1 or localhost (got "${value ?? ''}")`);
}

function parseSessionMode(value: string | undefined): SessionMode {
  const mode = value?.trim().toLowerCase();
  if (mode === undefined || mode === '' || mode === 'server') return 'server';
  if (mode === 'cookie') return 'cookie';
  throw new ConfigError(`SESSION_MODE must be "server" or "cookie" (got "${value ?? ''}")`);
}

/** `false`, a hop count, or a comma-separated list of addresses/CIDRs/names; refused otherwise (never `true`). */
export function parseTrustProxy(value: string | undefined, dyno: string | undefined): TrustProxy {
  const raw = value?.trim().toLowerCase();
  // Heroku's router always appends the client's address to X-Forwarded-For, and nothing else reaches a dyno.
  if (raw === undefined || raw === '') return dyno !== undefined && dyno !== '' ? 1 : false;
  if (raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 32) throw new ConfigError(`TRUST_PROXY must be a number of proxies from 0 to 32 (got "${value ?? ''}")`);
    return hops;
  }
  if (raw === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would believe X-Forwarded-For from anyone, so any client could pick its own address: ' +
        'give the number of proxies in front of the app (e.g. 1) or their addresses instead',
    );
  }
  const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isProxyEntry(entry));
  if (entries.length === 0 || bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be false, a number of proxies, or a comma-separated list of addresses and CIDR ranges ` +
        `(e.g. 10.0.0.0/8, or loopback, linklocal, uniquelocal); "${bad ?? value ?? ''}" is none of these`,
    );
  }
  return entries;
}

/** An IP address, a CIDR range (`10.0.0.0/8`, `fd00::/8`), or one of proxy-addr's names. */
function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** An http(s) origin (scheme, host, port), given without a path. */
function parsePublicOrigin(value: string | undefined): string | undefined {
  const raw = value?.trim();
  if (raw === undefined || raw === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new ConfigError(`PUBLIC_ORIGIN must be the site's origin, such as https://forms.example.org, with no path (got "${raw}")`);
  }
  return url.origin;
}

/** Sessions on disk are for a developer's restarts: refused in production, where a restart is meant to forget them. */
function parseMemoryStoreFile(value: string | undefined, nodeEnv: NodeEnv): string | undefined {
  const file = value?.trim();
  if (file === undefined || file === '') return undefined;
  if (nodeEnv === 'production') throw new ConfigError('MEMORY_STORE_FILE is for development only (npm run dev sets it); unset it in production');
  return file;
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
