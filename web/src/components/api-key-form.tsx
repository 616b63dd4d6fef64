/** Paste an API key; it is kept in this browser's storage and sent as a Bearer token. */
import { useId, useState, type FormEvent } from "react";
import { useAccount } from "../account.tsx";

export function ApiKeyForm() {
  const { apiKey, setApiKey } = useAccount();
  const [draft, setDraft] = useState("");
  const [shown, setShown] = useState(false);
  const inputId = useId();
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) setApiKey(draft);
    setDraft("");
  };
  return (
    <form className="row" onSubmit={save}>
      <label htmlFor={inputId}>API key</label>
      <input
        id={inputId}
        type={shown ? "text" : "password"}
        autoComplete="off"
        spellCheck={false}
        placeholder={apiKey ? "a key is saved; paste another to replace it" : "ak_…"}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        className="grow"
      />
      <button type="button" className="secondary" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? "Hide" : "Show"}
      </button>
      <button type="submit" disabled={!draft.trim()}>
        Save key
      </button>
      {apiKey && (
        <button type="button" className="secondary" onClick={() => setApiKey(null)}>
          Forget key
        </button>
      )}
    </form>
  );
}
