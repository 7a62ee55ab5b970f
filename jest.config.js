// Jest: the unit, HTTP and Redis suites (the browser suite runs apart: npm run test:e2e).
const base = require('./jest.base');
const { accessSync, constants, readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const INSTALL =
  'install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis` (macOS)';

/** True when an executable `redis-server` is on the PATH. */
function redisServerInstalled() {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir || '.', 'redis-server'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The suites that start a redis-server of their own (with test/support/redis.ts's startRedis or RedisServer). */
function suitesNeedingRedisServer() {
  const testDir = path.join(__dirname, 'test');
  return readdirSync(testDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) => /\bstartRedis\(|\bnew RedisServer\(/.test(readFileSync(path.join(testDir, file), 'utf8')))
    .map((file) => `/test/${file.split(path.sep).join('/')}$`);
}

const ignored = ['/node_modules/', '/test/e2e/'];
if (!redisServerInstalled()) {
  if (process.env.CI === 'true' || process.env.CI === '1') {
    // In CI a missing redis-server is a broken machine, not a reason to test less.
    throw new Error(`CI: redis-server is not installed, so the Redis suites cannot run; ${INSTALL}.`);
  }
  const suites = suitesNeedingRedisServer();
  ignored.push(...suites);
  process.stderr.write(`Skipping the ${suites.length} Redis suites: redis-server is not installed; ${INSTALL} to run them.\n`);
}

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ignored,
};
