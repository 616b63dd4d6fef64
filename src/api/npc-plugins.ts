/** The NPC API's route groups (Foil Engine compatible), registered on the server by `serve` and tests. */
import type { ServerOptions } from "./server.ts";

export function npcPlugins(): NonNullable<ServerOptions["plugins"]> {
  return [];
}
