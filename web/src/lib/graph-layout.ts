/**
 * Graph layout by ELK (the layered algorithm): node positions, edge routes and edge-label
 * positions, for the blueprint graph and the NPC state diagrams. React Flow draws what ELK placed;
 * nothing here decides a coordinate itself. Loaded on demand (ELK is large).
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  /** The label's text; its box is sized from the text so ELK can keep labels apart. */
  label?: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedEdge {
  id: string;
  /** Start, bends and end, in graph coordinates. */
  points: Point[];
  /** Centre of the label, when the edge has one. */
  labelCenter?: Point;
}

export interface GraphLayout {
  nodes: Map<string, Point>;
  edges: Map<string, PlacedEdge>;
  width: number;
  height: number;
}

/** Label boxes are sized for the UI's 12 px label font (an average glyph is ~6.6 px wide). */
export const LABEL_FONT_PX = 12;
const GLYPH_WIDTH = 6.6;
const LABEL_LINE_HEIGHT = 16;
const LABEL_MAX_WIDTH = 180;

export function labelBox(text: string): { width: number; height: number } {
  const oneLine = text.length * GLYPH_WIDTH + 12;
  const lines = Math.max(1, Math.ceil(oneLine / LABEL_MAX_WIDTH));
  return { width: Math.min(oneLine, LABEL_MAX_WIDTH), height: lines * LABEL_LINE_HEIGHT + 4 };
}

let elkPromise: Promise<{ layout(graph: ElkNode): Promise<ElkNode> }> | undefined;

async function elk() {
  elkPromise ??= import("elkjs/lib/elk.bundled.js").then(({ default: Elk }) => new Elk());
  return elkPromise;
}

export async function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], direction: "RIGHT" | "DOWN" = "RIGHT"): Promise<GraphLayout> {
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": direction,
      "elk.edgeRouting": "POLYLINE",
      "elk.layered.spacing.nodeNodeBetweenLayers": "70",
      "elk.spacing.nodeNode": "36",
      "elk.spacing.edgeLabel": "6",
      "elk.spacing.edgeEdge": "14",
      "elk.layered.edgeLabels.sideSelection": "ALWAYS_UP",
      "elk.edgeLabels.placement": "CENTER",
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
      // Fields and states keep the order their author gave them where the layout allows.
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.padding": "[top=16,left=16,bottom=16,right=16]",
    },
    children: nodes.map((node) => ({ id: node.id, width: node.width, height: node.height })),
    edges: edges.map(
      (edge): ElkExtendedEdge => ({
        id: edge.id,
        sources: [edge.source],
        targets: [edge.target],
        labels: edge.label ? [{ id: `${edge.id}:label`, text: edge.label, ...labelBox(edge.label) }] : [],
      }),
    ),
  };
  const placed = await (await elk()).layout(graph);
  const nodePositions = new Map<string, Point>();
  for (const child of placed.children ?? []) nodePositions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  const edgePlaces = new Map<string, PlacedEdge>();
  for (const edge of (placed.edges ?? []) as ElkExtendedEdge[]) {
    const points = (edge.sections ?? []).flatMap((section) => [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
    const label = edge.labels?.[0];
    const placedEdge: PlacedEdge = { id: edge.id, points };
    if (label && label.x !== undefined && label.y !== undefined) placedEdge.labelCenter = { x: label.x + (label.width ?? 0) / 2, y: label.y + (label.height ?? 0) / 2 };
    edgePlaces.set(edge.id, placedEdge);
  }
  return { nodes: nodePositions, edges: edgePlaces, width: placed.width ?? 0, height: placed.height ?? 0 };
}
