/**
 * Run after the rest of the suite, one file at a time: the tests that measure latency
 * (tests/latency), so the rest of the suite is not competing for the machine's two cores while
 * they measure, and the image test, whose production installs of every service would otherwise
 * starve the suites that run beside it (timing-sensitive fault and fuzz tests failed that way).
 * @type {import('jest').Config}
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  testMatch: ["<rootDir>/tests/latency/**/*.spec.ts", "<rootDir>/tests/deploy/image.spec.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  maxWorkers: 1,
};
