// The dashboard: overview, whole network, one campaign, one account with its evidence, brigade
// incidents, claim search. Hash routes (#/campaign/ID, #/claims?q=) so the server only ever serves
// static files.
import "./style.css";
import { api, ApiError, follow, setToken } from "./api";
import type { Account, Brigades, Campaign, CampaignBrief, Page, Summary, AccountBrief } from "./api";
import { network, timeline } from "./charts";
import { networkView } from "./network_view";
import { claimsRoute, claimsStatus, claimsView } from "./claims";
import { append, badges, clear, empty, h, link, loading, num, time, SIGNAL_COLOURS } from "./dom";

const view = document.getElementById("view")!;
const banner = document.getElementById("banner")!;
let generation = 0;
let stopNetwork: (() => void) | null = null;
let stopStream: AbortController | null = null;

function showError(err: unknown): void {
  clear(banner);
  banner.hidden = false;
  const message = err instanceof Error ? err.message : String(err);
  append(banner, h("strong", {}, "Something went wrong: "), message);
  if (err instanceof ApiError && err.status === 401) {
    const input = h("input", { type: "password", placeholder: "bearer token", "aria-label": "bearer token" });
    const form = h("form", {}, input, h("button", { type: "submit" }, "Use token"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      setToken(input.value.trim());
      banner.hidden = true;
      route();
    });
    banner.appendChild(form);
  }
}

function table(head: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  const t = h("table", { class: "data" }, h("tr", {}, ...head.map((c) => h("th", {}, c))));
  for (const r of rows) t.appendChild(r);
  return t;
}

function td(content: Node | string | number, cls = ""): HTMLTableCellElement {
  return h("td", cls ? { class: cls } : {}, content);
}

function accountLabel(a: { id: string; handle: string }): string {
  return a.handle ? `@${a.handle}` : a.id;
}

function accountRows(items: AccountBrief[]): HTMLTableRowElement[] {
  return items.map((a) =>
    h("tr", {}, td(link("account", a.id, accountLabel(a))), td(a.id, "id"), td(num(a.score), "num"), td(badges(a.signals)), td(num(a.degree), "num"), td(num(a.events), "num"), td(a.cluster >= 0 ? link("campaign", a.cluster, String(a.cluster)) : "–")),
  );
}

async function overview(gen: number): Promise<void> {
  view.appendChild(loading("the summary"));
  const [s, campaigns] = await Promise.all([api<Summary>("summary"), api<Page<CampaignBrief>>("campaigns?limit=200")]);
  if (gen !== generation) return;
  clear(view);
  const summary = typeof s.summary === "object" ? s.summary : {};
  const card = (n: unknown, what: string) => h("div", { class: "card" }, h("b", {}, num(Number(n))), what);
  view.appendChild(h("h1", {}, "Overview"));
  view.appendChild(
    h("div", { class: "cards" }, card(summary.events, "events"), card(summary.accounts, "accounts"), card(s.flagged_accounts, "flagged accounts"), card(s.campaigns, "campaigns"), card(s.edges, "significant edges"), card(summary.quarantined, "records quarantined"), s.have_brigades && card(s.brigades, "brigade incidents")),
  );
  append(view, h("p", {}, `Input: ${String(summary.input ?? "?")}; events from ${String(summary.first ?? "?")} to ${String(summary.last ?? "?")}.`));
  if (s.events_note) view.appendChild(h("p", { class: "note" }, s.events_note));
  view.appendChild(h("h2", {}, "Campaigns, largest first"));
  if (campaigns.total === 0) {
    view.appendChild(empty("No campaigns: no group of accounts acted together beyond chance at this FDR. Try a wider --window or a higher --fdr when analysing."));
    return;
  }
  const rows = campaigns.items.map((c) =>
    h("tr", {}, td(c.rank, "num"), td(link("campaign", c.id, `campaign ${c.id}`)), td(num(c.size), "num"), td(num(c.score), "num"), td(num(c.density), "num"), td(badges(c.signals)), td(c.top_items[0]?.item ?? "", "id"), td(c.first), td(c.last)),
  );
  view.appendChild(table(["#", "campaign", "accounts", "score", "density", "signals", "most shared", "from", "to"], rows));
  if (campaigns.total > campaigns.items.length) view.appendChild(h("p", { class: "hint" }, `${campaigns.total - campaigns.items.length} smaller campaigns are in clusters.json.`));
}

async function wholeNetwork(gen: number): Promise<void> {
  const stop = await networkView(view, () => gen === generation, (key) => (location.hash = `#/account/${encodeURIComponent(key)}`));
  if (gen !== generation) stop?.();
  else stopNetwork = stop;
}

