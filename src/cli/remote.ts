/** `--server URL --token T`: the CLI's commands go through the SDK instead of the in-process engine. */
import type { DramatisClient } from "../sdk/index.ts";
import type { CliContext } from "./context.ts";

export interface RemoteOptions {
  server?: string;
  token?: string;
}

export async function remoteClient(options: RemoteOptions, context: CliContext): Promise<DramatisClient> {
  const token = options.token ?? context.env.DRAMATIS_TOKEN ?? context.env.HUMALIKE_TOKEN;
  if (!options.server) throw new Error("--server is required");
  if (!token) throw new Error("--token (or $DRAMATIS_TOKEN) is required with --server");
  const { createClient } = await import("../sdk/index.ts");
  return createClient({ baseUrl: options.server, token });
}
