/**
 * What this process last knew of each player it served a turn to: their ledger with its version,
 * and the sessions that can matter (`NpcRepository.readPlayer`'s answer), kept up to date by the
 * turns it writes — so a player's next turn reads nothing from the store.
 *
 * Why this can never lose or corrupt a turn, even with other processes on the same database: an
 * entry is only ever used to *compute* a turn, and every turn's write is a compare-and-set on the
 * player's version (`TurnGuard`). Anything that changed the player elsewhere — another process's
 * turn, a reset, a move — changed that version (or removed the ledger row), so a turn computed from
 * an out-of-date entry writes nothing; the entry is dropped and the turn computed again from a fresh
 * read. Routes that only read (progress, session, history, machines), and turns that write nothing,
 * read the store itself.
 *
 * An entry after a turn is exactly what reading the store back would give: session states take the
 * key order a `jsonb` column gives back (`asStoredJson`), the ledger its JSON text's, and the
 * sessions list keeps, per machine, its latest session and its latest unfinished one, as
 * `npc_read_player` does.
 */
import type { NpcSessionRow, StoredLedger, TurnOutcome, TurnWrite } from "../../store/npc.ts";

/** What a turn needs of a player, as read from the store or kept since (see the header). */
export interface KnownPlayer {
  ledger: StoredLedger;
  /** Whether the ledger has a row (else it was folded from the events, and the turn's write creates the row). */
  ledgerStored: boolean;
  sessions: NpcSessionRow[];
}

/** Players kept (least recently used dropped first): each a few kilobytes. */
export const PLAYERS_KEPT = 10_000;

export class PlayerCache {
  private readonly players = new Map<string, KnownPlayer>();

  constructor(private readonly capacity = PLAYERS_KEPT) {}

  get(personaId: string, userSessionId: string): KnownPlayer | undefined {
    const key = keyOf(personaId, userSessionId);
    const known = this.players.get(key);
    if (known) {
      // Most recently used last: the first key is the one to drop.
      this.players.delete(key);
      this.players.set(key, known);
    }
    return known;
  }

  set(personaId: string, userSessionId: string, known: KnownPlayer): void {
    const key = keyOf(personaId, userSessionId);
    this.players.delete(key);
    this.players.set(key, known);
    if (this.players.size > this.capacity) {
      const oldest = this.players.keys().next().value;
      if (oldest !== undefined) this.players.delete(oldest);
    }
  }

  /** Drops the entry, or only `ifStill` when given (a newer one another turn set stays). */
  forget(personaId: string, userSessionId: string, ifStill?: KnownPlayer): void {
    const key = keyOf(personaId, userSessionId);
    if (ifStill === undefined || this.players.get(key) === ifStill) this.players.delete(key);
  }

  /** Drops every entry of these players on any persona (a move of progress touches several). */
  forgetPlayers(userSessionIds: readonly string[]): void {
    for (const [key, _known] of this.players) {
      if (userSessionIds.some((userSessionId) => key.endsWith(`\u0000${userSessionId}`))) this.players.delete(key);
    }
  }

  get size(): number {
    return this.players.size;
  }
}

function keyOf(personaId: string, userSessionId: string): string {
  return `${personaId}\u0000${userSessionId}`;
}

/** The player after `write` was written (`outcome`), as reading the store back would give it. */
export function afterTurn(known: KnownPlayer, write: TurnWrite, outcome: Extract<TurnOutcome, { status: "written" }>): KnownPlayer {
  const sessions = known.sessions.map((row) =>
    write.updateSession?.id === row.id ? { ...row, state: asStoredJson(write.updateSession.state), updatedAt: write.updateSession.updatedAt } : row,
  );
  // Sessions opened together share their creation time; the store orders them by id.
  const opened = [...write.openSessions].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  for (const session of opened) {
    sessions.push({
      id: session.id,
      personaId: write.personaId,
      machineKey: session.machineKey,
      userSessionId: write.userSessionId,
      playerName: session.playerName,
      playerGender: session.playerGender,
      state: asStoredJson(session.state),
      createdAt: outcome.createdAt,
      updatedAt: session.updatedAt,
    });
  }
  return {
    ledger: { ledger: JSON.parse(JSON.stringify(write.ledger)), lastEventId: outcome.lastEventId, eventCount: write.eventCount },
    ledgerStored: true,
    sessions: sessionsThatMatter(sessions),
  };
}

/**
 * Of sessions in the order they were created, per machine the latest and the latest unfinished one,
 * still in that order (what `npc_read_player` selects).
 */
export function sessionsThatMatter(sessions: readonly NpcSessionRow[]): NpcSessionRow[] {
  const seen = new Set<string>();
  const kept: NpcSessionRow[] = [];
  for (let index = sessions.length - 1; index >= 0; index -= 1) {
    const row = sessions[index] as NpcSessionRow;
    const completed = (row.state as { completed?: unknown } | null)?.completed === true;
    const key = `${completed ? "1" : "0"}${row.machineKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(row);
  }
  return kept.reverse();
}

/**
 * A value as a `jsonb` column gives it back: through JSON (undefined members gone, numbers as JSON
 * spells them), and every object's keys in jsonb's order — shorter keys first, then by their UTF-8
 * bytes.
 */
export function asStoredJson(value: unknown): unknown {
  return jsonbOrder(JSON.parse(JSON.stringify(value)) as unknown);
}

function jsonbOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbOrder);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).sort(jsonbKeyOrder);
  const ordered: Record<string, unknown> = {};
  for (const key of keys) {
    // Defined, not assigned: a key `__proto__` (a player's variable, say) is data, as JSON.parse makes it.
    Object.defineProperty(ordered, key, { value: jsonbOrder((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return ordered;
}

const ASCII = /^[\x00-\x7f]*$/;

function jsonbKeyOrder(left: string, right: string): number {
  // ASCII: one byte per character, and comparing the strings compares the bytes.
  if (ASCII.test(left) && ASCII.test(right)) return left.length - right.length || (left < right ? -1 : left > right ? 1 : 0);
  const leftBytes = Buffer.from(left, "utf8");
  const rightBytes = Buffer.from(right, "utf8");
  return leftBytes.length - rightBytes.length || Buffer.compare(leftBytes, rightBytes);
}
