import { Button, Container, Heading, Table, Text } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { formatDateTime } from "../../lib/format-date-time"
import type { LedgerState, OmnisendStatus, SyncFailure } from "../../lib/omnisend-api-types"
import { useSyncOmnisendCustomer } from "../../lib/use-omnisend-customer"
import { Loading, RequestError } from "./request-state"

const COUNTS: Array<{ state: LedgerState; label: string }> = [
  { state: "synced", label: "Synced" },
  { state: "pending", label: "Pending" },
  { state: "failed", label: "Failed" },
  { state: "skipped", label: "Skipped" },
]

const FailureRow = ({ failure }: { failure: SyncFailure }) => {
  const sync = useSyncOmnisendCustomer()
  const retry = () => sync.mutate(failure.customer_id)

  return (
    <Table.Row>
      <Table.Cell>
        <Link to={`/customers/${failure.customer_id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover">
          {failure.email ?? failure.customer_id}
        </Link>
      </Table.Cell>
      <Table.Cell className="max-w-[420px] whitespace-normal py-2">
        <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
          {failure.error_code}
        </Text>
        <Text size="small">{failure.error_message}</Text>
      </Table.Cell>
      <Table.Cell>{failure.attempts}</Table.Cell>
      <Table.Cell>
        {formatDateTime(failure.last_attempt_at)}
        {failure.retrying && (
          <Text size="xsmall" className="text-ui-fg-subtle">
            Retrying{failure.next_attempt_at ? ` at ${formatDateTime(failure.next_attempt_at)}` : ""}
          </Text>
        )}
      </Table.Cell>
      <Table.Cell className="text-right">
        <Button size="small" variant="secondary" onClick={retry} isLoading={sync.isPending}>
          Retry
        </Button>
      </Table.Cell>
    </Table.Row>
  )
}

/** What synced and what failed, each failure with its reason and a Retry. */
export const SyncActivityCard = ({ status }: { status: UseQueryResult<OmnisendStatus> }) => (
  <Container className="divide-y p-0">
    <div className="flex items-center justify-between gap-x-4 px-6 py-4">
      <div>
        <Heading level="h2">Sync activity</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Every customer the plugin has seen, by the state of their Omnisend contact.
        </Text>
      </div>
      <Button size="small" variant="secondary" onClick={() => status.refetch()} isLoading={status.isFetching}>
        Refresh
      </Button>
    </div>
    {status.isPending ? (
      <Loading what="the sync status" />
    ) : status.isError ? (
      <RequestError what="the sync status" error={status.error} onRetry={() => status.refetch()} />
    ) : (
      <>
        <div className="grid grid-cols-4 gap-4 px-6 py-4" data-testid="omnisend-counts">
          {COUNTS.map(({ state, label }) => (
            <div key={state} className="flex flex-col">
              <Text size="xsmall" className="text-ui-fg-subtle">
                {label}
              </Text>
              <Heading level="h3">{status.data.counts[state]}</Heading>
            </div>
          ))}
        </div>
        {status.data.failures.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle px-6 py-4">
            No failed syncs.
          </Text>
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Customer</Table.HeaderCell>
                <Table.HeaderCell>Reason</Table.HeaderCell>
                <Table.HeaderCell>Attempts</Table.HeaderCell>
                <Table.HeaderCell>Last attempt</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {status.data.failures.map((failure) => (
                <FailureRow key={failure.customer_id} failure={failure} />
              ))}
            </Table.Body>
          </Table>
        )}
      </>
    )}
  </Container>
)
