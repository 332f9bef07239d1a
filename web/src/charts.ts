// Timelines (uPlot bars, bursts in red) and networks (sigma.js on WebGL, graphology).
import Graph from "graphology";
import Sigma from "sigma";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Histogram } from "./api";
import { h } from "./dom";

export function timeline(hist: Histogram, title: string): HTMLElement {
  const box = h("figure", { class: "timeline" });
  if (hist.counts.length === 0) {
    box.appendChild(h("p", { class: "empty" }, "No activity to plot: the events are not at hand (see the note on the overview)."));
    return box;
  }
  const xs = hist.counts.map((_, i) => (hist.start_ms + i * hist.bin_ms) / 1000);
  const normal = hist.counts.map((c, i) => (hist.burst[i] ? null : c));
  const bursts = hist.counts.map((c, i) => (hist.burst[i] ? c : null));
  const bars = uPlot.paths.bars!({ size: [0.9, 40] });
  const opts: uPlot.Options = {
    title,
    width: 760,
    height: 220,
    scales: { x: { time: true } },
    legend: { show: true },
    series: [
      {},
      { label: "events", fill: "#4c78a8", stroke: "#4c78a8", paths: bars, points: { show: false } },
      { label: "burst", fill: "#d62728", stroke: "#d62728", paths: bars, points: { show: false } },
    ],
    axes: [{}, { label: "events per bin" }],
  };
  // uPlot measures its container: draw once the figure is in the page.
  requestAnimationFrame(() => {
    const width = Math.max(320, Math.min(box.clientWidth || 760, 1000));
    new uPlot({ ...opts, width }, [xs, normal, bursts] as uPlot.AlignedData, box);
  });
  return box;
}

export interface NetNode {
  key: string;
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
}
export interface NetEdge {
  source: string;
  target: string;
  color: string;
  size: number;
}

export type Step = "graph" | "sigma" | "first-frame";

// Sigma on a built graph, in `element`; big graphs skip edges and labels while the camera moves
// (drawing 50k nodes is cheap, 145k edges and their labels are not). A browser without WebGL gets
// a message instead. onStep marks the timing steps of bench/network_view.mjs.
export function mountSigma(graph: Graph, element: HTMLElement, onClick: (key: string) => void, onStep?: (step: Step) => void): () => void {
  const big = graph.order > 5000 || graph.size > 20000;
  let renderer: Sigma | null = null;
  try {
    renderer = new Sigma(graph, element, {
      settings: { itemSizesReference: "screen", autoRescale: true, hideEdgesOnMove: big, hideLabelsOnMove: big, labelRenderedSizeThreshold: 8, allowInvalidContainer: true },
    });
    renderer.on("clickNode", ({ node }) => onClick(node));
    onStep?.("sigma");
    // The frame after next: sigma's first render has been drawn and handed to the compositor.
    requestAnimationFrame(() => requestAnimationFrame(() => onStep?.("first-frame")));
  } catch (err) {
    element.classList.add("error");
    element.appendChild(h("p", {}, `The network needs WebGL, which this browser does not offer (${String(err)}). The tables below hold the same accounts.`));
  }
  return () => {
    renderer?.kill();
    renderer = null;
  };
}

// A campaign's network from node and edge lists (at most a few thousand of each).
export function network(nodes: NetNode[], edges: NetEdge[], onClick: (key: string) => void): { element: HTMLElement; start: () => void; stop: () => void } {
  const element = h("div", { class: "network", role: "img", "aria-label": `network of ${nodes.length} accounts` });
  let stop = () => {};
  const start = () => {
    const graph = new Graph({ multi: false, type: "undirected" });
    for (const n of nodes) {
      if (!graph.hasNode(n.key)) graph.addNode(n.key, { label: n.label, x: n.x, y: -n.y, size: n.size, color: n.color });
    }
    // Index keys and no lookup per edge; a repeated pair would throw: one line is enough.
    edges.forEach((e, i) => {
      if (e.source === e.target) return;
      try {
        graph.addEdgeWithKey(String(i), e.source, e.target, { color: e.color, size: e.size });
      } catch {
        /* a repeated pair */
      }
    });
    stop = mountSigma(graph, element, onClick);
  };
  return { element, start, stop: () => stop() };
}
