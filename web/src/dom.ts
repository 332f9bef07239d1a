// Building the page from data without ever parsing data as HTML: strings become text nodes,
// attributes are set one by one, and only attributes on this list can be set at all.
type Child = Node | string | number | null | undefined | false;

const ALLOWED_ATTRIBUTES = new Set(["class", "href", "title", "id", "role", "type", "placeholder", "colspan", "aria-label", "aria-busy", "maxlength", "rows", "name"]);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (!ALLOWED_ATTRIBUTES.has(name)) throw new Error(`attribute ${name} is not allowed`);
    if (name === "href" && !value.startsWith("#/")) throw new Error("only in-app links");
    el.setAttribute(name, value);
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

// An in-app link to a route; the id is percent-encoded so it can't change the route.
export function link(route: string, id: string | number, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href: `#/${route}/${encodeURIComponent(String(id))}` }, ...children);
}

// A link out of the dashboard, for a URL from the data (a fact-check's review URL): only an
// absolute http(s) URL becomes a link (never javascript:, data: or a relative path), it opens in a
// new tab that cannot reach back to this one, and no referrer is sent. Anything else: null.
export function externalLink(url: string, ...children: Child[]): HTMLAnchorElement | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  const a = document.createElement("a");
  a.setAttribute("href", parsed.href);
  a.setAttribute("target", "_blank");
  a.setAttribute("rel", "noopener noreferrer");
  append(a, ...children);
  return a;
}

export function num(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return Number.isInteger(v) ? v.toLocaleString("en") : v.toPrecision(digits);
}

export function time(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function badges(signals: string[]): HTMLElement {
  const span = h("span", { class: "badges" });
  for (const s of signals) {
    const known = /^[a-z_]+$/.test(s);
    append(span, h("span", { class: known ? `badge s-${s}` : "badge" }, s));
  }
  return span;
}

export function loading(what: string): HTMLElement {
  return h("p", { class: "loading", "aria-busy": "true" }, `Loading ${what}…`);
}

export function empty(message: string): HTMLElement {
  return h("p", { class: "empty" }, message);
}

export const SIGNAL_COLOURS: Record<string, string> = {
  co_repost: "#1f77b4",
  co_link: "#ff7f0e",
  co_domain: "#bcbd22",
  co_hashtag: "#2ca02c",
  hashtag_sequence: "#17becf",
  copypasta: "#d62728",
  co_reply: "#9467bd",
  co_mention: "#8c564b",
  co_active: "#e377c2",
  brigade: "#393b79",
};

const PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#eeca3b", "#bab0ac"];
export function clusterColour(cluster: number): string {
  return cluster < 0 ? "#999999" : PALETTE[cluster % PALETTE.length];
}
