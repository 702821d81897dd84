import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container } from "@medusajs/ui"
import { BackfillCard } from "../../../components/omnisend/backfill-card"
import { ConnectionCard } from "../../../components/omnisend/connection-card"
import { Loading, RequestError } from "../../../components/omnisend/request-state"
import { SyncActivityCard } from "../../../components/omnisend/sync-activity-card"
import { SyncOptionsCard } from "../../../components/omnisend/sync-options-card"
import { useOmnisendBackfill } from "../../../lib/use-omnisend-backfill"
import { useOmnisendSettings } from "../../../lib/use-omnisend-settings"
import { useOmnisendStatus } from "../../../lib/use-omnisend-status"

/** Settings -> Omnisend: connect, configure, backfill, and watch what synced and what failed. */
const OmnisendSettingsPage = () => {
  const settings = useOmnisendSettings()
  const backfill = useOmnisendBackfill()
  const status = useOmnisendStatus({ live: backfill.data?.status === "running" })

  return (
    <div className="flex flex-col gap-y-3">
      {settings.isPending ? (
        <Container className="p-0">
          <Loading what="the Omnisend settings" />
        </Container>
      ) : settings.isError ? (
        <Container className="p-0">
          <RequestError what="the Omnisend settings" error={settings.error} onRetry={() => settings.refetch()} />
        </Container>
      ) : (
        <>
          <ConnectionCard settings={settings.data} />
          <SyncOptionsCard settings={settings.data} />
        </>
      )}
      <BackfillCard backfill={backfill} syncActive={settings.data?.sync_active ?? false} />
      <SyncActivityCard status={status} />
    </div>
  )
}

export const config = defineRouteConfig({ label: "Omnisend" })

export default OmnisendSettingsPage
