/** The grounding a job uses: built-in knowledge only, or web search (a quick look or a deeper one). */
import { useId } from "react";
import type { Grounding } from "../lib/dramatis.ts";

export function GroundingSelect({ value, onChange, stacked = false }: { value: Grounding; onChange(value: Grounding): void; stacked?: boolean }) {
  const id = useId();
  return (
    <div className={stacked ? "field" : "row"}>
      <label htmlFor={id}>Grounding</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as Grounding)}>
        <option value="off">Off (built-in knowledge)</option>
        <option value="web">Web search</option>
        <option value="research">Research (deeper search)</option>
      </select>
    </div>
  );
}
