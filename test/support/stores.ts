// The same suites against every server-mode store (describeEachStore): apps over a memory store or a private Redis, and how
// many sessions each holds. Needs redis-server: the suites that use it live in test/redis/.
import { createClient } from 'redis';
import { createApp, type App } from '../../src/app';
import type { Config } from '../../src/config';
import { END_PREFIX, KEY_PREFIX, createRedisSessionStore } from '../../src/session/redis';
import type { SessionStore } from '../../src/session/session-store';
import { createMemorySessionStore } from '../../src/session/stores';
import { silentLog } from '../../src/util/log';
import { testConfig, testDeps } from './app';
import { eventually, startRedis, type RedisServer } from './redis';

export type StoreKind = 'memory' | 'redis';
const storeKinds: readonly StoreKind[] = ['memory', 'redis'];

export interface StoreFixture {
  /** An app over a fresh store of this kind (closed by close()). */
  app(overrides?: Partial<Config>): Promise<{ app: App; store: SessionStore }>;
  /** Live sessions the store holds now (not ended ones, nor their markers). */
  count(store: SessionStore): Promise<number>;
  close(): Promise<void>;
}

export async function storeFixture(kind: StoreKind): Promise<StoreFixture> {
  const apps: App[] = [];
  if (kind === 'memory') {
    return {
      app: (overrides = {}) => {
        const config = testConfig(overrides);
        const store = createMemorySessionStore(config);
        const app = createApp(config, { ...testDeps, sessionStore: store });
        apps.push(app);
        return Promise.resolve({ app, store });
      },
      count: (store) => Promise.resolve((store as ReturnType<typeof createMemorySessionStore>).records.liveCount()),
      close: async () => {
        await Promise.all(apps.splice(0).map((a) => a.close()));
      },
    };
  }
  const redis: RedisServer = await startRedis();
  const client = createClient({ url: redis.url });
  client.on('error', () => undefined);
  await client.connect();
  return {
    app: async (overrides = {}) => {
      // One Redis per file: each app starts from an empty database, so counts are its own.
      await client.flushAll();
      const config = { ...testConfig(overrides), redisUrl: redis.url };
      const store = createRedisSessionStore(config, { log: silentLog });
      const app = createApp(config, { ...testDeps, sessionStore: store });
      apps.push(app);
      await eventually(() => store.ping());
      return { app, store };
    },
    // Session keys only: not the health probe's, nor the limit's counts (sess:flow:rl:…), nor ended sessions'
    // markers (sess:flow:end:…, see docs/SESSIONS.md).
    count: async () =>
      (await client.keys(`${KEY_PREFIX}*`)).filter((key) => key !== `${KEY_PREFIX}healthz` && !key.startsWith(`${KEY_PREFIX}rl:`) && !key.startsWith(END_PREFIX)).length,
    close: async () => {
      await Promise.all(apps.splice(0).map((a) => a.close()));
      client.destroy();
      await redis.stop();
    },
  };
}

/**
 * The same tests against every server-mode store: `body` runs inside "with the <kind> store", and `fixture()` is that
 * store's fixture (made before the tests, closed after). It needs redis-server, so its suites live in test/redis/.
 */
export function describeEachStore(body: (fixture: () => StoreFixture, kind: StoreKind) => void): void {
  describe.each(storeKinds)('with the %s store', (kind) => {
    let made: StoreFixture | undefined;
    beforeAll(async () => {
      made = await storeFixture(kind);
    });
    afterAll(() => made?.close());
    body(() => {
      if (made === undefined) throw new Error('the store fixture is made in beforeAll: call fixture() inside a test or hook');
      return made;
    }, kind);
  });
}

/** Resolves when the store next finishes loading a session: the moment a request of that session has read it. */
export function watchLoads(store: SessionStore): { nextLoad(): Promise<void> } {
  const records = store.records;
  if (records === undefined) throw new Error('no server-mode store to watch');
  const get = records.get.bind(records);
  let waiting: (() => void)[] = [];
  records.get = async (id) => {
    const record = await get(id);
    const resolve = waiting;
    waiting = [];
    for (const done of resolve) done();
    return record;
  };
  return { nextLoad: () => new Promise<void>((resolve) => waiting.push(resolve)) };
}
