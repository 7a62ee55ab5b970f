// Jest: the unit, HTTP and Redis suites (the browser suite runs apart: npm run test:e2e). Every suite that needs a
// redis-server of its own lives in test/redis/: without redis-server that folder is skipped, with one line saying so.
const base = require('./jest.base');
const { accessSync, constants } = require('node:fs');
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

const REDIS_SUITES = '<rootDir>/test/redis/';

const ignored = ['/node_modules/', '/test/e2e/'];
if (!redisServerInstalled()) {
  if (process.env.CI === 'true' || process.env.CI === '1') {
    // In CI a missing redis-server is a broken machine, not a reason to test less.
    throw new Error(`CI: redis-server is not installed, so the Redis suites cannot run; ${INSTALL}.`);
  }
  ignored.push(REDIS_SUITES);
  process.stderr.write(`Skipping the Redis suites (test/redis/): redis-server is not installed; ${INSTALL} to run them.\n`);
}

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ignored,
};
