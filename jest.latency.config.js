/**
 * Tests that measure latency (tests/latency): run after the rest of the suite, one file at a time,
 * so the rest of the suite is not competing for the machine's two cores while they measure.
 * @type {import('jest').Config}
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  testMatch: ["<rootDir>/tests/latency/**/*.spec.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  maxWorkers: 1,
};
