import { Alert, Button, Container, Heading, Input, Label, StatusBadge, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { errorMessage } from "../../lib/error-message"
import type { ConnectionTestResult, OmnisendSettings } from "../../lib/omnisend-api-types"
import { useTestOmnisendConnection, useUpdateOmnisendSettings } from "../../lib/use-omnisend-settings"
import { LockedHint } from "./locked-hint"

type BadgeColor = "green" | "red" | "orange" | "grey"

function connectionBadge(settings: OmnisendSettings): { color: BadgeColor; label: string } {
  if (settings.paused) return { color: "red", label: "Paused" }
  if (settings.api_key.problem) return { color: "red", label: "Key unreadable" }
  if (!settings.api_key.set) return { color: "grey", label: "Not connected" }
  if (!settings.enabled) return { color: "orange", label: "Sync off" }
  return { color: "green", label: "Sync active" }
}

function savedKeyText(settings: OmnisendSettings): string {
  const { set, last4, source } = settings.api_key
  if (!set) return "No key saved"
  const where = source === "options" ? "set in medusa-config.ts" : "saved here"
  return last4 ? `Ending in ${last4} (${where})` : `Saved (${where})`
}

const TestResult = ({ result }: { result: ConnectionTestResult }) =>
  result.ok ? (
    <Alert variant="success" data-testid="omnisend-test-result">
      Connected to {result.brand.name ?? "Omnisend"}
      {result.brand.website ? ` (${result.brand.website})` : ""}.{result.resumed ? " Sync resumed." : ""}
    </Alert>
  ) : (
    <Alert variant="error" data-testid="omnisend-test-result">
      {result.error.message}
    </Alert>
  )

/** Key input, Save, Test connection, and whether sync runs. */
export const ConnectionCard = ({ settings }: { settings: OmnisendSettings }) => {
  const [apiKey, setApiKey] = useState("")
  const [lastTest, setLastTest] = useState<ConnectionTestResult | null>(null)
  const update = useUpdateOmnisendSettings()
  const test = useTestOmnisendConnection()
  const locked = settings.locked_fields.includes("api_key")
  const badge = connectionBadge(settings)

  const save = () =>
    update.mutate(
      { api_key: apiKey.trim() },
      {
        onSuccess: () => {
          setApiKey("")
          setLastTest(null)
          toast.success("Omnisend API key saved")
        },
        onError: (error) => toast.error(errorMessage(error)),
      }
    )

  const runTest = () =>
    test.mutate(apiKey.trim() || undefined, {
      onSuccess: (result) => {
        setLastTest(result)
        if (result.ok) {
          toast.success(`Connected to ${result.brand.name ?? "Omnisend"}`)
        } else {
          toast.error("Omnisend did not accept the key")
        }
      },
      onError: (error) => toast.error(errorMessage(error)),
    })

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Omnisend</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Keep your customers in sync with Omnisend contacts.
          </Text>
        </div>
        <StatusBadge color={badge.color} data-testid="omnisend-connection-status">
          {badge.label}
        </StatusBadge>
      </div>
      <div className="flex flex-col gap-y-4 px-6 py-4">
        <div className="grid grid-cols-2 items-center">
          <Text size="small" weight="plus" leading="compact">
            Saved API key
          </Text>
          <Text size="small" leading="compact" className="text-ui-fg-subtle" data-testid="omnisend-saved-key">
            {savedKeyText(settings)}
          </Text>
        </div>
        <div className="flex flex-col gap-y-2">
          <Label htmlFor="omnisend-api-key" size="small" weight="plus">
            {settings.api_key.set ? "Replace API key" : "API key"}
          </Label>
          <Input
            id="omnisend-api-key"
            type="password"
            autoComplete="off"
            placeholder="Paste the key from Omnisend: Store settings -> API keys"
            value={apiKey}
            disabled={locked}
            onChange={(event) => setApiKey(event.target.value)}
          />
          {locked && <LockedHint option="apiKey" />}
        </div>
        {settings.paused && (
          <Alert variant="error">
            Sync is paused since {new Date(settings.paused.paused_at).toLocaleString()}: {settings.paused.reason} Test the
            connection or save a new key to resume.
          </Alert>
        )}
        {settings.api_key.problem && <Alert variant="error">{settings.api_key.problem}</Alert>}
        {lastTest && <TestResult result={lastTest} />}
      </div>
      <div className="flex items-center justify-end gap-x-2 px-6 py-4">
        <Button
          size="small"
          variant="secondary"
          onClick={runTest}
          isLoading={test.isPending}
          disabled={!apiKey.trim() && !settings.api_key.set}
        >
          Test connection
        </Button>
        <Button size="small" onClick={save} isLoading={update.isPending} disabled={locked || !apiKey.trim()}>
          Save key
        </Button>
      </div>
    </Container>
  )
}
