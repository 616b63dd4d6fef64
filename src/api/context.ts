/** Everything a route may use, built once at start (see `app.ts`). Routes never open resources. */
import type { Config } from "../config.ts";
import type { Store } from "../store/database.ts";
import type { AccountRepository } from "../store/accounts.ts";
import type { JobRepository } from "../store/jobs.ts";
import type { JobsService } from "../services/jobs-service.ts";
import type { Authenticator } from "./auth.ts";
import type { PersonaService } from "../services/npc/persona-service.ts";
import type { PlayService } from "../services/npc/play-service.ts";
import type { StudioModelParts } from "../services/interview-service.ts";

/** The NPC API's use cases (Foil Engine compatible). */
export interface NpcServices {
  personas: PersonaService;
  play: PlayService;
}

export interface AppContext {
  config: Config;
  store: Store;
  accounts: AccountRepository;
  jobs: JobRepository;
  jobsService: JobsService;
  auth: Authenticator;
  npc: NpcServices;
  /** The interviewer and panel respondents, when a model is configured (`providers.ts`); absent offline. */
  studio?: StudioModelParts;
}
