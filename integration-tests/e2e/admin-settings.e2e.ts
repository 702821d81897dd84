import { randomBytes } from "node:crypto"
import { mkdir, readFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import type { Page } from "playwright-core"
import { startOmnisendEmulator } from "../../tools/omnisend-emulator"
import type { OmnisendEmulator } from "../../tools/omnisend-emulator"
import { adminToken, createCustomer } from "./helpers/admin-api"
import { startE2eStore } from "./helpers/e2e-store"
import type { E2eStore } from "./helpers/e2e-store"
import { launchChromium } from "./helpers/launch-chromium"
import type { LaunchedChromium } from "./helpers/launch-chromium"

/**
 * A merchant's first visit, in a real browser: sign in to Medusa Admin, open Settings -> Omnisend,
 * save and test the key, run the first backfill to 100 %, then open a customer and read the
 * Omnisend widget. Screenshots go to E2E_SCREENSHOTS_DIR (default .tmp/e2e; `docs` refreshes the README's).
 */

const REPO_ROOT = resolve(__dirname, "../..")
const OUTPUT_DIR = join(REPO_ROOT, ".tmp/e2e")
const SCREENSHOTS_DIR = resolve(REPO_ROOT, process.env.E2E_SCREENSHOTS_DIR ?? ".tmp/e2e")
const API_KEY = `e2e-${randomBytes(20).toString("hex")}`
const REDACTED_API_KEY = "[REDACTED API KEY]"
const CUSTOMERS = [
  { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", metadata: { email_marketing_consent: true } },
  { email: "grace@example.com", first_name: "Grace", last_name: "Hopper" },
  { email: "alan@example.com", first_name: "Alan", last_name: "Turing", metadata: { email_marketing_consent: false } },
]
const UI_TIMEOUT_MS = 30_000
const BACKFILL_TIMEOUT_MS = 90_000

jest.setTimeout(300_000)

const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`)

describe("Settings -> Omnisend in Medusa Admin", () => {
  let emulator: OmnisendEmulator
  let store: E2eStore
  let chromium: LaunchedChromium
  let page: Page
  let customers: Array<{ id: string; email: string }>
  let token: string

  beforeAll(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true })
    await mkdir(SCREENSHOTS_DIR, { recursive: true })
    emulator = await startOmnisendEmulator({ apiKeys: [API_KEY] })
    store = await startE2eStore({ omnisendApiUrl: emulator.url, logDir: OUTPUT_DIR, secrets: { [API_KEY]: REDACTED_API_KEY }, log })
    // Created before a key is saved: nothing syncs them in real time, the backfill must.
    token = await adminToken(store.url, store.admin.email, store.admin.password)
    customers = []
    for (const customer of CUSTOMERS) {
      customers.push(await createCustomer(store.url, token, customer))
    }
    chromium = await launchChromium()
    page = await chromium.context.newPage()
    page.setDefaultTimeout(UI_TIMEOUT_MS)
  })

  afterEach(async () => {
    // Where the last step left the page: what to look at first when it failed.
    await page?.screenshot({ path: join(OUTPUT_DIR, "last-step.png") }).catch(() => {})
  })

  afterAll(async () => {
    await chromium?.close()
    await store?.stop()
    await emulator?.stop()
  })

  it("signs in to Medusa Admin", async () => {
    await page.goto(`${store.url}/app/login`)
    await page.fill('input[name="email"]', store.admin.email)
    await page.fill('input[name="password"]', store.admin.password)
    await page.click('button[type="submit"]')
    await page.waitForURL((url) => !url.pathname.endsWith("/login"))
    expect(new URL(page.url()).pathname).not.toContain("login")
  })

  it("opens Settings -> Omnisend, saves the key and tests the connection", async () => {
    await page.goto(`${store.url}/app/settings`)
    await page.getByRole("link", { name: "Omnisend", exact: true }).click()
    await page.getByRole("heading", { name: "Sync options" }).waitFor()
    expect(new URL(page.url()).pathname).toBe("/app/settings/omnisend")
    expect(await page.getByTestId("omnisend-connection-status").textContent()).toBe("Not connected")
    // The store's medusa-config.ts sets backfillScheduleEnabled: the admin shows it read-only.
    expect(await page.isDisabled("#omnisend-backfill-schedule")).toBe(true)
    await page.getByText("Set by the plugin option backfillScheduleEnabled in medusa-config.ts: change it there.").waitFor()

    await page.fill("#omnisend-api-key", API_KEY)
    await page.getByRole("button", { name: "Save key" }).click()
    await page.getByText(`Ending in ${API_KEY.slice(-4)} (saved here)`).waitFor()
    // The field empties once saved (compared in the page, so a failure never prints the key).
    await page.waitForFunction(() => (document.querySelector("#omnisend-api-key") as HTMLInputElement).value === "")
    expect(await page.getByTestId("omnisend-connection-status").textContent()).toBe("Sync active")

    await page.getByRole("button", { name: "Test connection" }).click()
    const result = page.getByTestId("omnisend-test-result")
    await result.waitFor()
    expect(await result.textContent()).toBe("Connected to Omnisend Emulator (https://emulator.omnisend.local).")
    expect(emulator.state.requests().map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      "GET /v3/accounts 200",
    ])
  })

  it("runs a dry run, then the first backfill, and shows its progress reach 100 %", async () => {
    await page.getByRole("button", { name: "Dry run" }).click()
    await page.getByText("Dry run started").waitFor()
    await waitForFinishedRun()
    expect(await page.getByTestId("omnisend-backfill-report").textContent()).toContain(`Would create${CUSTOMERS.length}`)
    expect(emulator.state.contacts()).toEqual([])

    await page.getByRole("button", { name: "Start backfill" }).click()
    await page.getByText("Backfill started").waitFor()
    await waitForFinishedRun()
    expect(await page.getByTestId("omnisend-backfill-progress").textContent()).toBe(
      `${CUSTOMERS.length} of ${CUSTOMERS.length} customers (100 %)`
    )
    expect(await page.getByRole("progressbar", { name: "Backfill progress" }).getAttribute("aria-valuenow")).toBe("100")
    expect(emulator.state.contacts().map((contact) => contact.email).sort()).toEqual(
      CUSTOMERS.map((customer) => customer.email).sort()
    )
    // The sync counts refresh when the run ends.
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="omnisend-counts"]')?.textContent === expected,
      `Synced${CUSTOMERS.length}Pending0Failed0Skipped0`
    )
  })

  it("lists a failed sync with its reason, and Retry syncs that customer", async () => {
    emulator.failNext({ status: 400, body: { error: "Invalid data", fields: { "0": ["lastName: too long"] } } })
    const failing = await createCustomer(store.url, token, { email: "kurt@example.com", first_name: "Kurt", last_name: "Godel" })
    await page.waitForFunction(
      () =>
        fetch("/admin/omnisend/status", { credentials: "include" })
          .then((response) => response.json())
          .then((status) => status.counts.failed === 1),
      null,
      { polling: 500 }
    )
    await page.getByRole("button", { name: "Refresh" }).click()
    const row = page.getByRole("row").filter({ hasText: "k***@e***.com" })
    await row.waitFor()
    expect(await row.textContent()).toContain("OMNISEND_INVALID_DATA")
    expect(await row.textContent()).toContain("lastName: too long")
    expect(await row.getByRole("link").getAttribute("href")).toBe(`/app/customers/${failing.id}`)

    await page.setViewportSize({ width: 1440, height: 2000 })
    // A clean picture: earlier toasts gone, the progress bar's transition over.
    await page.getByText("Backfill started").waitFor({ state: "hidden", timeout: 15_000 }).catch(() => {})
    await page.waitForFunction(() => {
      const bar = document.querySelector('[role="progressbar"]') as HTMLElement | null
      const fill = bar?.firstElementChild as HTMLElement | null
      return Boolean(bar && fill && fill.offsetWidth === bar.clientWidth)
    })
    await page.screenshot({ path: join(SCREENSHOTS_DIR, "settings-page.png") })
    await page.setViewportSize({ width: 1440, height: 900 })

    await row.getByRole("button", { name: "Retry" }).click()
    await page.getByText("Synced to Omnisend").waitFor()
    await page.getByText("No failed syncs.").waitFor()
    expect(emulator.state.contactByEmail("kurt@example.com")?.lastName).toBe("Godel")
  })

  async function waitForFinishedRun() {
    await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="omnisend-backfill-status"]')?.textContent
        const progress = document.querySelector('[data-testid="omnisend-backfill-progress"]')?.textContent
        return status === "Completed" && Boolean(progress?.endsWith("(100 %)"))
      },
      null,
      { timeout: BACKFILL_TIMEOUT_MS }
    )
  }

  it("shows the customer's Omnisend status in the customer widget", async () => {
    const ada = customers[0]
    const contact = emulator.state.contactByEmail(ada.email)!
    await page.goto(`${store.url}/app/customers/${ada.id}`)
    const widget = page.getByTestId("omnisend-customer-widget")
    await page.getByTestId("omnisend-customer-state").waitFor()
    expect(await page.getByTestId("omnisend-customer-state").textContent()).toBe("Synced")
    // Created by a clean batch: Omnisend named no contact id, and the card says why.
    expect(await page.getByTestId("omnisend-contact-id").textContent()).toContain("created through a batch")
    expect(await widget.textContent()).toContain("Subscribed (a***@e***.com)")

    // Sync now sends nothing new, and looks the contact up once to record its id.
    await widget.getByRole("button", { name: "Sync now" }).click()
    await page.getByText(/^(Already up to date in Omnisend|Synced to Omnisend)$/).waitFor()
    await page.waitForFunction(
      (contactId) => document.querySelector('[data-testid="omnisend-contact-id"]')?.textContent === contactId,
      contact.contactID
    )

    await widget.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SCREENSHOTS_DIR, "customer-widget.png") })
  })

  it("never shows the API key to the browser or writes it to the store's logs", async () => {
    expect(await page.content()).not.toContain(API_KEY)
    const settings = await page.evaluate(() => fetch("/admin/omnisend/settings", { credentials: "include" }).then((response) => response.text()))
    expect(settings).toContain(`"last4":"${API_KEY.slice(-4)}"`)
    expect(settings).not.toContain(API_KEY)
    // The harness masks the key in what it keeps: the mask there would mean the store printed it.
    expect(await readFile(store.logFile, "utf8")).not.toContain(REDACTED_API_KEY)
  })
})
