/**
 * Nested quotas for a categorical field split into parent cells (DESIGN §3), rounded together.
 *
 * Each cell c expects e[c][k] = n_c × p_c(k) members of category k. Rounding every cell on its own
 * (largest remainder) gives a small cell its modal category every time: a population of 8 split
 * into six age bands made all four workers shop assistants, the mode of each band, where the bands'
 * mix asked for one or two. Here the fractional parts of all cells are rounded at once by dependent
 * randomised rounding on the bipartite graph cells × categories (Gandhi, Khuller, Parthasarathy and
 * Srinivasan, "Dependent rounding and its applications to approximation algorithms", JACM 2006):
 * - every cell's counts sum to its size, and each count is floor(e) or ceil(e) — a category with no
 *   weight in a cell never enters it;
 * - each count is ceil(e) with probability exactly frac(e), so a cell of one takes its category with
 *   the cell's own probabilities;
 * - each category's total over all cells is floor or ceil of its expected total, so the small cells
 *   take turns instead of all taking the mode.
 * The randomness is the caller's seeded stream: the same field and seed give the same counts.
 */
import type { Rng } from "./rng.ts";

/** Below this, a fractional part is taken as rounded (floating-point sums of shares are not exact). */
const EPSILON = 1e-9;

export interface CellWeights {
  /** The cell's categories, in declared order. */
  keys: readonly string[];
  /** Their weights (any positive scale; zero or negative: never chosen). */
  weights: readonly number[];
  /** Members of the cell. */
  size: number;
}

interface Edge {
  cell: number;
  /** Index into the cell's own keys. */
  slot: number;
  /** Vertex number of the category (after the cells' vertices). */
  column: number;
  /** The fractional part still to round, in (0, 1). */
  y: number;
}

/** Counts per cell, aligned with each cell's keys. */
export function roundCells(cells: readonly CellWeights[], rng: Rng): number[][] {
  const columns = new Map<string, number>();
  const counts: number[][] = [];
  const edges: Edge[] = [];
  cells.forEach((cell, index) => {
    let sum = 0;
    for (const weight of cell.weights) if (weight > 0 && Number.isFinite(weight)) sum += weight;
    if (sum <= 0 && cell.size > 0) throw new RangeError("roundCells: a cell's weights must include a positive value");
    counts.push(
      cell.weights.map((weight, slot) => {
        const expected = weight > 0 && Number.isFinite(weight) ? (weight / sum) * cell.size : 0;
        const floor = Math.floor(expected + EPSILON);
        const y = expected - floor;
        if (y > EPSILON) {
          const key = cell.keys[slot] as string;
          let column = columns.get(key);
          if (column === undefined) columns.set(key, (column = cells.length + columns.size));
          edges.push({ cell: index, slot, column, y });
        }
        return floor;
      }),
    );
  });
  roundEdges(edges, cells.length + columns.size, rng);
  const byCell: Edge[][] = cells.map(() => []);
  for (const edge of edges) {
    if (edge.y > 0.5) (counts[edge.cell] as number[])[edge.slot]! += 1;
    (byCell[edge.cell] as Edge[]).push(edge);
  }
  cells.forEach((cell, index) => settleSize(counts[index] as number[], byCell[index] as Edge[], cell.size));
  return counts;
}

/** Rounds every edge's y to 0 or 1, keeping each vertex's sum of y within floor/ceil of where it started. */
function roundEdges(edges: Edge[], vertices: number, rng: Rng): void {
  const incident: number[][] = Array.from({ length: vertices }, () => []);
  edges.forEach((edge, id) => {
    (incident[edge.cell] as number[]).push(id);
    (incident[edge.column] as number[]).push(id);
  });
  const open = (id: number): boolean => {
    const y = (edges[id] as Edge).y;
    return y > EPSILON && y < 1 - EPSILON;
  };
  const degree = incident.map((ids) => ids.filter(open).length);
  // Vertices left with one open edge, where walks start (a vertex may be stale: checked when taken).
  const leaves: number[] = [];
  degree.forEach((count, vertex) => {
    if (count === 1) leaves.push(vertex);
  });
  const other = (id: number, vertex: number): number => {
    const edge = edges[id] as Edge;
    return edge.cell === vertex ? edge.column : edge.cell;
  };
  const settle = (id: number): void => {
    const edge = edges[id] as Edge;
    if (open(id)) return;
    trail.cut(id);
    if ((degree[edge.cell]! -= 1) === 1) leaves.push(edge.cell);
    if ((degree[edge.column]! -= 1) === 1) leaves.push(edge.column);
    edge.y = edge.y > 0.5 ? 1 : 0;
  };
  // A cursor per vertex over its incident edges: settled edges never reopen, so each is skipped once.
  const cursor = new Array<number>(vertices).fill(0);
  const nextOpen = (vertex: number, except: number): number => {
    const ids = incident[vertex] as number[];
    while ((cursor[vertex] as number) < ids.length && !open(ids[cursor[vertex] as number] as number)) cursor[vertex]! += 1;
    for (let at = cursor[vertex] as number; at < ids.length; at++) {
      const id = ids[at] as number;
      if (id !== except && open(id)) return id;
    }
    return -1;
  };
  let searchFrom = 0;
  const trail = new Trail(vertices, edges.length);
  for (;;) {
    // Start at a vertex with one open edge when there is one (the walk is then a maximal path);
    // otherwise anywhere open: every vertex has two or more, and the walk closes a cycle.
    let start = -1;
    while (start < 0 && leaves.length > 0) {
      const vertex = leaves.pop() as number;
      if (degree[vertex] === 1) start = vertex;
    }
    if (start < 0) {
      while (searchFrom < vertices && (degree[searchFrom] as number) === 0) searchFrom++;
      if (searchFrom >= vertices) return;
      start = searchFrom;
    }
    const walk = trail.walkFrom(start, nextOpen, other);
    shift(walk, edges, rng);
    for (const id of walk) settle(id);
    // Every vertex with one open edge stays listed: the start may still have its one.
    if (degree[start] === 1) leaves.push(start);
  }
}

