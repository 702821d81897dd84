import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useRef } from "react"
import type { BackfillRun } from "./omnisend-api-types"
import { omnisendQueryKeys } from "./query-keys"
import { sdk } from "./sdk"

const POLL_WHILE_RUNNING_MS = 1_000

/** The backfill in progress, else the latest one; polled while it runs. */
export function useOmnisendBackfill() {
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: omnisendQueryKeys.backfill,
    queryFn: () => sdk.client.fetch<{ run: BackfillRun | null }>("/admin/omnisend/backfill"),
    select: (data) => data.run,
    refetchInterval: (query) => (query.state.data?.run?.status === "running" ? POLL_WHILE_RUNNING_MS : false),
  })

  // A run that just ended changed the ledger: the sync counts and failures are stale.
  const status = query.data?.status
  const previousStatus = useRef(status)
  useEffect(() => {
    if (previousStatus.current === "running" && status !== "running") {
      void queryClient.invalidateQueries({ queryKey: omnisendQueryKeys.status })
    }
    previousStatus.current = status
  }, [status, queryClient])

  return query
}

export function useStartOmnisendBackfill() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) =>
      sdk.client.fetch<{ run: BackfillRun }>("/admin/omnisend/backfill", { method: "POST", body: { dry_run: dryRun } }),
    onSuccess: async (data) => {
      queryClient.setQueryData(omnisendQueryKeys.backfill, data)
      await queryClient.invalidateQueries({ queryKey: omnisendQueryKeys.status })
    },
  })
}
