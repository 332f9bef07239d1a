// The whole flagged network (#/network): accounts at the server's positions, and by default only
// the strongest edges. At 50,000 accounts and 145,000 edges, processing and drawing the edges is
// most of the cost while the nodes are cheap; the server sends edges strongest first, so the
// strongest EDGE_BUDGET are a prefix. A button draws them all.
import Graph from "graphology";
import { api } from "./api";
import type { Network } from "./api";
import { mountSigma } from "./charts";
import { append, clear, clusterColour, empty, h, loading, num } from "./dom";
import { mark, resetMarks } from "./perf";

export const EDGE_BUDGET = 20000;

function buildGraph(n: Network, edgeCount: number): Graph {
  const graph = new Graph({ multi: false, type: "undirected" });
  const { id, label, x, y, degree, cluster } = n.nodes;
  let maxDegree = 1;
  for (const d of degree) if (d > maxDegree) maxDegree = d; // no Math.max(...50k args): stack limits
  for (let i = 0; i < id.length; i++) {
    if (graph.hasNode(id[i])) continue;
    graph.addNode(id[i], { label: label[i], x: x[i], y: -y[i], size: 2 + 6 * Math.sqrt(degree[i] / maxDegree), color: clusterColour(cluster[i]) });
  }
  const { source, target } = n.edges;
  for (let i = 0; i < edgeCount; i++) {
    if (source[i] === target[i]) continue;
    // Index keys, no lookup per edge; a repeated pair throws and one line is enough.
    try {
      graph.addEdgeWithKey(String(i), id[source[i]], id[target[i]], { color: "#cccccc", size: 0.5 });
    } catch {
      /* a repeated pair */
    }
  }
  return graph;
}

// Lets the browser paint (a status line) before a long synchronous step.
const nextPaint = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

// Renders into `view`; returns the function that stops the renderer (null when nothing was drawn).
export async function networkView(view: HTMLElement, current: () => boolean, onClick: (key: string) => void): Promise<(() => void) | null> {
  resetMarks();
  mark("start");
  view.appendChild(loading("the network"));
  const n = await api<Network>("network", mark);
  if (!current()) return null;
  clear(view);
  view.appendChild(h("h1", {}, "Network of flagged accounts"));
  const nodes = n.nodes.id.length, edges = n.edges.source.length;
  if (nodes === 0) {
    view.appendChild(empty("No flagged accounts, so no network."));
    return null;
  }
  append(view, h("p", { class: "hint" }, `${num(nodes)} accounts${n.nodes_total > nodes ? ` (the strongest of ${num(n.nodes_total)})` : ""}, ${num(n.edges_total)} edges${n.edges_total > edges ? ` (the strongest ${num(edges)} sent)` : ""}. Each campaign is laid out on its own; colours are campaigns. Scroll to zoom, drag to pan, click an account for its evidence; a campaign's page draws all its edges.`));
  const status = h("span", { class: "network-status", role: "status" });
  const toggle = h("button", { type: "button" });
  const controls = h("p", { class: "network-controls" }, status, " ", toggle);
  const box = h("div", { class: "network big", role: "img", "aria-label": `network of ${nodes} accounts` });
  view.appendChild(controls);
  view.appendChild(box);

  let stop: (() => void) | null = null;
  let all = edges <= EDGE_BUDGET;
  toggle.hidden = all;
  let first = true;
  const draw = async () => {
    stop?.();
    stop = null;
    clear(box);
    const shown = all ? edges : Math.min(edges, EDGE_BUDGET);
    toggle.disabled = true;
    status.textContent = `Drawing ${num(nodes)} accounts and ${num(shown)} edges…`;
    box.setAttribute("aria-busy", "true");
    await nextPaint();
    if (!current()) return;
    const graph = buildGraph(n, shown);
    if (first) mark("graph");
    stop = mountSigma(graph, box, onClick, first ? mark : undefined);
    first = false;
    box.setAttribute("aria-busy", "false");
    const moving = nodes > 5000 || shown > 20000 ? " Edges and labels are hidden while the view moves." : "";
    status.textContent = shown < edges ? `Lines: the ${num(shown)} strongest of ${num(edges)} edges.${moving}` : `Lines: all ${num(edges)} edges.${moving}`;
    toggle.textContent = all ? `Strongest ${num(EDGE_BUDGET)} only` : `Draw all ${num(edges)} edges (slower)`;
    toggle.disabled = false;
  };
  toggle.addEventListener("click", () => {
    all = !all;
    void draw();
  });
  await draw();
  return () => {
    stop?.();
    stop = null;
  };
}