/**
 * Open edges from a start until a dead end (a path) or a vertex seen before (the cycle it closes),
 * kept from one walk to the next. A walk that closes a cycle settles an edge of the cycle and the next
 * walk most often starts where it did (the same leaf, or the search start): as edges only ever close,
 * it retraces the last walk up to its first edge settled since, so continuing from there gives the
 * very same walk without retracing. Retracing made a dense graph (many cells sharing many categories,
 * at a million personas) quadratic.
 */
class Trail {
  /** Edges walked: path[k] leads from stops[k] to stops[k + 1]. */
  private readonly path: number[] = [];
  private readonly stops: number[] = [];
  /** A vertex's index in stops, or -1. */
  private readonly stopAt: Int32Array;
  /** An edge's index in path, or -1. */
  private readonly edgeAt: Int32Array;
  /** The first edge of the path settled since the last walk. */
  private settledAt = Infinity;

  constructor(vertices: number, edges: number) {
    this.stopAt = new Int32Array(vertices).fill(-1);
    this.edgeAt = new Int32Array(edges).fill(-1);
  }

  /** Notes that an edge closed: the path is valid only up to it. */
  cut(id: number): void {
    const at = this.edgeAt[id] as number;
    if (at >= 0 && at < this.settledAt) this.settledAt = at;
  }

  /** What walkFrom(start) would return now, continuing the last walk where it is still valid. */
  walkFrom(start: number, nextOpen: (vertex: number, except: number) => number, other: (id: number, vertex: number) => number): number[] {
    this.truncate(this.stops[0] === start ? Math.min(this.settledAt, this.path.length) : -1);
    this.settledAt = Infinity;
    if (this.stops.length === 0) this.stop(start);
    for (;;) {
      const vertex = this.stops[this.stops.length - 1] as number;
      const id = nextOpen(vertex, this.path.length > 0 ? (this.path[this.path.length - 1] as number) : -1);
      if (id < 0) return this.path.slice();
      const next = other(id, vertex);
      const seenAt = this.stopAt[next] as number;
      // The closing edge stays off the path: the next walk asks the last stop again.
      if (seenAt >= 0) return [...this.path.slice(seenAt), id];
      this.edgeAt[id] = this.path.length;
      this.path.push(id);
      this.stop(next);
    }
  }

  private stop(vertex: number): void {
    this.stopAt[vertex] = this.stops.length;
    this.stops.push(vertex);
  }

  /** Keeps the first `edges` edges of the path (and their stops); -1 forgets the start too. */
  private truncate(edges: number): void {
    while (this.path.length > Math.max(edges, 0)) this.edgeAt[this.path.pop() as number] = -1;
    while (this.stops.length > edges + 1) this.stopAt[this.stops.pop() as number] = -1;
  }
}

/**
 * Moves the walk's alternate edges up and down by the same amount (so every inner vertex keeps its
 * sum), as far as the first edge reaching 0 or 1, in a direction drawn so that each y keeps its
 * expectation.
 */
function shift(walk: readonly number[], edges: Edge[], rng: Rng): void {
  let up = Infinity; // how far the even edges can rise (and the odd ones fall)
  let down = Infinity; // how far the even edges can fall (and the odd ones rise)
  walk.forEach((id, position) => {
    const y = (edges[id] as Edge).y;
    if (position % 2 === 0) {
      up = Math.min(up, 1 - y);
      down = Math.min(down, y);
    } else {
      up = Math.min(up, y);
      down = Math.min(down, 1 - y);
    }
  });
  const delta = rng.float() < down / (up + down) ? up : -down;
  walk.forEach((id, position) => {
    (edges[id] as Edge).y += position % 2 === 0 ? delta : -delta;
  });
}

/** Floating-point guard: a cell's counts must sum to its size exactly. */
function settleSize(counts: number[], own: readonly Edge[], size: number): void {
  let total = counts.reduce((sum, count) => sum + count, 0);
  if (total === size) return;
  for (const edge of own) {
    if (total < size && edge.y <= 0.5) {
      counts[edge.slot]! += 1;
      total++;
    } else if (total > size && edge.y > 0.5) {
      counts[edge.slot]! -= 1;
      total--;
    }
  }
}
