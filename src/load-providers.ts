/**
 * The providers for a process that may never use a model: offline (the default), the offline parts
 * alone (provider-parts.ts); with a model, `createProviders` from providers.ts, which is imported,
 * and the model SDKs with it (~0.4 CPU-s), then and only then. `dramatis serve`, `worker`,
 * `generate` and `enhance` start here; code that builds providers itself calls `createProviders`,
 * which gives the same parts.
 */
import { modelOf, offlineProviders, providerSettingsOf, type ProviderSettings, type Providers } from "./provider-parts.ts";

/** `createProviders`, with the model SDKs loaded only when the settings name a model. */
export async function loadProviders(settings: string | Partial<ProviderSettings> = "offline"): Promise<Providers> {
  const resolved = providerSettingsOf(settings);
  if (modelOf(resolved) === "offline") return offlineProviders(resolved);
  const { createProviders } = await import("./providers.ts");
  return createProviders(resolved);
}
