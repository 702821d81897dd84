import { Button, Container, Heading, Hint, Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { errorMessage } from "../../lib/error-message"
import type { ConsentKeys, OmnisendSettings } from "../../lib/omnisend-api-types"
import { useUpdateOmnisendSettings } from "../../lib/use-omnisend-settings"
import { LockedHint } from "./locked-hint"
import { changedSettings, formFromSettings, SettingsForm } from "./settings-form"

const CONSENT_FIELDS: Array<{ key: keyof ConsentKeys; label: string }> = [
  { key: "email", label: "Email consent" },
  { key: "email_at", label: "Email consent date" },
  { key: "sms", label: "SMS consent" },
  { key: "sms_at", label: "SMS consent date" },
]

/** A boolean setting; a setting locked by a plugin option is read-only and says where to change it. */
const SwitchRow = ({
  id,
  label,
  hint,
  checked,
  lockedOption,
  onChange,
}: {
  id: string
  label: string
  hint: string
  checked: boolean
  /** The plugin option that locks this setting, when medusa-config.ts sets it. */
  lockedOption?: string
  onChange: (checked: boolean) => void
}) => (
  <div className="flex flex-col gap-y-2">
    <div className="flex items-start justify-between gap-x-4">
      <div className="flex flex-col gap-y-1">
        <Label htmlFor={id} size="small" weight="plus">
          {label}
        </Label>
        <Hint>{hint}</Hint>
      </div>
      <Switch id={id} checked={checked} disabled={Boolean(lockedOption)} onCheckedChange={onChange} />
    </div>
    {lockedOption && <LockedHint option={lockedOption} />}
  </div>
)

/** How customers map to contacts: consent metadata keys, tags, custom properties, and more. */
export const SyncOptionsCard = ({ settings }: { settings: OmnisendSettings }) => {
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settings))
  const update = useUpdateOmnisendSettings()
  useEffect(() => setForm(formFromSettings(settings)), [settings])

  const locked = (field: OmnisendSettings["locked_fields"][number]) => settings.locked_fields.includes(field)
  const changes = changedSettings(settings, form)
  const dirty = Object.keys(changes).length > 0
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm((current) => ({ ...current, [key]: value }))

  const save = () =>
    update.mutate(changes, {
      onSuccess: () => toast.success("Sync options saved"),
      onError: (error) => toast.error(errorMessage(error)),
    })

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Sync options</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Changes apply to the next sync; no restart needed.
        </Text>
      </div>
      <div className="flex flex-col gap-y-6 px-6 py-4">
        <SwitchRow
          id="omnisend-enabled"
          label="Sync customers to Omnisend"
          hint="Off keeps the plugin installed but sends nothing."
          checked={form.enabled}
          lockedOption={locked("enabled") ? "enabled" : undefined}
          onChange={(checked) => set("enabled", checked)}
        />
        <div className="flex flex-col gap-y-2">
          <Text size="small" weight="plus">
            Consent metadata keys
          </Text>
          <Hint>Customer metadata keys that hold marketing consent (true/false) and when it was given.</Hint>
          <div className="grid grid-cols-2 gap-4">
            {CONSENT_FIELDS.map(({ key, label }) => (
              <div key={key} className="flex flex-col gap-y-1">
                <Label htmlFor={`omnisend-consent-${key}`} size="xsmall" className="text-ui-fg-subtle">
                  {label}
                </Label>
                <Input
                  id={`omnisend-consent-${key}`}
                  size="small"
                  value={form.consent_keys[key]}
                  disabled={locked("consent_keys")}
                  onChange={(event) => set("consent_keys", { ...form.consent_keys, [key]: event.target.value })}
                />
              </div>
            ))}
          </div>
          {locked("consent_keys") && <LockedHint option="consentKeys" />}
        </div>
        <div className="grid grid-cols-2 gap-4">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="omnisend-tags" size="small" weight="plus">
              Tags
            </Label>
            <Input
              id="omnisend-tags"
              size="small"
              placeholder="vip, medusa store"
              value={form.tags}
              disabled={locked("tags")}
              onChange={(event) => set("tags", event.target.value)}
            />
            <Hint>Comma-separated; "source: medusa" is always added.</Hint>
            {locked("tags") && <LockedHint option="tags" />}
          </div>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="omnisend-custom-properties" size="small" weight="plus">
              Custom properties
            </Label>
            <Input
              id="omnisend-custom-properties"
              size="small"
              placeholder="loyalty_tier, favourite_store"
              value={form.custom_property_keys}
              disabled={locked("custom_property_keys")}
              onChange={(event) => set("custom_property_keys", event.target.value)}
            />
            <Hint>Metadata keys copied to the contact; nothing else in metadata leaves the store.</Hint>
            {locked("custom_property_keys") && <LockedHint option="customPropertyKeys" />}
          </div>
        </div>
        <SwitchRow
          id="omnisend-welcome"
          label="Send Omnisend's welcome message"
          hint="To contacts that become subscribed when they are created."
          checked={form.send_welcome_message}
          lockedOption={locked("send_welcome_message") ? "sendWelcomeMessage" : undefined}
          onChange={(checked) => set("send_welcome_message", checked)}
        />
        <SwitchRow
          id="omnisend-backfill-schedule"
          label="Scheduled backfill"
          hint="Regularly sends customers that were never synced or changed since, e.g. after Omnisend was unreachable."
          checked={form.backfill_schedule_enabled}
          lockedOption={locked("backfill_schedule_enabled") ? "backfillScheduleEnabled" : undefined}
          onChange={(checked) => set("backfill_schedule_enabled", checked)}
        />
        <div className="flex items-start justify-between gap-x-4">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="omnisend-deleted-action" size="small" weight="plus">
              When a customer is deleted
            </Label>
            <Hint>Omnisend cannot delete contacts.</Hint>
            {locked("customer_deleted_action") && <LockedHint option="customerDeletedAction" />}
          </div>
          <div className="w-[220px]">
            <Select
              size="small"
              value={form.customer_deleted_action}
              disabled={locked("customer_deleted_action")}
              onValueChange={(value) => set("customer_deleted_action", value as SettingsForm["customer_deleted_action"])}
            >
              <Select.Trigger id="omnisend-deleted-action">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="keep">Keep the contact</Select.Item>
                <Select.Item value="unsubscribe">Unsubscribe the contact</Select.Item>
              </Select.Content>
            </Select>
          </div>
        </div>
      </div>
      <div className="flex items-center justify-end gap-x-2 px-6 py-4">
        <Button size="small" variant="secondary" disabled={!dirty || update.isPending} onClick={() => setForm(formFromSettings(settings))}>
          Reset
        </Button>
        <Button size="small" onClick={save} disabled={!dirty} isLoading={update.isPending}>
          Save options
        </Button>
      </div>
    </Container>
  )
}