async function campaign(gen: number, id: string): Promise<void> {
  view.appendChild(loading(`campaign ${id}`));
  const c = await api<Campaign>(`campaigns/${encodeURIComponent(id)}`);
  if (gen !== generation) return;
  clear(view);
  view.appendChild(h("h1", {}, `Campaign ${c.id}: ${num(c.size)} accounts`));
  append(view, h("p", {}, badges(c.signals), ` score ${num(c.score)} (mean −log10 p of its edges), density ${num(c.density)}, evidence from ${c.first} to ${c.last}`));
  if (c.top_items.length) {
    view.appendChild(h("h3", {}, "What they shared most"));
    view.appendChild(h("ul", {}, ...c.top_items.map((t) => h("li", {}, h("span", { class: "id" }, t.item), ` — ${t.evidence_pairs} evidence pairs`))));
  }
  view.appendChild(h("h2", {}, "Network"));
  const nodes = c.members.map((m) => ({ key: m.id, label: accountLabel(m), x: m.x, y: m.y, size: 4 + Math.min(10, m.degree), color: SIGNAL_COLOURS[m.signals[0]] ?? "#777" }));
  const edges = c.edges.map((e) => ({ source: c.members[e.a].id, target: c.members[e.b].id, color: SIGNAL_COLOURS[e.signals[0]] ?? "#bbb", size: 1 }));
  const net = network(nodes, edges, (key) => (location.hash = `#/account/${encodeURIComponent(key)}`));
  view.appendChild(net.element);
  view.appendChild(h("p", { class: "hint" }, "Dots are accounts (colour: first signal), lines significant edges. Click an account to see its evidence."));
  net.start();
  stopNetwork = net.stop;
  view.appendChild(h("h2", {}, "Activity"));
  view.appendChild(timeline(c.timeline, "Events of the campaign's accounts (red: bursts)"));
  view.appendChild(h("h2", {}, "Members"));
  if (c.members_total > c.members.length) view.appendChild(h("p", { class: "hint" }, `The ${c.members.length} strongest of ${c.members_total} accounts.`));
  view.appendChild(table(["account", "id", "score", "signals", "edges", "events", "campaign"], accountRows(c.members)));
}

// withClaims: the server has a fact-check KB, so a post's text can be looked up in it.
function postBlock(label: string, p: { post_id: string; ts_ms: number | null; account_id: string; text: string }, withClaims: boolean): HTMLElement {
  return h(
    "div",
    {},
    h("span", {}, `${label}: `),
    h("span", { class: "id" }, `post ${p.post_id}`),
    p.ts_ms !== null ? ` at ${time(p.ts_ms)} by ` : "",
    p.ts_ms !== null ? h("span", { class: "id" }, p.account_id) : "",
    withClaims && p.text.trim() ? " " : "",
    withClaims && p.text.trim() ? h("a", { href: claimsRoute(p.text), class: "check-claims", title: "look this post up in the fact-check KB" }, "check claims") : "",
    p.text ? h("div", { class: "post" }, p.text) : "",
  );
}

async function account(gen: number, id: string): Promise<void> {
  view.appendChild(loading(`account ${id}`));
  const pageSize = 20;
  const [a, claims] = await Promise.all([api<Account>(`accounts/${encodeURIComponent(id)}?limit=${pageSize}`), claimsStatus().catch(() => null)]);
  if (gen !== generation) return;
  const withClaims = claims?.available ?? false;
  clear(view);
  view.appendChild(h("h1", {}, accountLabel(a)));
  append(view, h("p", {}, h("span", { class: "id" }, a.id), " ", badges(a.signals), ` score ${num(a.score)}, ${a.degree} significant edges`, a.cluster >= 0 ? " — " : "", a.cluster >= 0 ? link("campaign", a.cluster, `campaign ${a.cluster}`) : ""));
  const f = a.features;
  view.appendChild(
    table(["events", "posts/day", "repost share", "hour entropy (bits)", "account age (days)", "generated-looking handle"], [h("tr", {}, td(num(a.events), "num"), td(num(f.posts_per_day), "num"), td(num(f.repost_share), "num"), td(num(f.hour_entropy), "num"), td(num(f.account_age_days), "num"), td(f.generated_handle ? "yes" : "no"))]),
  );
  view.appendChild(h("h2", {}, "Activity"));
  view.appendChild(timeline(a.timeline, "Events of this account"));
  view.appendChild(h("h2", {}, "Evidence: whom it acted with, and the posts"));
  const list = h("ul", { class: "evidence" });
  view.appendChild(list);
  const more = h("button", { type: "button" }, "Show more edges");
  const render = (items: Account["edges"]["items"]) => {
    for (const e of items) {
      const li = h("li", {}, h("div", {}, "with ", link("account", e.other.id, accountLabel(e.other)), " ", badges(e.signals), ` strength ${num(e.strength)}, ${e.items} shared items`));
      const ev = h("ol", {});
      for (const x of e.evidence) {
        if (x.raw) ev.appendChild(h("li", { class: "id" }, x.raw));
        else ev.appendChild(h("li", {}, badges([x.signal]), ` ${num(x.dt_seconds)} s apart`, postBlock("this", x.a.account_id === a.id || x.a.ts_ms === null ? x.a : x.b, withClaims), postBlock("other", x.a.account_id === a.id || x.a.ts_ms === null ? x.b : x.a, withClaims)));
      }
      li.appendChild(ev);
      list.appendChild(li);
    }
  };
  render(a.edges.items);
  let offset = a.edges.items.length;
  if (a.edges.total === 0) list.appendChild(h("li", { class: "empty" }, "No edges recorded for this account."));
  if (offset < a.edges.total) {
    view.appendChild(more);
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const next = await api<Account>(`accounts/${encodeURIComponent(id)}?offset=${offset}&limit=${pageSize}`);
        render(next.edges.items);
        offset += next.edges.items.length;
        if (offset >= next.edges.total) more.remove();
      } catch (err) {
        showError(err);
      } finally {
        more.disabled = false;
      }
    });
  }
}

