/** `--server URL --token T`: the CLI's commands go through the SDK instead of the in-process engine. */
import { createClient, type DramatisClient } from "../sdk/index.ts";

export interface RemoteOptions {
  server?: string;
  token?: string;
}

export function remoteClient(options: RemoteOptions): DramatisClient {
  const token = options.token ?? process.env.DRAMATIS_TOKEN ?? process.env.HUMALIKE_TOKEN;
  if (!options.server) throw new Error("--server is required");
  if (!token) throw new Error("--token (or $DRAMATIS_TOKEN) is required with --server");
  return createClient({ baseUrl: options.server, token });
}
