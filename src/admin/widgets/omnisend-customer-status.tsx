import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Loading, RequestError } from "../components/omnisend/request-state"
import { formatDateTime } from "../lib/format-date-time"
import type { ChannelStatus, LedgerEntry, LedgerState } from "../lib/omnisend-api-types"
import { useOmnisendCustomer, useSyncOmnisendCustomer } from "../lib/use-omnisend-customer"

// The ledger's code for a contact deleted in Omnisend: only the merchant re-creates it.
const CONTACT_DELETED_IN_OMNISEND = "OMNISEND_CONTACT_DELETED"

const STATE_BADGES: Record<LedgerState, { color: "green" | "orange" | "red" | "grey"; label: string }> = {
  synced: { color: "green", label: "Synced" },
  pending: { color: "orange", label: "Pending" },
  failed: { color: "red", label: "Failed" },
  skipped: { color: "grey", label: "Skipped" },
}

const CHANNEL_LABELS: Record<ChannelStatus, string> = {
  subscribed: "Subscribed",
  unsubscribed: "Unsubscribed",
  nonSubscribed: "Not subscribed",
}

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-start px-6 py-4">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <div className="break-words text-sm">{children}</div>
  </div>
)

const channel = (address: string | null, status: ChannelStatus | null) =>
  status ? `${CHANNEL_LABELS[status]}${address ? ` (${address})` : ""}` : "-"

const EntryRows = ({ entry }: { entry: LedgerEntry }) => (
  <>
    <Row label="Contact ID">
      <span data-testid="omnisend-contact-id">{entry.contact_id ?? entry.contact_id_note ?? "-"}</span>
    </Row>
    <Row label="Email">{channel(entry.email, entry.email_status)}</Row>
    <Row label="SMS">{channel(entry.phone, entry.sms_status)}</Row>
    <Row label="Last synced">{formatDateTime(entry.last_synced_at)}</Row>
    {entry.last_error && (
      <Row label="Last error">
        <span className="text-ui-fg-error">{entry.last_error}</span>
      </Row>
    )}
  </>
)

/** The customer's Omnisend contact as last sent, with a way to sync it now. */
const OmnisendCustomerStatusWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const ledger = useOmnisendCustomer(customer.id)
  const sync = useSyncOmnisendCustomer()
  const recreate = useSyncOmnisendCustomer("recreate")
  const deletedInOmnisend = ledger.data?.last_error_code === CONTACT_DELETED_IN_OMNISEND
  const badge = ledger.data ? STATE_BADGES[ledger.data.state] : { color: "grey" as const, label: "Not synced" }

  const syncNow = () => sync.mutate(customer.id)

  return (
    <Container className="divide-y p-0" data-testid="omnisend-customer-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Omnisend</Heading>
        {ledger.isSuccess && (
          <StatusBadge color={badge.color} data-testid="omnisend-customer-state">
            {badge.label}
          </StatusBadge>
        )}
      </div>
      {ledger.isPending ? (
        <Loading what="the Omnisend status" />
      ) : ledger.isError ? (
        <RequestError what="the Omnisend status" error={ledger.error} onRetry={() => ledger.refetch()} />
      ) : ledger.data ? (
        <EntryRows entry={ledger.data} />
      ) : (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          Not sent to Omnisend yet.
        </Text>
      )}
      <div className="flex justify-end gap-x-2 px-6 py-4">
        {deletedInOmnisend && (
          <Button size="small" variant="secondary" onClick={() => recreate.mutate(customer.id)} isLoading={recreate.isPending}>
            Re-create in Omnisend
          </Button>
        )}
        <Button size="small" variant="secondary" onClick={syncNow} isLoading={sync.isPending}>
          Sync now
        </Button>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "customer.details.side.after" })

export default OmnisendCustomerStatusWidget
