/**
 * Fakes of a language model behind the Writer port: the offline writer, with a hook that runs
 * before every batch and can delay it, hang it or fail it as a real provider would.
 */
import type { WritingContext, Writer } from "../../src/engine/ports.ts";
import { createProviders } from "../../src/providers.ts";

const offline = createProviders("offline");

export function writerWith(beforeBatch: (context: WritingContext) => Promise<void>): Writer {
  return {
    name: "fake-model",
    begin(context) {
      const session = offline.writer.begin(context);
      return {
        async writeBatch(personas, startIndex) {
          await beforeBatch(context);
          return session.writeBatch(personas, startIndex);
        },
      };
    },
  };
}
