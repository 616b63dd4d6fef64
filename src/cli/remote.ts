/** `--server URL --token T`: the CLI's commands go through the SDK instead of the in-process engine. */
import { createClient, type DramatisClient } from "../sdk/index.ts";
import type { CliContext } from "./context.ts";

export interface RemoteOptions {
  server?: string;
  token?: string;
}

export function remoteClient(options: RemoteOptions, context: CliContext): DramatisClient {
  const token = options.token ?? context.env.DRAMATIS_TOKEN ?? context.env.HUMALIKE_TOKEN;
  if (!options.server) throw new Error("--server is required");
  if (!token) throw new Error("--token (or $DRAMATIS_TOKEN) is required with --server");
  return createClient({ baseUrl: options.server, token });
}
