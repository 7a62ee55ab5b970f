// Jest for the browser suites (npm run test:e2e): the built app in a child process, driven by Chromium.
const base = require('./jest.base');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  maxWorkers: 1, // one browser at a time: the machine is small and shared
  testTimeout: 60_000, // a whole journey in a real browser, several times over
};
