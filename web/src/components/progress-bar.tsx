/** A job's progress as the poll reports it: phase, produced of total, and a bar (Radix Progress). */
import { Progress } from "radix-ui";

export interface JobProgress {
  phase: string;
  produced: number;
  total: number;
}

const PHASES: Record<string, string> = {
  designing: "Designing the blueprint",
  generating: "Writing personas",
  evaluating: "Evaluating",
  answering: "Asking the panel",
  complete: "Complete",
};

export function ProgressBar({ progress, status, label }: { progress: JobProgress | null | undefined; status: string; label: string }) {
  const total = progress?.total ?? 0;
  const produced = progress?.produced ?? 0;
  const percent = total > 0 ? Math.round((produced / total) * 100) : 0;
  const phase = progress ? (PHASES[progress.phase] ?? progress.phase) : status === "pending" ? "Waiting for a worker" : status;
  const text = `${phase}${total > 0 ? `: ${produced} of ${total}` : ""}`;
  return (
    <div className="progress">
      <div className="progress-text" aria-live="polite">
        {text}
      </div>
      <Progress.Root className="progress-root" value={percent} max={100} aria-label={label} getValueLabel={() => text}>
        <Progress.Indicator className="progress-indicator" style={{ transform: `translateX(-${100 - percent}%)` }} />
      </Progress.Root>
    </div>
  );
}
