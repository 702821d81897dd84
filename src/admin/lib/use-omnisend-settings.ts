import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ConnectionTestResult, OmnisendSettings, OmnisendSettingsChanges } from "./omnisend-api-types"
import { omnisendQueryKeys } from "./query-keys"
import { sdk } from "./sdk"

export function useOmnisendSettings() {
  return useQuery({
    queryKey: omnisendQueryKeys.settings,
    queryFn: () => sdk.client.fetch<{ settings: OmnisendSettings }>("/admin/omnisend/settings"),
    select: (data) => data.settings,
  })
}

export function useUpdateOmnisendSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (changes: OmnisendSettingsChanges) =>
      sdk.client.fetch<{ settings: OmnisendSettings }>("/admin/omnisend/settings", { method: "POST", body: changes }),
    onSuccess: async (data) => {
      queryClient.setQueryData(omnisendQueryKeys.settings, data)
      // A new key or enabled flag changes what the status shows.
      await queryClient.invalidateQueries({ queryKey: omnisendQueryKeys.status })
    },
  })
}

/** Tests the typed key when given, else the saved one. */
export function useTestOmnisendConnection() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (apiKey?: string) =>
      sdk.client.fetch<ConnectionTestResult>("/admin/omnisend/settings/verify", {
        method: "POST",
        body: apiKey ? { api_key: apiKey } : {},
      }),
    onSuccess: async (result) => {
      if (result.resumed) {
        await queryClient.invalidateQueries({ queryKey: omnisendQueryKeys.all })
      }
    },
  })
}
