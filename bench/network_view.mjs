// The dashboard's #/network view at scale, in headless Chromium: time to first frame with its
// breakdown (the performance marks "network:*" of web/src/perf.ts), then frame times while the
// view is panned (mouse drags) and zoomed (wheel) for a few seconds each.
//
//   node bench/network_view.mjs DIR [--seconds 4] [--runs 1] [--json OUT.json]
//
// DIR is an analysis directory (bench/make_network_dir.py writes one); LOCKSTEP and CHROMIUM
// name the binaries (default build/release/src/lockstep, /usr/bin/chromium). bench/network_view.sh
// does it all from scratch. Frame times are requestAnimationFrame deltas in the page.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { writeFileSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "../web/node_modules/playwright-core/index.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dir = args[0];
if (!dir || dir.startsWith("--")) {
  console.error("usage: node bench/network_view.mjs DIR [--seconds 4] [--runs 1] [--json OUT.json]");
  process.exit(2);
}
const seconds = Number(opt("seconds", "4"));
const runs = Number(opt("runs", "1"));
const lockstep = resolve(root, process.env.LOCKSTEP ?? "build/release/src/lockstep");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

function startServer() {
  return new Promise((ok, fail) => {
    const child = spawn(lockstep, ["serve", dir, "--port", "0", "--web", resolve(root, "web/dist")], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) ok({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => fail(new Error(`lockstep serve exited ${code}: ${err}`)));
  });
}

// Bytes on the wire and time to the last byte for one encoding of /api/network.
function wire(port, encoding) {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const req = request({ host: "127.0.0.1", port, path: "/api/network", headers: encoding ? { "Accept-Encoding": encoding } : {} }, (res) => {
      let bytes = 0;
      res.on("data", (d) => (bytes += d.length));
      res.on("end", () => ok({ encoding: res.headers["content-encoding"] ?? "identity", bytes, ms: Math.round(performance.now() - t0) }));
    });
    req.on("error", fail);
    req.end();
  });
}

function stats(deltas) {
  const s = [...deltas].sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
  const total = s.reduce((a, b) => a + b, 0);
  const r = (x) => Math.round(x * 10) / 10;
  return { frames: s.length, median_ms: r(q(0.5)), p95_ms: r(q(0.95)), max_ms: r(s[s.length - 1] ?? NaN), fps: r((1000 * s.length) / Math.max(1, total)) };
}

// Frame deltas while `act` runs, measured in the page.
async function framesDuring(page, act) {
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__frames) window.__raf = requestAnimationFrame(tick);
    };
    window.__raf = requestAnimationFrame(tick);
  });
  await act();
  const deltas = await page.evaluate(() => {
    cancelAnimationFrame(window.__raf);
    const d = window.__frames.slice(1); // the first delta started before the action
    window.__frames = null;
    return d;
  });
  return stats(deltas);
}

async function run(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const t0 = Date.now();
  await page.goto(`${base}/#/network`);
  await page.waitForFunction(() => performance.getEntriesByName("network:first-frame").length > 0, null, { timeout: 600_000, polling: 200 });
  const wall = Date.now() - t0;
  const marks = await page.evaluate(() => ({
    at: Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("network:")).map((m) => [m.name.slice(8), Math.round(m.startTime)])),
    steps: Object.fromEntries(performance.getEntriesByType("measure").filter((m) => m.name.startsWith("network:")).map((m) => [m.name.slice(8), Math.round(m.duration)])),
  }));
  const hint = await page.evaluate(() => document.querySelector("main .network-status")?.textContent ?? "");
  await page.waitForTimeout(1000); // let the first frame's trailing work settle
  const box = await page.locator("main .network canvas").first().boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const deadline = (ms) => Date.now() + ms;
  // Zoom first (after a drag sigma ignored the wheel here): a wheel notch every 60 ms (sigma
  // drops notches closer than 50 ms), in for half the time, then out.
  let notches = 0;
  const zoom = await framesDuring(page, async () => {
    const end = deadline(seconds * 1000);
    await page.mouse.move(cx, cy);
    for (; Date.now() < end; notches++) {
      const inward = end - Date.now() > (seconds * 1000) / 2;
      await page.mouse.wheel(0, inward ? -120 : 120);
      await page.waitForTimeout(60);
    }
  });
  // Pan: press (sigma reads the picking buffer at once: a GPU round trip, timed on its own), then
  // drag around an ellipse through the middle of the view; each move waits for the page to take it.
  await page.mouse.move(cx, cy);
  let t = Date.now();
  await page.mouse.down();
  const press_ms = Date.now() - t;
  let moves = 0;
  const pan = await framesDuring(page, async () => {
    const end = deadline(seconds * 1000);
    for (let i = 1; Date.now() < end; i++, moves++) {
      const a = ((i % 40) / 40) * 2 * Math.PI;
      await page.mouse.move(cx + 200 * Math.sin(a), cy + 120 * Math.sin(2 * a));
    }
  });
  t = Date.now();
  await page.mouse.up();
  const release_ms = Date.now() - t;
  // Idle: what the view costs when nothing moves (sigma renders only on change).
  const idle = await framesDuring(page, () => page.waitForTimeout(1000));
  await page.close();
  return { wall_to_first_frame_ms: wall, marks, hint, press_ms, release_ms, pan: { ...pan, moves }, zoom: { ...zoom, notches }, idle, errors };
}

async function main() {
  const { child, port } = await startServer();
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const out = { dir, seconds, wire: [], runs: [] };
  try {
    out.wire = [await wire(port, ""), await wire(port, "gzip"), await wire(port, "gzip, deflate, br")];
    for (let i = 0; i < runs; i++) {
      const r = await run(browser, base);
      out.runs.push(r);
      console.log(JSON.stringify(r));
    }
  } finally {
    await browser.close();
    child.kill();
  }
  console.log("wire:", JSON.stringify(out.wire));
  const jsonOut = opt("json", "");
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(out, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
