/** Jest runs TypeScript through SWC (no type-check here: `npm run typecheck` does that once). */
const swc = (syntax) => ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax } }, module: { type: 'commonjs' } }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swc('typescript'),
    // jose and openid-client ship ES modules only, which jest's CommonJS loader cannot require: compile it too.
    '^.+/node_modules/(jose|openid-client|oauth4webapi)/.+\\.js$': swc('ecmascript'),
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/|openid-client/|oauth4webapi/)'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 60_000,
};
