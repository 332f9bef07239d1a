// The Claims view: a post's text (or any claim) against the fact-check KB the server was started
// with (`lockstep serve DIR --kb KB`). Route: #/claims?q=TEXT&lang=&publisher=&since=&until=, so a
// search can be linked to, e.g. from an evidence post.
import { api, ApiError } from "./api";
import type { ClaimMatch, Claims, ClaimsStatus, Summary } from "./api";
import { append, clear, empty, externalLink, h, loading, num } from "./dom";

// The server caps q at 2,000 bytes; a longer post is cut on a character boundary.
export const MAX_QUERY_BYTES = 2000;
const FILTERS = ["lang", "publisher", "since", "until"] as const;

let status: Promise<ClaimsStatus> | null = null;

// Whether this server has a KB (from /api/summary, asked once per page load). A failure reads as
// "no KB" here: the view that needs it shows the error itself.
export function claimsStatus(): Promise<ClaimsStatus> {
  status ??= api<Summary>("summary")
    .then((s) => s.claims ?? { available: false, kb_records: 0, model: false, message: "" })
    .catch((err: unknown) => {
      status = null;
      throw err;
    });
  return status;
}

export function truncateUtf8(text: string, maxBytes = MAX_QUERY_BYTES): string {
  const encoder = new TextEncoder();
  let bytes = 0;
  let out = "";
  for (const ch of text) {
    bytes += encoder.encode(ch).length;
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

// The in-app route of a claim search for `text` (hash routes only: see dom.ts's h()).
export function claimsRoute(text: string): string {
  return `#/claims?${new URLSearchParams({ q: truncateUtf8(text.trim()) }).toString()}`;
}

// Verdict -> a fixed class; the class never comes from the data.
const VERDICT_CLASS: Record<string, string> = {
  false: "v-false",
  "mostly false": "v-mostly-false",
  mixture: "v-mixture",
  "mostly true": "v-mostly-true",
  true: "v-true",
  unproven: "v-unproven",
  satire: "v-satire",
  other: "v-other",
};

function verdictBadge(m: ClaimMatch): HTMLElement {
  return h("span", { class: `badge verdict ${VERDICT_CLASS[m.verdict] ?? "v-other"}`, title: "verdict, normalised from the reviewer's rating" }, m.verdict || "other");
}

function result(m: ClaimMatch, calibrated: boolean): HTMLLIElement {
  const by = m.publisher || m.site;
  const source = externalLink(m.review_url, "Read the fact-check");
  return h(
    "li",
    { class: "claim" },
    h("div", {}, verdictBadge(m), m.rating ? h("span", { class: "rating" }, `rated “${m.rating}”`) : ""),
    h("div", { class: "post" }, m.claim),
    m.title ? h("div", { class: "hint" }, m.title) : "",
    h(
      "div",
      { class: "meta" },
      by ? `by ${by}` : "reviewer unknown",
      m.site && m.site !== by ? ` (${m.site})` : "",
      m.review_date ? `, reviewed ${m.review_date}` : "",
      m.claimant ? `; claimed by ${m.claimant}` : "",
      m.claim_date ? ` on ${m.claim_date}` : "",
      m.lang ? `; language ${m.lang}` : "",
    ),
    h("div", { class: "meta" }, calibrated && m.probability !== null ? `match probability ${num(m.probability, 2)}` : `BM25 ${num(m.bm25)}`, " · ", h("span", { class: "id" }, `record ${m.id}`)),
    source
      ? h("div", {}, source, " ", h("span", { class: "id" }, m.review_url))
      : m.review_url
        ? h("div", {}, h("span", { class: "id" }, m.review_url), h("span", { class: "hint" }, " (not a web address, so not a link)"))
        : h("div", { class: "hint" }, "no review URL in the record"),
  );
}

function form(params: URLSearchParams): HTMLFormElement {
  const q = h("textarea", { id: "claim-q", name: "q", rows: "4", maxlength: String(MAX_QUERY_BYTES), placeholder: "Paste a post or write a claim", "aria-label": "post or claim text" });
  q.value = params.get("q") ?? "";
  const inputs = {
    lang: h("input", { id: "claim-lang", name: "lang", type: "text", maxlength: "16", placeholder: "any (e.g. en)", "aria-label": "language of the fact-check" }),
    publisher: h("input", { id: "claim-publisher", name: "publisher", type: "text", maxlength: "200", placeholder: "any (name or site)", "aria-label": "publisher" }),
    since: h("input", { id: "claim-since", name: "since", type: "date", "aria-label": "reviewed on or after" }),
    until: h("input", { id: "claim-until", name: "until", type: "date", "aria-label": "reviewed on or before" }),
  };
  for (const f of FILTERS) inputs[f].value = params.get(f) ?? "";
  const el = h(
    "form",
    { class: "claim-search", role: "search" },
    q,
    h("div", { class: "filters" }, h("label", {}, "Language ", inputs.lang), h("label", {}, "Publisher ", inputs.publisher), h("label", {}, "Reviewed from ", inputs.since), h("label", {}, "to ", inputs.until), h("button", { type: "submit" }, "Search fact-checks")),
  );
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = new URLSearchParams({ q: truncateUtf8(q.value.trim()) });
    for (const f of FILTERS) if (inputs[f].value.trim()) next.set(f, inputs[f].value.trim());
    if (next.get("q")) location.hash = `#/claims?${next.toString()}`;
  });
  return el;
}

