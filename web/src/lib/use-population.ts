/** A population's poll: read once (the interview and the panel need its personas), or followed until it ends. */
import { useEffect, useState } from "react";
import { UI_POLL_INTERVAL_MS } from "../account.tsx";
import type { DramatisClient, PopulationPoll } from "./dramatis.ts";

export function usePopulation(client: DramatisClient, id: string, options: { follow?: boolean } = {}): { poll: PopulationPoll | null; error: unknown } {
  const [poll, setPoll] = useState<PopulationPoll | null>(null);
  const [error, setError] = useState<unknown>(null);
  const follow = options.follow ?? false;
  useEffect(() => {
    const controller = new AbortController();
    const handle = client.populations.get(id);
    const finished = follow ? handle.wait({ onPoll: setPoll, signal: controller.signal, intervalMs: UI_POLL_INTERVAL_MS }) : handle.poll({ signal: controller.signal }).then(setPoll);
    finished.catch((caught: unknown) => !controller.signal.aborted && setError(caught));
    return () => controller.abort();
  }, [client, id, follow]);
  return { poll, error };
}

/** What a server without a language model answers for model-only features (503 `unavailable`). */
export function needsModel(error: unknown): boolean {
  const candidate = error as { status?: number; code?: string } | null;
  return candidate?.status === 503 || candidate?.code === "unavailable";
}
