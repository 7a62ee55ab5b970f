// What both Jest configs share: TypeScript tests through ts-jest, in Node, named *.test.ts.
/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  // Jest's 5 s default is short for tests that drive many requests through the whole app on a busy 2-core machine;
  // a test that hangs still fails, 20 s later.
  testTimeout: 20_000,
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