export async function claimsView(view: HTMLElement, current: () => boolean, params: URLSearchParams): Promise<void> {
  view.appendChild(loading("claim search"));
  const s = await claimsStatus();
  if (!current()) return;
  clear(view);
  view.appendChild(h("h1", {}, "Claim search"));
  if (!s.available) {
    view.appendChild(empty("No fact-check knowledge base is loaded, so claims cannot be searched here. Start the server with one:"));
    view.appendChild(h("pre", { class: "post" }, "lockstep claims index claimreviews.json --out kb/ --model data/claims/reranker.model\nlockstep serve DIR --kb kb/"));
    if (s.message) view.appendChild(h("p", { class: "hint" }, s.message));
    return;
  }
  append(view, h("p", { class: "hint" }, `Fact-checks that address a text, from ${num(s.kb_records)} records. ${s.model ? "Ranked by the re-ranker, with a match probability." : "BM25 order (no re-ranker in the KB, so no probabilities)."} lockstep holds no facts of its own: the verdicts are the reviewers'.`));
  view.appendChild(form(params));
  const q = params.get("q") ?? "";
  if (!q.trim()) return;
  const results = h("div", { class: "results" }, loading("matching fact-checks"));
  view.appendChild(results);
  const query = new URLSearchParams({ q: truncateUtf8(q), k: "20" });
  for (const f of FILTERS) if (params.get(f)) query.set(f, params.get(f)!);
  let r: Claims;
  try {
    r = await api<Claims>(`claims?${query.toString()}`);
  } catch (err) {
    if (!current()) return;
    clear(results);
    const message = err instanceof Error ? err.message : String(err);
    // 400s say which limit or date is wrong; the form stays so it can be fixed.
    results.appendChild(h("p", { class: "error" }, err instanceof ApiError && err.status === 400 ? `Cannot search: ${message}` : message));
    return;
  }
  if (!current()) return;
  clear(results);
  const filtered = FILTERS.some((f) => params.get(f));
  if (r.matches.length === 0) {
    results.appendChild(empty(`No fact-check in the KB shares words with this text${filtered ? " under these filters: remove a filter or" : ": try"} other or fewer words, or the claim's wording in another language.`));
    return;
  }
  results.appendChild(h("h2", {}, `${r.matches.length} fact-check${r.matches.length === 1 ? "" : "s"}, best match first`));
  results.appendChild(h("ul", { class: "claims" }, ...r.matches.map((m) => result(m, r.model))));
}
