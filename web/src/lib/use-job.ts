/** One asynchronous job started from a form: its latest poll, whether it is running, and what went wrong. */
import { useCallback, useState } from "react";
import { UI_POLL_INTERVAL_MS } from "../account.tsx";

export interface JobWaitOptions<Poll> {
  onPoll(poll: Poll): void;
  intervalMs: number;
}

export function useJob<Poll>() {
  const [poll, setPoll] = useState<Poll | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** Starts the job and waits for it, the poll shown as it moves; `work` gets the wait options to pass on. */
  const run = useCallback(async (work: (wait: JobWaitOptions<Poll>) => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setPoll(null);
    try {
      await work({ onPoll: setPoll, intervalMs: UI_POLL_INTERVAL_MS });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, []);
  return { poll, error, busy, run };
}
