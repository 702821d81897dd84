import { startOmnisendEmulator } from "./emulator"
import { PATCH_SEMANTICS_ENV, patchSemanticsFromEnv } from "./patch-semantics"
import type { OmnisendEmulatorOptions } from "./types"

/**
 * Runs the emulator standalone, e.g. for the demo:
 *   npx ts-node --transpile-only tools/omnisend-emulator/cli.ts --port 4010 [--rate-limit 400] [--api-key KEY]
 * (--host 127.0.0.1 picks the interface; --api-key may be repeated; --record-bodies false keeps
 * request bodies out of the request log).
 * --rate-limit N allows N requests per 60 s window, like Omnisend v3's 400 per minute.
 * OMNISEND_EMULATOR_PATCH_SEMANTICS (append-merge, replace-replace, append-replace, replace-merge)
 * picks what PATCH does with tags and customProperties.
 */

const USAGE = "usage: cli.ts [--port N] [--host HOST] [--rate-limit N] [--api-key KEY] [--record-bodies true|false]"

function parseArguments(argv: string[]): OmnisendEmulatorOptions {
  const options: OmnisendEmulatorOptions = { patchSemantics: patchSemanticsFromEnv() }
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]]
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`)
    if (flag === "--port") options.port = parseWholeNumber(flag, value)
    else if (flag === "--host") options.host = value
    else if (flag === "--rate-limit") options.rateLimit = { limit: parseWholeNumber(flag, value), windowMs: 60_000 }
    else if (flag === "--api-key") options.apiKeys = [...(options.apiKeys ?? []), value]
    else if (flag === "--record-bodies") options.recordBodies = parseBoolean(flag, value)
    else throw new Error(`unknown option ${flag}\n${USAGE}`)
  }
  return options
}

function parseBoolean(flag: string, value: string): boolean {
  if (value !== "true" && value !== "false") throw new Error(`${flag} needs true or false, got "${value}"`)
  return value === "true"
}

function parseWholeNumber(flag: string, value: string): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0) throw new Error(`${flag} needs a whole number, got "${value}"`)
  return number
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2))
  const emulator = await startOmnisendEmulator(options)
  console.log(`Omnisend emulator listening on ${emulator.url}`)
  console.log(`API key: ${emulator.apiKey}`)
  console.log(`PATCH semantics (${PATCH_SEMANTICS_ENV}): ${JSON.stringify(options.patchSemantics)}`)
  const shutdown = (): void => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once("SIGINT", shutdown)
  process.once("SIGTERM", shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
