/** Pages that act for an account show the key form first when this browser has no key. */
import type { ReactNode } from "react";
import { useAccount } from "../account.tsx";
import type { DramatisClient } from "../lib/dramatis.ts";
import { ApiKeyForm } from "./api-key-form.tsx";

export function RequiresKey({ children }: { children: (client: DramatisClient) => ReactNode }) {
  const { client } = useAccount();
  if (client) return <>{children(client)}</>;
  return (
    <section className="panel" aria-labelledby="needs-key">
      <h2 id="needs-key">Paste your API key to start</h2>
      <p>
        The server prints a key when it starts (a line <code>API key: ak_…</code>). It is kept in this browser only.
      </p>
      <ApiKeyForm />
    </section>
  );
}
