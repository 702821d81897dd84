import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { describeSyncResult } from "./describe-sync-result"
import { errorMessage } from "./error-message"
import type { CustomerSyncResult, LedgerEntry } from "./omnisend-api-types"
import { omnisendQueryKeys } from "./query-keys"
import { sdk } from "./sdk"

export function useOmnisendCustomer(customerId: string) {
  return useQuery({
    queryKey: omnisendQueryKeys.customer(customerId),
    queryFn: () =>
      sdk.client.fetch<{ customer_id: string; entry: LedgerEntry | null }>(`/admin/omnisend/customers/${customerId}`),
    select: (data) => data.entry,
  })
}

/**
 * Syncs one customer now (or re-creates a contact deleted in Omnisend) and says how it went in a
 * toast; used by the widget's Sync now and Re-create, and the failures table's Retry.
 */
export function useSyncOmnisendCustomer(action: "sync" | "recreate" = "sync") {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (customerId: string) =>
      sdk.client.fetch<CustomerSyncResult>(`/admin/omnisend/customers/${customerId}/${action}`, { method: "POST" }),
    onSuccess: async (result, customerId) => {
      const { ok, message } = describeSyncResult(result)
      if (ok) {
        toast.success(message)
      } else {
        toast.error(message)
      }
      queryClient.setQueryData(omnisendQueryKeys.customer(customerId), { customer_id: customerId, entry: result.entry })
      await queryClient.invalidateQueries({ queryKey: omnisendQueryKeys.status })
    },
    onError: (error) => toast.error(errorMessage(error)),
  })
}
