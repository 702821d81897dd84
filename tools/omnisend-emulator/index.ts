/** Omnisend v3 emulator for tests, the demo and benchmarks. */
export { startOmnisendEmulator } from "./emulator"
export type {
  BatchItemResult,
  ChannelStatus,
  EmulatedBatch,
  EmulatedContact,
  EmulatorState,
  FaultOptions,
  OmnisendEmulator,
  OmnisendEmulatorOptions,
  RecordedRequest,
} from "./types"
