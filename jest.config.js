// Jest: the unit, http and Redis suites (browser tests run apart: npm run test:e2e).
const base = require('./jest.base');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
};