function brigadeList(b: Brigades): HTMLElement {
  const box = h("div", {});
  if (!b.available || b.total === 0) {
    box.appendChild(empty(b.message || "No brigade incidents."));
    return box;
  }
  const rows = b.items.map((x) => h("tr", {}, td(x.target_id, "id"), td(time(x.start_ms)), td(time(x.end_ms)), td(time(x.alert_ms)), td(num(x.size), "num"), td(h("span", {}, ...x.members.slice(0, 20).flatMap((m, i) => [i ? ", " : "", link("account", m, m)])))));
  box.appendChild(table(["target", "start", "end", "alert", "accounts", "members"], rows));
  if (b.total > b.items.length) box.appendChild(h("p", { class: "hint" }, `${b.total - b.items.length} more incidents in brigades.csv.`));
  return box;
}

async function brigades(gen: number): Promise<void> {
  view.appendChild(loading("brigade incidents"));
  const b = await api<Brigades>("brigades?limit=500");
  if (gen !== generation) return;
  clear(view);
  view.appendChild(h("h1", {}, "Brigade incidents"));
  const status = h("p", { class: "hint" }, "Live: this page updates when brigades.csv changes.");
  view.appendChild(status);
  let list = brigadeList(b);
  view.appendChild(list);
  let version = b.version;
  const ctrl = new AbortController();
  stopStream = ctrl;
  void follow("brigades/stream", ctrl.signal, async (data) => {
    const d = data as { version: number };
    if (d.version === version || gen !== generation) return;
    try {
      const next = await api<Brigades>("brigades?limit=500");
      if (gen !== generation) return;
      version = next.version;
      const fresh = brigadeList(next);
      view.replaceChild(fresh, list);
      list = fresh;
      status.textContent = `Live: updated ${new Date().toLocaleTimeString()}.`;
    } catch (err) {
      showError(err);
    }
  });
}

async function searchAccounts(gen: number, q: string): Promise<void> {
  view.appendChild(loading("accounts"));
  const r = await api<Page<AccountBrief>>(`accounts?q=${encodeURIComponent(q)}&limit=100`);
  if (gen !== generation) return;
  clear(view);
  view.appendChild(h("h1", {}, `Flagged accounts matching “${q}”`));
  if (r.total === 0) view.appendChild(empty("No flagged account has this in its id or handle. Only flagged accounts are searched."));
  else view.appendChild(table(["account", "id", "score", "signals", "edges", "events", "campaign"], accountRows(r.items)));
}

async function route(): Promise<void> {
  const gen = ++generation;
  stopNetwork?.();
  stopNetwork = null;
  stopStream?.abort();
  stopStream = null;
  banner.hidden = true;
  clear(view);
  // Ids in routes are percent-encoded, so the first "?" starts the query (#/claims?q=...).
  const hash = location.hash.replace(/^#\/?/, "");
  const mark = hash.indexOf("?");
  const parts = (mark >= 0 ? hash.slice(0, mark) : hash).split("/");
  const params = new URLSearchParams(mark >= 0 ? hash.slice(mark + 1) : "");
  const arg = parts.length > 1 ? decodeURIComponent(parts.slice(1).join("/")) : "";
  try {
    if (parts[0] === "campaign" && arg) await campaign(gen, arg);
    else if (parts[0] === "account" && arg) await account(gen, arg);
    else if (parts[0] === "network") await wholeNetwork(gen);
    else if (parts[0] === "brigades") await brigades(gen);
    else if (parts[0] === "search") await searchAccounts(gen, arg);
    else if (parts[0] === "claims") await claimsView(view, () => gen === generation, params);
    else await overview(gen);
  } catch (err) {
    if (gen !== generation) return;
    clear(view);
    if (err instanceof ApiError && err.status === 404) view.appendChild(empty(`${err.message}. Go back to the overview to pick one.`));
    showError(err);
  }
}

document.getElementById("search")!.addEventListener("submit", (e) => {
  e.preventDefault();
  const q = (document.getElementById("search-input") as HTMLInputElement).value.trim();
  if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
});
window.addEventListener("hashchange", () => void route());
void route();
