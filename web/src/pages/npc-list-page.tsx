/** The NPC studio's front page: your NPC personas, a new one, or one imported from JSON. */
import { useEffect, useState } from "react";
import { ErrorNotice } from "../components/error-notice.tsx";
import { RequiresKey } from "../components/requires-key.tsx";
import type { DramatisClient, PersonaSummary } from "../lib/dramatis.ts";
import { Link } from "../router.tsx";

export function NpcListPage() {
  return (
    <>
      <h1>NPC studio</h1>
      <p className="muted">Characters with scenarios: each scenario is a state machine the conversation moves through.</p>
      <RequiresKey>{(client) => <NpcList client={client} />}</RequiresKey>
    </>
  );
}

function NpcList({ client }: { client: DramatisClient }) {
  const [personas, setPersonas] = useState<PersonaSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    client.npc.personas.list({ my_personas: true, limit: 100 }).then(setPersonas, setError);
  }, [client]);
  return (
    <section className="panel" aria-labelledby="npc-list-heading">
      <div className="row">
        <h2 id="npc-list-heading" className="grow">
          Your NPCs
        </h2>
        <Link to="/npc/new" className="button-link">
          New NPC
        </Link>
      </div>
      <ErrorNotice error={error} title="Could not list your NPCs" />
      {personas && personas.length === 0 && <p className="muted">None yet. Start a new one: it comes with a small scenario you can play at once.</p>}
      {personas && personas.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Published</th>
              <th scope="col">
                <span className="visually-hidden">Play</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {personas.map((persona) => (
              <tr key={persona.id}>
                <th scope="row">
                  <Link to={`/npc/${persona.id}`}>{persona.name}</Link>
                </th>
                <td>{persona.description}</td>
                <td>{persona.is_public ? "yes" : "draft"}</td>
                <td>{persona.is_public && <Link to={`/play/${persona.id}`}>Play {persona.name}</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
