/**
 * The one door to the server and the engine: the SDK (typed HTTP) and, for numbers computed in
 * the browser, the engine's pure public surface. Pages import from here, never from `src/` directly,
 * so what the UI depends on is listed in one place.
 */
export { createClient, DramatisApiError, DramatisJobFailedError, toCharacterCardV2, toCsv, toJsonl } from "../../../src/sdk/index.ts";
export type {
  Blueprint,
  ChatHistory,
  DramatisClient,
  EnhancementPoll,
  EvaluationPoll,
  EvaluationReport,
  Field,
  Grounding,
  HistoryMessage,
  InitSessionResponse,
  InterviewMessage,
  Marginal,
  MessageResponse,
  NpcAvailableMachine,
  NpcPersonaFull,
  NpcProgress,
  NpcSaveResult,
  NpcSaveWarning,
  PanelSurveyPoll,
  Persona,
  PersonaDetail,
  PersonaSummary,
  PopulationPoll,
  PopulationSummary,
  PopulationResult,
  Progress,
  UsageSummary,
  ValidationDetail,
} from "../../../src/sdk/index.ts";
export { cosine, vectorise } from "../../../src/engine/index.ts";
