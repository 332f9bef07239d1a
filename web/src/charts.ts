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

export function network(nodes: NetNode[], edges: NetEdge[], onClick: (key: string) => void): { element: HTMLElement; start: () => void; stop: () => void } {
  const element = h("div", { class: "network", role: "img", "aria-label": `network of ${nodes.length} accounts` });
  let renderer: Sigma | null = null;
  const start = () => {
    const graph = new Graph({ multi: false, type: "undirected" });
    for (const n of nodes) {
      if (!graph.hasNode(n.key)) graph.addNode(n.key, { label: n.label, x: n.x, y: -n.y, size: n.size, color: n.color });
    }
    // The server sends each undirected edge once: index keys and no lookup per edge (hasEdge and
    // generated keys doubled the build time at 145k edges). A duplicate would throw: skip it.
    edges.forEach((e, i) => {
      if (e.source === e.target) return;
      try {
        graph.addEdgeWithKey(String(i), e.source, e.target, { color: e.color, size: e.size });
      } catch {
        /* a repeated pair: one line is enough */
      }
    });
    try {
      renderer = new Sigma(graph, element, { settings: { itemSizesReference: "screen", autoRescale: true, hideEdgesOnMove: nodes.length > 5000, labelRenderedSizeThreshold: 8, allowInvalidContainer: true } });
      renderer.on("clickNode", ({ node }) => onClick(node));
    } catch (err) {
      element.classList.add("error");
      element.appendChild(h("p", {}, `The network needs WebGL, which this browser does not offer (${String(err)}). The tables below hold the same accounts.`));
    }
  };
  const stop = () => {
    renderer?.kill();
    renderer = null;
  };
  return { element, start, stop };
}
