/** What a model-only feature says on a server without a language model. */
export function ModelNeeded({ feature }: { feature: string }) {
  return (
    <div className="notice notice-warning" role="status">
      <p>
        <strong>{feature} need a language model, and this server runs without one.</strong>
      </p>
      <p>
        Start the server with a model configured, for example <code>DRAMATIS_MODEL=openai:gpt-4.1-mini</code> and <code>OPENAI_API_KEY</code>, or <code>DRAMATIS_MODEL=ollama:llama3.1</code> for a local
        one. Everything else in the studio works offline.
      </p>
    </div>
  );
}
