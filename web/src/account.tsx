/**
 * The visitor's API key, kept in this browser (localStorage) and nowhere else, and the SDK client
 * made from it. Pages that need an account read `useAccount()`; without a key they show the
 * key form instead of failing.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { createClient, type DramatisClient } from "./lib/dramatis.ts";

const KEY_STORAGE = "dramatis-api-key";
/** The studio polls jobs at this pace so progress moves while you watch (the SDK's default is for scripts). */
export const UI_POLL_INTERVAL_MS = 500;

interface AccountState {
  apiKey: string | null;
  client: DramatisClient | null;
  setApiKey(key: string | null): void;
}

const AccountContext = createContext<AccountState | null>(null);

function readStoredKey(): string | null {
  try {
    return window.localStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function clientFor(apiKey: string): DramatisClient {
  return createClient({ baseUrl: window.location.origin, token: apiKey, pollIntervalMs: UI_POLL_INTERVAL_MS });
}

export function AccountProvider({ children }: { children: ReactNode }) {
  const [apiKey, setKeyState] = useState<string | null>(readStoredKey);
  const setApiKey = useCallback((key: string | null) => {
    const trimmed = key?.trim() || null;
    try {
      if (trimmed) window.localStorage.setItem(KEY_STORAGE, trimmed);
      else window.localStorage.removeItem(KEY_STORAGE);
    } catch {
      // Storage refused (a private window): the key still lives for this tab.
    }
    setKeyState(trimmed);
  }, []);
  const value = useMemo<AccountState>(() => ({ apiKey, setApiKey, client: apiKey ? clientFor(apiKey) : null }), [apiKey, setApiKey]);
  return <AccountContext.Provider value={value}>{children}</AccountContext.Provider>;
}

export function useAccount(): AccountState {
  const state = useContext(AccountContext);
  if (!state) throw new Error("useAccount outside AccountProvider");
  return state;
}
