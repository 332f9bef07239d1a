// The JSON API of `lockstep serve` (docs/api.md). Errors come back as ApiError with a message
// that says what to do.
export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

const TOKEN_KEY = "lockstep-token";

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function authHeaders(accept: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: accept };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

// Follows a Server-Sent Events stream (fetch, not EventSource, so the bearer token can be sent)
// and calls onData with each event's parsed data until `signal` aborts; reconnects when the
// server ends a stream.
export async function follow(path: string, signal: AbortSignal, onData: (data: unknown) => void): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await fetch(`/api/${path}`, { headers: authHeaders("text/event-stream"), credentials: "omit", signal });
      if (!res.ok || !res.body) throw new ApiError(`${res.status}`, res.status);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(event);
          if (data) onData(JSON.parse(data[1]));
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// onBody, when given, is called once the body has arrived and again once it is parsed (timing marks).
export async function api<T>(path: string, onBody?: (stage: "fetched" | "parsed") => void): Promise<T> {
  const headers = authHeaders("application/json");
  let res: Response;
  try {
    res = await fetch(`/api/${path}`, { headers, credentials: "omit" });
  } catch {
    throw new ApiError("Cannot reach the lockstep server. Is `lockstep serve` still running? Start it again and reload this page.", 0);
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (typeof body.error === "string") message = body.error;
    } catch {
      /* not JSON: keep the status line */
    }
    if (res.status === 401) message = "This server needs a bearer token: enter the token it was started with.";
    if (res.status === 503) message = "The server is busy (too many connections). Wait a moment and reload.";
    throw new ApiError(message, res.status);
  }
  if (!onBody) return (await res.json()) as T;
  const text = await res.text();
  onBody("fetched");
  const value = JSON.parse(text) as T;
  onBody("parsed");
  return value;
}

export interface Histogram {
  start_ms: number;
  bin_ms: number;
  counts: number[];
  burst: number[];
}
export interface AccountBrief {
  id: string;
  handle: string;
  cluster: number;
  score: number;
  degree: number;
  events: number;
  signals: string[];
}
export interface Page<T> {
  total: number;
  offset: number;
  limit: number;
  items: T[];
}
export interface TopItem {
  item: string;
  evidence_pairs: number;
}
export interface CampaignBrief {
  id: number;
  rank: number;
  size: number;
  edges: number;
  score: number;
  density: number;
  first: string;
  last: string;
  signals: string[];
  top_items: TopItem[];
}
export interface Campaign {
  id: number;
  size: number;
  score: number;
  density: number;
  members_total: number;
  first: string;
  last: string;
  signals: string[];
  top_items: TopItem[];
  members: (AccountBrief & { x: number; y: number })[];
  edges: { a: number; b: number; strength: number; weight: number; signals: string[] }[];
  timeline: Histogram;
}
export interface Post {
  post_id: string;
  ts_ms: number | null;
  account_id: string;
  text: string;
}
export interface Evidence {
  signal: string;
  dt_seconds: number;
  a: Post;
  b: Post;
  raw: string;
}
export interface AccountEdge {
  other: AccountBrief;
  strength: number;
  weight: number;
  items: number;
  signals: string[];
  evidence: Evidence[];
}
export interface Account extends AccountBrief {
  features: {
    posts_per_day: number;
    repost_share: number;
    hour_entropy: number;
    account_age_days: number | null;
    generated_handle: boolean;
  };
  activity_events: number;
  timeline: Histogram;
  edges: Page<AccountEdge>;
}
export interface Summary {
  summary: Record<string, unknown> | string;
  flagged_accounts: number;
  campaigns: number;
  edges: number;
  have_events: boolean;
  events_note: string;
  have_brigades: boolean;
  brigades: number;
  claims: ClaimsStatus;
}
export interface ClaimsStatus {
  available: boolean;
  kb_records: number;
  model: boolean;
  message: string;
}
export interface ClaimMatch {
  id: string;
  claim: string;
  title: string;
  claimant: string;
  claim_date: string;
  publisher: string;
  site: string;
  review_url: string;
  review_date: string;
  lang: string;
  rating: string;
  verdict: string;
  score: number;
  probability: number | null;
  bm25: number;
}
export interface Claims {
  query: string;
  kb_records: number;
  model: boolean;
  matches: ClaimMatch[];
}
export interface Network {
  nodes_total: number;
  edges_total: number;
  nodes: { id: string[]; label: string[]; cluster: number[]; x: number[]; y: number[]; degree: number[] };
  edges: { source: number[]; target: number[]; strength: number[]; signal: string[] };
}
export interface Brigade {
  target_id: string;
  start_ms: number;
  end_ms: number;
  alert_ms: number | null;
  size: number;
  members: string[];
}
export interface Brigades extends Page<Brigade> {
  available: boolean;
  version: number;
  message: string;
}
