/** The visitor's key (kept in this browser), who it belongs to, the credits left and what was spent. */
import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useAccount } from "../account.tsx";
import { ApiKeyForm } from "../components/api-key-form.tsx";
import { ChartFigure } from "../components/chart-figure.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import type { DramatisClient, UsageSummary } from "../lib/dramatis.ts";

export function AccountPage() {
  const { client, apiKey } = useAccount();
  return (
    <>
      <h1>Account</h1>
      <section className="panel" aria-labelledby="key-heading">
        <h2 id="key-heading">API key</h2>
        <p>
          {apiKey ? "A key is saved in this browser." : "No key yet."} The server prints one when it starts (a line <code>API key: ak_…</code>); it stays in this browser's storage and is sent only to this server.
        </p>
        <ApiKeyForm />
      </section>
      {client && <AccountDetails key={apiKey} client={client} />}
    </>
  );
}

function AccountDetails({ client }: { client: DramatisClient }) {
  const [user, setUser] = useState<string | null>(null);
  const [credits, setCredits] = useState<number | null>(null);
  const [usage, setUsage] = useState<UsageSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    Promise.all([client.account.whoami(), client.account.balance(), client.account.usageSummary()])
      .then(([whoami, account, summary]) => {
        if (cancelled) return;
        setUser(whoami.user_id);
        setCredits(account.balance);
        setUsage(summary);
      })
      .catch((caught: unknown) => !cancelled && setError(caught));
    return () => {
      cancelled = true;
    };
  }, [client]);

  return (
    <>
      <ErrorNotice error={error} title="Could not read the account" />
      <section className="panel" aria-labelledby="credits-heading">
        <h2 id="credits-heading">Credits</h2>
        <dl className="stats">
          <div>
            <dt>Balance</dt>
            <dd>{credits ?? "…"}</dd>
          </div>
          <div>
            <dt>Spent (30 days)</dt>
            <dd>{usage?.total_credits ?? "…"}</dd>
          </div>
          <div>
            <dt>Billable calls (30 days)</dt>
            <dd>{usage?.total_calls ?? "…"}</dd>
          </div>
        </dl>
        {user && <p className="small muted">Account {user}</p>}
      </section>
      {usage && (
        <section className="panel" aria-labelledby="usage-heading">
          <h2 id="usage-heading">Usage</h2>
          <ChartFigure caption="Requests per day (UTC, last 7 days)" table={{ columns: ["Date", "Requests"], rows: usage.daily_series.map((day) => [day.date, day.requests]) }}>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={usage.daily_series} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid vertical={false} stroke="#d0d7de" />
                <XAxis dataKey="date" tick={{ fill: "#1f2328", fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fill: "#1f2328", fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="requests" name="Requests" fill="#0a58a8" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </ChartFigure>
          <table>
            <caption className="visually-hidden">Credits per component</caption>
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col" className="number">
                  Calls
                </th>
                <th scope="col" className="number">
                  Credits
                </th>
              </tr>
            </thead>
            <tbody>
              {usage.per_component.map((component) => (
                <tr key={component.component}>
                  <th scope="row">{component.component}</th>
                  <td className="number">{component.calls}</td>
                  <td className="number">{component.credits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
