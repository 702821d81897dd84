import { useQuery } from "@tanstack/react-query"
import type { OmnisendStatus } from "./omnisend-api-types"
import { omnisendQueryKeys } from "./query-keys"
import { sdk } from "./sdk"

const FAILURES_SHOWN = 20

export function useOmnisendStatus({ live }: { live: boolean }) {
  return useQuery({
    queryKey: omnisendQueryKeys.status,
    queryFn: () =>
      sdk.client.fetch<OmnisendStatus>("/admin/omnisend/status", { query: { failures_limit: FAILURES_SHOWN } }),
    // Counts move while a backfill runs.
    refetchInterval: live ? 2_000 : false,
  })
}
