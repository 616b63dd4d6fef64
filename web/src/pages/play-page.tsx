/**
 * The play link's page (`/play/{id}`): a published persona for players, who need no account. The
 * player's name and id stay in this browser, so a reload or a later visit resumes.
 */
import { useEffect, useId, useMemo, useState } from "react";
import { useAccount } from "../account.tsx";
import { ErrorNotice } from "../components/error-notice.tsx";
import { PlayView } from "../components/play-view.tsx";
import { DramatisApiError, type PersonaDetail } from "../lib/dramatis.ts";
import { browserPlayerId, playConnection } from "../lib/play-connection.ts";

const NAME_STORAGE = "dramatis-player-name";

function storedName(): string {
  try {
    return window.localStorage.getItem(NAME_STORAGE) ?? "";
  } catch {
    return "";
  }
}

export function PlayPage({ personaId }: { personaId: string }) {
  const { apiKey } = useAccount();
  const player = useMemo(() => browserPlayerId(), []);
  const connection = useMemo(() => playConnection(personaId, player, apiKey), [personaId, player, apiKey]);
  const [persona, setPersona] = useState<PersonaDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState(storedName);
  const nameId = useId();

  useEffect(() => {
    connection.full().then(
      (full) => {
        setPersona(full.persona);
        document.title = `${full.persona.name} · Play`;
      },
      (caught: unknown) => setError(caught),
    );
  }, [connection]);

  const saveName = (value: string) => {
    setName(value);
    try {
      window.localStorage.setItem(NAME_STORAGE, value.trim());
    } catch {
      // Storage refused: the name lasts for this visit.
    }
  };

  if (error && DramatisApiError.isInstance(error) && (error.status === 404 || error.status === 400)) {
    return (
      <section className="panel">
        <h1>Nothing to play here</h1>
        <p>This play link does not lead to a published character: it may have been mistyped, unpublished or deleted. Ask whoever shared it for a fresh link.</p>
      </section>
    );
  }
  return (
    <>
      <ErrorNotice error={error} title="Could not load this character" />
      {persona && (
        <>
          <header>
            <h1>{persona.name}</h1>
            <p className="muted">{persona.description}</p>
          </header>
          <div className="row">
            <label htmlFor={nameId}>Your name</label>
            <input id={nameId} type="text" autoComplete="nickname" maxLength={100} placeholder="Traveller" value={name} onChange={(event) => saveName(event.target.value)} />
            <span className="field-hint">Used when a scenario starts.</span>
          </div>
          <PlayView connection={connection} personaId={personaId} player={player} playerName={name} />
        </>
      )}
    </>
  );
}
