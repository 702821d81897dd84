const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const TEST_MATCH_BY_TYPE = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s", "**/tools/**/__tests__/**/*.spec.[jt]s"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
}

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true } } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.tmp/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: process.env.TEST_TYPE
    ? TEST_MATCH_BY_TYPE[process.env.TEST_TYPE]
    : [
        "**/src/**/__tests__/**/*.spec.[jt]s",
        "**/tools/**/__tests__/**/*.spec.[jt]s",
        "**/integration-tests/**/*.spec.[jt]s",
      ],
}
