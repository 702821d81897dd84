import {
  ConsentAuditEvent,
  OmnisendEmulator,
  OmnisendEmulatorOptions,
  patchSemanticsFromEnv,
  startOmnisendEmulator,
} from "../../tools/omnisend-emulator"

const declaredResubscriptions = new Set<string>()

/**
 * Declares that the running test re-subscribes this email or phone on purpose (a consent given in
 * the store after an unsubscribe made in Omnisend). Every other re-subscription fails the test.
 */
export function expectResubscription(id: string): void {
  declaredResubscriptions.add(id)
}

/**
 * What a marketing sync must never do: re-subscribe a channel unsubscribed in Omnisend without a
 * test saying it should, or ask for a welcome message other than for a new contact created
 * subscribed by a POST.
 */
function unexpectedConsentEvents(events: ConsentAuditEvent[]): ConsentAuditEvent[] {
  return events.filter((event) =>
    event.kind === "resubscribed"
      ? !declaredResubscriptions.has(event.id)
      : event.contactExisted || !event.subscribed || event.via !== "POST"
  )
}

/**
 * Starts an Omnisend emulator for a test file and points the store at it. Call it at the top level
 * of the file, before `medusaIntegrationTestRunner`: jest runs this beforeAll first, so the
 * environment is in place when the runner loads medusa-config.ts. PATCH semantics Omnisend does not
 * document come from OMNISEND_EMULATOR_PATCH_SEMANTICS, so `npm test` can run the files under each.
 */
export function useOmnisendEmulator(options: OmnisendEmulatorOptions = {}): () => OmnisendEmulator {
  let emulator: OmnisendEmulator | undefined
  const previous = { url: process.env.OMNISEND_API_URL, key: process.env.OMNISEND_API_KEY }

  beforeAll(async () => {
    emulator = await startOmnisendEmulator({ patchSemantics: patchSemanticsFromEnv(), ...options })
    process.env.OMNISEND_API_URL = emulator.url
    process.env.OMNISEND_API_KEY = emulator.apiKey
  })

  // Suite-wide: checked after every test of every file that uses the emulator.
  afterEach(() => {
    const unexpected = emulator ? unexpectedConsentEvents(emulator.state.consentAudit()) : []
    declaredResubscriptions.clear()
    expect(unexpected).toEqual([])
  })

  afterAll(async () => {
    await emulator?.stop()
    restore("OMNISEND_API_URL", previous.url)
    restore("OMNISEND_API_KEY", previous.key)
  })

  return () => {
    if (!emulator) {
      throw new Error("The Omnisend emulator is not running yet: use it inside a test or hook")
    }
    return emulator
  }
}

function restore(name: string, value: string | undefined) {
  if (value === undefined) {
    delete process.env[name]
  } else {
    process.env[name] = value
  }
}
