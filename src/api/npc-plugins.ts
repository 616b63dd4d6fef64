/** The NPC API's route groups (Foil Engine compatible), registered on the server by `serve` and tests. */
import type { ServerOptions } from "./server.ts";
import { NpcRepository } from "../store/npc.ts";
import { PersonaService } from "../services/npc/persona-service.ts";
import { PlayService } from "../services/npc/play-service.ts";
import { createProviders } from "../providers.ts";
import { registerNpcPersonaRoutes } from "./routes/npc-personas.ts";
import { registerNpcChatRoutes } from "./routes/npc-chat.ts";
import { registerNpcPlayPage } from "./routes/npc-play-page.ts";

export function npcPlugins(): NonNullable<ServerOptions["plugins"]> {
  return [
    (server, context) => {
      const repository = new NpcRepository(context.store.db);
      const services = { personas: new PersonaService(repository), play: new PlayService(repository, createProviders(context.config).npc) };
      registerNpcPersonaRoutes(server, context, services);
      registerNpcChatRoutes(server, context, services);
      registerNpcPlayPage(server, context, services);
    },
  ];
}
