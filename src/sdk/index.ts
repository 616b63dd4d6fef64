/** The SDK's public surface, by name. Everything else under `src/sdk/` is internal. */
export { createClient } from "./client.ts";
export type {
  AskPanelInput,
  ClientOptions,
  DramatisClient,
  EnhanceInput,
  EnhancementHandle,
  EvaluationHandle,
  ExportPersonasInput,
  GenerateInput,
  InterviewInput,
  IteratePersonasInput,
  ListPopulationsInput,
  PanelSurveyHandle,
  PersonaExportFormat,
  PersonaExportPage,
  PopulationHandle,
  ValidateInput,
  Whoami,
} from "./client.ts";
export { toCharacterCardV2, toCsv, toJsonl } from "./persona-exports.ts";
export type { CardPopulation, CharacterCardV2, CsvOptions } from "./persona-exports.ts";
export type { JobHandle } from "./job-handle.ts";
export type { JobPoll, Progress, WaitOptions } from "./wait.ts";
export type { FetchFunction, RequestOptions } from "./transport.ts";
export type {
  NpcClient,
  NpcInitSessionInput,
  NpcMessageInput,
  NpcMessageStream,
  NpcPersonaListQuery,
  NpcPlayerInput,
  NpcStreamEvent,
} from "./npc-client.ts";
export type {
  NpcAvailableMachine,
  NpcCompletedMachine,
  NpcDefinitionView,
  NpcDeleteResult,
  NpcPersonaDefinition,
  NpcPersonaFull,
  NpcProgress,
  NpcPublishResult,
  NpcSaveResult,
  NpcSaveWarning,
} from "./npc-wire.ts";

export { DramatisError } from "./errors/dramatis-error.ts";
export { DramatisApiError } from "./errors/dramatis-api-error.ts";
export type { DramatisApiErrorInit } from "./errors/dramatis-api-error.ts";
export { DramatisConnectionError } from "./errors/dramatis-connection-error.ts";
export { DramatisInvalidResponseError } from "./errors/dramatis-invalid-response-error.ts";
export { DramatisJobFailedError } from "./errors/dramatis-job-failed-error.ts";
export type { JobKind } from "./errors/dramatis-job-failed-error.ts";
export { DramatisTimeoutError } from "./errors/dramatis-timeout-error.ts";

/** The wire types, so SDK users need no other import. */
export type {
  Balance,
  EnhancementPoll,
  EvaluationPoll,
  EvaluationReport,
  InterviewMessage,
  InterviewResponse,
  JobStatus,
  ModelUsageReport,
  PanelAnswer,
  PanelSurveyPoll,
  PanelSurveyResult,
  PopulationList,
  PopulationPoll,
  PopulationSummary,
  UsageSummary,
} from "../shared/contract.ts";
export type { Diversity, Marginal, MarginalCell, Persona, PopulationResult } from "../engine/persona.ts";
export type { Blueprint, Constraint, Field } from "../engine/blueprint.ts";
export type { Grounding } from "../engine/ports.ts";
export type { ValidationDetail } from "../shared/validation-details.ts";
export type {
  ChatHistory,
  HistoryMessage,
  InitSessionResponse,
  MachineInfo,
  MessageResponse,
  PersonaDetail,
  PersonaSummary,
  ProgressReset,
  ResetResult,
  SdkPersona,
  SessionStatus,
  StreamMetadata,
  UnlockedMachineView,
} from "../shared/npc-contract.ts";
