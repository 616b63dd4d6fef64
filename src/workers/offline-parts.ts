/**
 * The offline modeller, writer and enhancer as a process holds them (its providers, and each engine
 * thread's parts): each imports the offline code (src/offline: its knowledge's data files and
 * schemas, 1.5 MB of the CLI's bundle) at its first use, not when the process starts. A `dramatis
 * worker` whose engine threads design and write (`writesInThreads`, `designsInThreads`) never uses
 * them on its main thread, which paid for evaluating that code at every start (~0.25-0.5 CPU-s of
 * its ~1.2-1.7: G, sessions 14-15). A process that uses them (an enhance job, `dramatis generate`,
 * the engine on the main thread with 0 threads) imports the code once, at the first call: the same
 * parts doing the same work, so the same bytes.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import type { DesignRequest, Enhancer, EnhanceRequest, Modeller, Writer, WritingContext, WritingSession } from "../engine/ports.ts";

type OfflineCode = typeof import("../offline/index.ts");

let offlineCode: Promise<OfflineCode> | undefined;

/** The offline code, imported once per process (or thread), by the first part that needs it. */
function loadOfflineCode(): Promise<OfflineCode> {
  return (offlineCode ??= import("../offline/index.ts"));
}

/** The offline modeller (`OfflineModeller`), imported at its first design. */
export class OfflineModellerOnUse implements Modeller {
  readonly name = "offline";
  private modeller: Promise<Modeller> | undefined;

  design(request: DesignRequest): Promise<Blueprint> {
    this.modeller ??= loadOfflineCode().then(({ OfflineModeller }) => new OfflineModeller());
    return this.modeller.then((modeller) => modeller.design(request));
  }
}

/**
 * The offline writer (`OfflineWriter`), imported when its first session begins. A session keeps
 * the state of one population (names used, sentences said): each of these is the one offline
 * session begun with the same context, its batches written in the order they are asked for.
 */
export class OfflineWriterOnUse implements Writer {
  readonly name = "offline";
  private writer: Promise<Writer> | undefined;

  begin(context: WritingContext): WritingSession {
    this.writer ??= loadOfflineCode().then(({ OfflineWriter }) => new OfflineWriter());
    const session = this.writer.then((writer) => writer.begin(context));
    // A session that fails to begin fails its first batch; one never asked for a batch (nothing
    // left to write) must not end the process with its failure unheard.
    session.catch(() => undefined);
    return { writeBatch: async (personas, startIndex) => (await session).writeBatch(personas, startIndex) };
  }
}

/**
 * The offline enhancer (`OfflineEnhancer`), imported at its first sketch. One enhancer for the
 * process's life, as before: it keeps the names it has given out.
 */
export class OfflineEnhancerOnUse implements Enhancer {
  readonly name = "offline";
  private enhancer: Promise<Enhancer> | undefined;

  enhance(request: EnhanceRequest): Promise<{ fields: Record<string, string>; blueprint?: Blueprint }> {
    this.enhancer ??= loadOfflineCode().then(({ OfflineEnhancer }) => new OfflineEnhancer());
    return this.enhancer.then((enhancer) => enhancer.enhance(request));
  }
}
