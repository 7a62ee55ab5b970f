// jest.config.js on a machine without redis-server: the Redis suites step aside with one line, except in CI.
import { spawnSync } from 'node:child_process';
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

test('without redis-server the suites that start one are skipped, with one line saying how to install it', () => {
  const { status, stderr, ignored } = loadConfig({ PATH: noRedisPath });
  expect(status).toBe(0);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^Skipping the \d+ Redis suites: redis-server is not installed; install it with .*apt-get install -y redis-server/);
  expect(ignored).toEqual(expect.arrayContaining(['/test/redis/shared.test.ts$', '/test/redis/outage.test.ts$']));
  expect(ignored).not.toContain('/test/redis/options.test.ts$'); // needs no server: it still runs
  expect(ignored.filter((pattern) => pattern.startsWith('/test/process/'))).toEqual([]); // only a free port from the Redis helpers
});

test('in CI a missing redis-server fails the run instead', () => {
  const { status, stderr } = loadConfig({ PATH: noRedisPath, CI: 'true' });
  expect(status).not.toBe(0);
  expect(stderr).toMatch(/CI: redis-server is not installed, so the Redis suites cannot run/);
});
