/** @type {import('jest').Config} */
const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: "es2022",
    },
    module: { type: "commonjs" },
  },
];

module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": swc },
  testMatch: ["<rootDir>/{packages,subgraphs,gateway,tests}/**/*.spec.ts"],
  // tests/latency and the image test run alone afterwards (jest.latency.config.js): measurements need a quiet machine.
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "<rootDir>/tests/latency/", "<rootDir>/tests/deploy/image.spec.ts"],
  moduleNameMapper: {
    "^@learnloop/kit$": "<rootDir>/packages/kit/src",
    "^@learnloop/kit/internal$": "<rootDir>/packages/kit/src/internal",
    "^@learnloop/kit/tracing$": "<rootDir>/packages/kit/src/tracing/bootstrap",
    "^@learnloop/embedded-postgres$": "<rootDir>/packages/embedded-postgres/src",
    "^@learnloop/devstack$": "<rootDir>/packages/devstack/src",
    "^@learnloop/events$": "<rootDir>/packages/events/src",
    "^@learnloop/gateway$": "<rootDir>/gateway/src",
    "^@learnloop/partner-client$": "<rootDir>/clients/partner/src",
    "^@learnloop/subgraph-(.*)$": "<rootDir>/subgraphs/$1/src",
  },
  setupFiles: ["<rootDir>/tests/support/setup-env.ts"],
  // Every service logs at debug into a run directory, scanned for personal data and secrets when the run ends (docs/adr/0017).
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  setupFilesAfterEnv: ["<rootDir>/tests/support/log-capture.setup.ts"],
  globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
  maxWorkers: 2,
  testTimeout: 60_000,
};
