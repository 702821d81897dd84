/** Omnisend v3 emulator for tests, the demo and benchmarks, and the v3 contract it answers by. */
export { startOmnisendEmulator } from "./emulator"
export { patchSemanticsFromEnv, PATCH_SEMANTICS_ENV } from "./patch-semantics"
export { loadV3Contract, V3_CONTRACT_PATH } from "./contract/load-v3-contract"
export type { V3Contract, V3ContractEntry, V3ContractEntryName } from "./contract/load-v3-contract"
export { compareShape } from "./contract/compare-shape"
export type { CompareShapeOptions } from "./contract/compare-shape"
export type {
  BatchItemResult,
  BatchOptions,
  ChannelStatus,
  ConsentAuditEvent,
  EmulatedBatch,
  EmulatedContact,
  EmulatorState,
  FaultOptions,
  OmnisendEmulator,
  OmnisendEmulatorOptions,
  PatchSemantics,
  RecordedRequest,
  TransientItemFailureStatus,
} from "./types"
