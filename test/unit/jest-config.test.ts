// jest.config.js on a machine without redis-server: the Redis suites (test/redis/) step aside with one line, except in CI.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

/** Loads jest.config.js in a fresh Node with this PATH and CI, as `npm test` would. */
function loadConfig(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(require("./jest.config.js").testPathIgnorePatterns))'], {
    cwd: root,
    env: { ...env },
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr, ignored: run.status === 0 ? (JSON.parse(run.stdout) as string[]) : [] };
}

const noRedisPath = path.join(root, 'no-such-dir');

test('without redis-server the test/redis/ folder is skipped, with one line saying how to install it', () => {
  const { status, stderr, ignored } = loadConfig({ PATH: noRedisPath });
  expect(status).toBe(0);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^Skipping the Redis suites \(test\/redis\/\): redis-server is not installed; install it with .*apt-get install -y redis-server/);
  expect(ignored).toContain('<rootDir>/test/redis/');
  expect(ignored.filter((pattern) => !['/node_modules/', '/test/e2e/', '<rootDir>/test/redis/'].includes(pattern))).toEqual([]); // nothing else
});

test('every suite that starts a redis-server, or uses the store fixture that does, lives in test/redis/', () => {
  const testDir = path.join(root, 'test');
  const needsServer = readdirSync(testDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) => /\bstartRedis\(|\bnew RedisServer\(|\bdescribeEachStore\(|\bstoreFixture\(/.test(readFileSync(path.join(testDir, file), 'utf8')))
    .map((file) => file.split(path.sep).join('/'));
  expect(needsServer.length).toBeGreaterThan(0);
  expect(needsServer.filter((file) => !file.startsWith('redis/'))).toEqual([]);
});

test('in CI a missing redis-server fails the run instead', () => {
  const { status, stderr } = loadConfig({ PATH: noRedisPath, CI: 'true' });
  expect(status).not.toBe(0);
  expect(stderr).toMatch(/CI: redis-server is not installed, so the Redis suites cannot run/);
});
