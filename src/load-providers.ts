/**
 * The providers for a process that may never use a model: offline (the default), the offline parts
 * alone (provider-parts.ts); with a model, `createProviders` from providers.ts, which is imported,
 * and the model SDKs with it (~0.4 CPU-s), then and only then. `dramatis serve`, `worker`,
 * `generate` and `enhance` start here; code that builds providers itself calls `createProviders`,
 * which gives the same parts.
 */
import type { ThreadedDiversity } from "./pipeline/generate.ts";
import { modelOf, offlineProviders, providerSettingsOf, type ProviderSettings, type Providers } from "./provider-parts.ts";

/** `createProviders`, with the model SDKs loaded only when the settings name a model. */
export async function loadProviders(settings: string | Partial<ProviderSettings> = "offline"): Promise<Providers> {
  const resolved = providerSettingsOf(settings);
  if (modelOf(resolved) === "offline") return offlineProviders(resolved);
  const { createProviders } = await import("./providers.ts");
  return createProviders(resolved);
}

/**
 * The engine thread that shares a population's diversity report (decision 0011: the same report,
 * the calling thread's part about 40% shorter), for a process that generates in-process (`dramatis
 * generate`); undefined when the population is small enough to be compared exactly on one thread,
 * where starting a thread would cost more than it saves. The pool's idle thread is unreferenced: it
 * keeps no process alive.
 */
export async function loadReportEngine(count: number): Promise<ThreadedDiversity | undefined> {
  const [{ EXACT_PAIRS_LIMIT }, { threadedDiversity }, { sharedEnginePool }] = await Promise.all([
    import("./engine/quality/diversity.ts"),
    import("./workers/diversity-in-threads.ts"),
    import("./workers/engine-pool.ts"),
  ]);
  return count > EXACT_PAIRS_LIMIT ? threadedDiversity(sharedEnginePool()) : undefined;
}
