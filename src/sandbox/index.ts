export type {
  ActionSpec,
  BlockActionsInput,
  ClickInput,
  CommandInput,
  DriverResponse,
  SendOptions,
  SlackDriverOptions,
  ViewSubmissionInput,
} from './client';
export { findButtons, SlackDriver } from './client';
export type { EmulatorOptions, UserPatch, WaitOptions } from './emulator/emulator';
export { DEFAULT_OAUTH, Emulator, startEmulator } from './emulator/emulator';
export type { ActiveFault, FaultKind, FaultSpec } from './emulator/faults';
export { Faults } from './emulator/faults';
export { LIMITS, SlackApiError, validateBlocks } from './emulator/limits';
export type { MethodRateLimit, RateLimitOptions } from './emulator/rate-limits';
export { DEFAULT_RATE_LIMITS, TIERS } from './emulator/rate-limits';
export { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS } from './emulator/response-urls';
export type {
  EnterpriseSeed,
  MessageEdit,
  MessageMetadata,
  PostedMessage,
  RecordedCall,
  SeedChannel,
  SeedTeam,
  SeedUser,
  ViewRecord,
  WorkspaceSeed,
} from './emulator/types';
export type { ChannelState, UserState, Workspace } from './emulator/workspace';
export { DEMO, demoEnterprise, demoWorkspace, demoWorkspaces, ORG, OTHER, otherWorkspace } from './seed';
