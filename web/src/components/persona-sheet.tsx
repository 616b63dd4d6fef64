/**
 * A persona's sheet in a dialog: its rendered markdown, its `system_prompt`, its fields, and what
 * to do with it next (interview it, download its Character Card).
 */
import { Dialog, Tabs } from "radix-ui";
import { useState } from "react";
import type { Blueprint, Persona } from "../lib/dramatis.ts";
import { downloadCharacterCard } from "../lib/downloads.ts";
import { fieldLabel, personaName } from "../lib/persona-display.ts";
import { Link } from "../router.tsx";
import { FieldsTable } from "./fields-table.tsx";
import { Markdown } from "./markdown.tsx";

export function PersonaSheet({ persona, blueprint, populationId, prompt, onClose }: { persona: Persona | null; blueprint?: Blueprint; populationId: string; prompt?: string; onClose(): void }) {
  const [copied, setCopied] = useState(false);
  if (!persona) return null;
  const name = personaName(persona);
  const copy = async () => {
    await navigator.clipboard?.writeText(persona.system_prompt).catch(() => undefined);
    setCopied(true);
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog-content" aria-describedby={undefined}>
          <div className="dialog-header">
            <Dialog.Title>{name}</Dialog.Title>
            <Dialog.Close className="secondary">Close</Dialog.Close>
          </div>
          <div className="row">
            <Link to={`/populations/${populationId}/interview?persona=${encodeURIComponent(persona.persona_id)}`} className="button-link">
              Interview {name}
            </Link>
            <button type="button" className="secondary" onClick={() => downloadCharacterCard(persona, { prompt, blueprint })}>
              Download Character Card (V2)
            </button>
          </div>
          <Tabs.Root defaultValue="sheet">
            <Tabs.List className="tabs-list" aria-label="Persona views">
              <Tabs.Trigger value="sheet">Sheet</Tabs.Trigger>
              <Tabs.Trigger value="prompt">System prompt</Tabs.Trigger>
              <Tabs.Trigger value="fields">Fields</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="sheet" className="tab-panel">
              <Markdown text={persona.markdown} />
            </Tabs.Content>
            <Tabs.Content value="prompt" className="tab-panel">
              <button type="button" className="secondary" onClick={copy}>
                {copied ? "Copied" : "Copy system prompt"}
              </button>
              <pre className="prompt">{persona.system_prompt}</pre>
            </Tabs.Content>
            <Tabs.Content value="fields" className="tab-panel">
              <FieldsTable fields={persona.fields} caption={`Fields of ${name}`} labelOf={(field) => fieldLabel(field, blueprint)} />
            </Tabs.Content>
          </Tabs.Root>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
