/**
 * A graph drawn by React Flow where ELK placed it: nodes at ELK's positions, edges along ELK's
 * routes with their labels where ELK put them (no layout of our own). Read-only: the pages list
 * the same nodes and edges as tables and forms, which is also how the keyboard reaches them.
 */
import {
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import { useEffect, useState, type ReactNode } from "react";
import { layoutGraph, type Point } from "../lib/graph-layout.ts";

export interface GraphNode {
  id: string;
  width: number;
  height: number;
  ariaLabel: string;
  className?: string;
  content: ReactNode;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  /** Stroke and label colour (the edge's meaning, e.g. a decision type). */
  color?: string;
  dashed?: boolean;
}

type BoxData = { content: ReactNode; width: number; height: number; className?: string };
type RoutedData = { points: Point[]; labelCenter?: Point; label?: string; color?: string; dashed?: boolean };

function BoxNode({ data }: NodeProps<Node<BoxData>>) {
  return (
    <div className={`graph-node ${data.className ?? ""}`} style={{ width: data.width, height: data.height }}>
      <Handle type="target" position={Position.Left} className="graph-handle" isConnectable={false} />
      {data.content}
      <Handle type="source" position={Position.Right} className="graph-handle" isConnectable={false} />
    </div>
  );
}

function RoutedEdge({ id, data, markerEnd }: EdgeProps<Edge<RoutedData>>) {
  const points = data?.points ?? [];
  if (points.length < 2) return null;
  const path = points.map((point, index) => `${index === 0 ? "M" : "L"} ${point.x} ${point.y}`).join(" ");
  const style = { stroke: data?.color ?? "#59636e", strokeWidth: 1.6, strokeDasharray: data?.dashed ? "6 4" : undefined };
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      {data?.label && data.labelCenter && (
        <EdgeLabelRenderer>
          <div className="graph-edge-label" style={{ transform: `translate(-50%, -50%) translate(${data.labelCenter.x}px, ${data.labelCenter.y}px)`, color: data.color, borderColor: data.color }}>
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

const NODE_TYPES = { box: BoxNode };
const EDGE_TYPES = { routed: RoutedEdge };

/** The graph's box is as tall as its layout (between these), so a small graph is shown at full size. */
const MIN_HEIGHT = 220;

export function GraphView({ nodes, edges, label, direction = "RIGHT", onNodeClick, maxHeight = 560 }: { nodes: GraphNode[]; edges: GraphEdge[]; label: string; direction?: "RIGHT" | "DOWN"; onNodeClick?(id: string): void; maxHeight?: number }) {
  const [laidOut, setLaidOut] = useState<{ nodes: Node<BoxData>[]; edges: Edge<RoutedData>[]; height: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The layout is recomputed only when the graph's shape changes, not on every render of its content.
  const shape = JSON.stringify([nodes.map((node) => [node.id, node.width, node.height]), edges.map((edge) => [edge.id, edge.source, edge.target, edge.label])]);

  useEffect(() => {
    let cancelled = false;
    layoutGraph(nodes, edges, direction)
      .then((layout) => {
        if (cancelled) return;
        setLaidOut({
          height: layout.height,
          nodes: nodes.map((node) => ({
            id: node.id,
            type: "box",
            position: layout.nodes.get(node.id) ?? { x: 0, y: 0 },
            data: { content: node.content, width: node.width, height: node.height, className: node.className },
            ariaLabel: node.ariaLabel,
            draggable: false,
            connectable: false,
            width: node.width,
            height: node.height,
          })),
          edges: edges.map((edge) => {
            const placed = layout.edges.get(edge.id);
            return {
              id: edge.id,
              source: edge.source,
              target: edge.target,
              type: "routed",
              markerEnd: { type: MarkerType.ArrowClosed, color: edge.color ?? "#59636e", width: 18, height: 18 },
              data: { points: placed?.points ?? [], labelCenter: placed?.labelCenter, label: edge.label, color: edge.color, dashed: edge.dashed },
              focusable: false,
            };
          }),
        });
      })
      .catch((error: unknown) => !cancelled && setFailure((error as Error).message));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `shape` stands for nodes and edges
  }, [shape, direction]);

  // Node content may change without the shape changing (a selection): swap it in place.
  const shownNodes = laidOut?.nodes.map((node) => {
    const source = nodes.find((candidate) => candidate.id === node.id);
    return source ? { ...node, data: { ...node.data, content: source.content, className: source.className } } : node;
  });

  if (failure) return <p className="notice notice-error">The graph could not be laid out: {failure}</p>;
  const height = Math.min(maxHeight, Math.max(MIN_HEIGHT, (laidOut?.height ?? MIN_HEIGHT) + 24));
  return (
    <div className="graph" style={{ height }} role="figure" aria-label={label}>
      {shownNodes && laidOut ? (
        <ReactFlow
          nodes={shownNodes}
          edges={laidOut.edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          fitView
          fitViewOptions={{ padding: 0.04, maxZoom: 1 }}
          minZoom={0.2}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          // Selecting a node, with a click or with Enter or Space once Tab reached it, chooses it.
          onNodesChange={(changes) => {
            for (const change of changes) if (change.type === "select" && change.selected) onNodeClick?.(change.id);
          }}
          proOptions={{ hideAttribution: true }}
        >
          <Controls showInteractive={false} />
        </ReactFlow>
      ) : (
        <p className="muted">Laying out the graph…</p>
      )}
    </div>
  );
}
