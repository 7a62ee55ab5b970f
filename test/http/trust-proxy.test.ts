// TRUST_PROXY: whose word the app takes for the client's address. Reached directly, a client rotating X-Forwarded-For
// gains nothing (the limit on new sessions counts its socket address); behind a trusted proxy, each forwarded address
// counts on its own. Regression (issue 21.1): in production every client was counted by X-Forwarded-For, trusted or not.
import { closeEnvApps, appWithEnv } from '../support/settings';
import { inAFreshMinute } from '../support/limits';
import { Visitor } from '../support/visitor';

afterAll(closeEnvApps);

beforeEach(() => inAFreshMinute(), 10_000); // the limit counts in whole minutes of the clock

/** `count` new visitors, each claiming another address in X-Forwarded-For; the statuses of their first answers. */
async function rotatingVisitors(app: Parameters<Visitor['submit']>[0], count: number, sameAddress = false): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const visitor = new Visitor({ headers: { 'X-Forwarded-For': sameAddress ? '198.51.100.1' : `198.51.100.${i + 1}` } });
    statuses.push((await visitor.submit(app, '/page1', { firstName: 'Ada', lastName: 'Lovelace' })).status);
  }
  return statuses;
}

const LIMIT = { NEW_SESSIONS_PER_MINUTE: '3' };

describe.each([
  ['development, no DYNO, no TRUST_PROXY', { NODE_ENV: 'development' }],
  ['production, no DYNO, no TRUST_PROXY (a VPS, a container, npm start)', { NODE_ENV: 'production' }],
  ['TRUST_PROXY=false even on Heroku', { NODE_ENV: 'production', DYNO: 'web.1', TRUST_PROXY: 'false' }],
])('not trusted (%s)', (_name, env) => {
  test('rotating X-Forwarded-For gains nothing: the socket address is counted', async () => {
    const app = appWithEnv({ SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123', ...LIMIT, ...env });
    expect(await rotatingVisitors(app, 5)).toEqual([303, 303, 303, 429, 429]);
  });
});

describe.each([
  ['Heroku (DYNO set, TRUST_PROXY unset)', { NODE_ENV: 'production', DYNO: 'web.1' }],
  ['TRUST_PROXY=1', { TRUST_PROXY: '1' }],
  ['TRUST_PROXY=loopback (the proxy\'s address)', { TRUST_PROXY: 'loopback' }],
  ['TRUST_PROXY as a CIDR list', { TRUST_PROXY: '10.0.0.0/8, 127.0.0.0/8, ::1/128' }],
])('trusted (%s)', (_name, env) => {
  test('each forwarded address is counted on its own', async () => {
    const app = appWithEnv({ SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123', ...LIMIT, ...env });
    expect(await rotatingVisitors(app, 5)).toEqual([303, 303, 303, 303, 303]);
  });

  test('one forwarded address is still limited', async () => {
    const app = appWithEnv({ SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123', ...LIMIT, ...env });
    expect(await rotatingVisitors(app, 4, true)).toEqual([303, 303, 303, 429]);
  });
});
