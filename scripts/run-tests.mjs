import { runJestWithPostgres } from "./lib/run-jest-with-postgres.mjs"

/**
 * `npm test`: unit, module and HTTP integration tests in one jest run, against the PostgreSQL
 * named by DB_HOST, or an embedded one started (and removed) here when none is configured.
 * Extra arguments go to jest, e.g. `npm test -- src/mapping`.
 *
 * Whether Omnisend's PATCH appends or replaces tags, and merges or replaces custom properties, is
 * not documented: the whole run uses the emulator's default (append, merge), and a full run then
 * runs the HTTP integration tests whose syncs PATCH contacts again with PATCH replacing both, so
 * the plugin is proven right under each. (Backfills only POST; settings and foundation tests do not
 * depend on it.)
 */
const PATCHING_SPECS = [
  "integration-tests/http/real-time-sync.spec.ts",
  "integration-tests/http/consent.spec.ts",
  "integration-tests/http/customer-groups.spec.ts",
  "integration-tests/http/unsubscribes-from-omnisend.spec.ts",
  // A second order PATCHes the purchase history: it must be right whether custom properties merge.
  "integration-tests/http/checkout.spec.ts",
]
const args = process.argv.slice(2)
const otherSemantics = "replace-replace"
await runJestWithPostgres(
  args,
  {
    // Boot and migration chatter of every test store buries the test report.
    LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
    // The Medusa test runner loads medusa-config.ts with a dynamic import.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
  },
  args.length > 0 || process.env.OMNISEND_EMULATOR_PATCH_SEMANTICS
    ? []
    : [
        {
          title: `The HTTP integration tests that PATCH contacts again, with the emulator's PATCH semantics ${otherSemantics}:`,
          args: PATCHING_SPECS,
          env: { OMNISEND_EMULATOR_PATCH_SEMANTICS: otherSemantics },
        },
      ]
)
