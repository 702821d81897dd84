const base = require("./jest.config")

/** `npm run test:e2e`: the browser test of the admin pages (scripts/run-e2e.mjs starts it). */
module.exports = {
  ...base,
  setupFiles: [],
  testMatch: ["**/integration-tests/e2e/**/*.e2e.ts"],
}
