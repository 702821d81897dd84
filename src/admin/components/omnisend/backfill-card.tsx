import { Alert, Badge, Button, Container, Heading, StatusBadge, Text, toast } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import { errorMessage } from "../../lib/error-message"
import { formatDateTime } from "../../lib/format-date-time"
import type { BackfillRun } from "../../lib/omnisend-api-types"
import { useStartOmnisendBackfill } from "../../lib/use-omnisend-backfill"
import { ProgressBar } from "./progress-bar"
import { Loading, RequestError } from "./request-state"

const STATUS_BADGES: Record<BackfillRun["status"], { color: "blue" | "green" | "red" | "grey"; label: string }> = {
  running: { color: "blue", label: "Running" },
  completed: { color: "green", label: "Completed" },
  failed: { color: "red", label: "Failed" },
  cancelled: { color: "grey", label: "Cancelled" },
}

/** What the run sent, or for a dry run would send, as label and value. */
function reportFigures({ dry_run, report }: BackfillRun): Array<[string, number]> {
  const would = (done: string, planned: string) => (dry_run ? planned : done)
  return [
    [would("Created", "Would create"), report.created],
    [would("Updated", "Would update"), report.updated],
    ["Unchanged", report.unchanged],
    [would("Subscribed (email)", "Would subscribe (email)"), report.subscribed.email],
    [would("Subscribed (SMS)", "Would subscribe (SMS)"), report.subscribed.sms],
  ]
}

/** "no email: 3, invalid data: 1": why customers were left out or failed. */
function reasons(counts: Record<string, number>): string | null {
  const entries = Object.entries(counts).filter(([, count]) => count > 0)
  return entries.length ? entries.map(([reason, count]) => `${reason.replace(/_/g, " ")}: ${count}`).join(", ") : null
}

const Figure = ({ label, value }: { label: string; value: string | number }) => (
  <div className="flex flex-col">
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" weight="plus">
      {value}
    </Text>
  </div>
)

const RunDetails = ({ run }: { run: BackfillRun }) => {
  const badge = STATUS_BADGES[run.status]
  const percent = Math.round(run.progress * 100)
  return (
    <div className="flex flex-col gap-y-4">
      <div className="flex items-center gap-x-2">
        <StatusBadge color={badge.color} data-testid="omnisend-backfill-status">
          {badge.label}
        </StatusBadge>
        {run.dry_run && <Badge size="2xsmall">Dry run</Badge>}
        <Text size="small" className="text-ui-fg-subtle">
          Started {formatDateTime(run.started_at)}
          {run.finished_at ? `, finished ${formatDateTime(run.finished_at)}` : ""}
        </Text>
      </div>
      <div className="flex flex-col gap-y-2">
        <ProgressBar value={run.progress} label="Backfill progress" />
        <Text size="small" className="text-ui-fg-subtle" data-testid="omnisend-backfill-progress">
          {run.processed} of {run.total} customers ({percent} %)
        </Text>
      </div>
      <div className="grid grid-cols-3 gap-4">
        <Figure label={run.dry_run ? "Would send" : "Synced"} value={run.succeeded} />
        <Figure label="Failed" value={run.failed} />
        <Figure label="Skipped" value={run.skipped} />
      </div>
      <div className="grid grid-cols-5 gap-4" data-testid="omnisend-backfill-report">
        {reportFigures(run).map(([label, value]) => (
          <Figure key={label} label={label} value={value} />
        ))}
      </div>
      {reasons(run.report.skipped) && (
        <Text size="small" className="text-ui-fg-subtle">
          Skipped: {reasons(run.report.skipped)}
        </Text>
      )}
      {reasons(run.report.failed) && (
        <Text size="small" className="text-ui-fg-error">
          Failed: {reasons(run.report.failed)}
        </Text>
      )}
      {run.last_error && <Alert variant="error">{run.last_error}</Alert>}
    </div>
  )
}

/** The first full sync of existing customers: start it, try it dry, watch it run. */
export const BackfillCard = ({ backfill, syncActive }: { backfill: UseQueryResult<BackfillRun | null>; syncActive: boolean }) => {
  const start = useStartOmnisendBackfill()
  const running = backfill.data?.status === "running"

  const launch = (dryRun: boolean) =>
    start.mutate(
      { dryRun },
      {
        onSuccess: () => toast.success(dryRun ? "Dry run started" : "Backfill started"),
        onError: (error) => toast.error(errorMessage(error)),
      }
    )

  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">Backfill</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Sends every existing customer to Omnisend in batches. A dry run reports what would be sent, and sends nothing.
        </Text>
      </div>
      {backfill.isPending ? (
        <Loading what="the backfill" />
      ) : backfill.isError ? (
        <RequestError what="the backfill" error={backfill.error} onRetry={() => backfill.refetch()} />
      ) : (
        <div className="px-6 py-4">
          {backfill.data ? (
            <RunDetails run={backfill.data} />
          ) : (
            <Text size="small" className="text-ui-fg-subtle">
              No backfill has run yet.
            </Text>
          )}
        </div>
      )}
      <div className="flex items-center justify-end gap-x-2 px-6 py-4">
        {!syncActive && (
          <Text size="small" className="text-ui-fg-subtle mr-auto">
            Connect Omnisend and turn sync on to start a backfill.
          </Text>
        )}
        <Button size="small" variant="secondary" onClick={() => launch(true)} disabled={running || start.isPending}>
          Dry run
        </Button>
        <Button size="small" onClick={() => launch(false)} disabled={running || !syncActive} isLoading={start.isPending}>
          Start backfill
        </Button>
      </div>
    </Container>
  )
}
