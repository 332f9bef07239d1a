// End-to-end test of the dashboard and the HTML report in headless Chromium (Debian's, driven by
// playwright-core). Builds a small synthetic world plus a coordinated ring whose names, ids, post
// texts and URLs are XSS payloads, analyses it, indexes a fact-check KB whose claims, claimants,
// publishers and review URLs are payloads too, serves both, then: opens the overview, a campaign,
// its members and an account's evidence, the network and brigades pages, claim search, and the
// report file; checks the payloads are shown as text and none of them ran (no dialog, no window
// flag), and that a javascript: review URL is never a link.
//
//   LOCKSTEP=build/release/src/lockstep node web/e2e/run.mjs     (npm run e2e in web/)
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const lockstep = resolve(root, process.env.LOCKSTEP ?? "build/release/src/lockstep");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const work = mkdtempSync(join(tmpdir(), "lockstep-e2e-"));
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
};

// Payloads that would run script if any of them were parsed as HTML or used as a URL: each one
// sets window.__xss or opens a dialog. The same corpus as the C++ report/API tests.
const PAYLOADS = readFileSync(join(root, "tests/fixtures/hostile/xss_payloads.txt"), "utf8").split("\n").filter((l) => l.length > 0);

function csvCell(s) {
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// A synthetic world for background activity, and a hostile ring that reposts the same posts within
// seconds, again and again, and pastes the same (hostile) text.
function buildInput() {
  execFileSync(lockstep, ["synth", "--seed", "5", "--accounts", "1500", "--days", "2", "--quiet", "--out", join(work, "world")], { stdio: "ignore" });
  const lines = readFileSync(join(work, "world/posts.csv"), "utf8").trimEnd().split("\n");
  const start = 1709510400; // 2024-03-04, the synth default start
  let id = 9000000000;
  for (let k = 0; k < 16; k++) {
    const t0 = start + 3600 * (2 * k + 1);
    for (let a = 0; a < 6; a++) {
      const payload = PAYLOADS[a % PAYLOADS.length];
      const user = `${payload}#${a}`;
      const handle = `${payload}`;
      const text = `RT ${payload} breaking news ${k}: ${PAYLOADS[(a + 1) % PAYLOADS.length]}`;
      const url = `javascript:alert(${k})//${a}`;
      lines.push([id++, csvCell(user), csvCell(handle), `seed${k}`, "", csvCell(text), t0 + a * 3, csvCell(url)].join(","));
    }
  }
  writeFileSync(join(work, "posts.csv"), lines.join("\n") + "\n");
}

function startServer(dir, extra = []) {
  return new Promise((resolvePort, reject) => {
    const child = spawn(lockstep, ["serve", dir, "--port", "0", "--web", join(root, "web/dist"), ...extra], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) resolvePort({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`lockstep serve exited ${code}: ${err}`)));
  });
}

async function main() {
  buildInput();
  const ds = join(work, "ds"), res = join(work, "res");
  execFileSync(lockstep, ["ingest", join(work, "posts.csv"), "--out", ds], { stdio: "ignore" });
  execFileSync(lockstep, ["analyze", ds, "--out", res, "--report"], { stdio: "ignore" });
  // The KB: the hostile ClaimReview records beside ordinary Fact Check API ones, with the shipped
  // re-ranker so that probabilities are shown.
  const kb = join(work, "kb");
  const claimsFixtures = join(root, "tests/fixtures/claims");
  execFileSync(lockstep, ["claims", "index", join(claimsFixtures, "xss_claims.jsonl"), join(claimsFixtures, "factcheck_api.json"), "--out", kb, "--model", join(root, "data/claims/reranker.model")], { stdio: "ignore" });
  // The posts matched against that KB, so the report gains its "Claim matches" section.
  execFileSync(lockstep, ["claims", "match", "--kb", kb, "--input", ds, "--out", join(res, "claim_matches.csv")], { stdio: "ignore" });
  // ... plus a hostile row, most probable so it is shown first: a ring post matched to a record
  // whose every field is a payload and whose review URL is javascript:.
  const hostileRow = ["9000000000", "1", PAYLOADS[0], "9", "1", "9", "false", PAYLOADS[1], PAYLOADS[2], PAYLOADS[3], PAYLOADS[4]];
  writeFileSync(join(res, "claim_matches.csv"), readFileSync(join(res, "claim_matches.csv"), "utf8") + hostileRow.map(csvCell).join(",") + "\n");
  execFileSync(lockstep, ["report", res], { stdio: "ignore" });
  const { child, port } = await startServer(res, ["--kb", kb]);
  const bare = await startServer(res); // no KB: the Claims view says how to start one
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    const dialogs = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    // The dashboard must work under the server's CSP: a violation means something inline crept in.
    const cspViolations = [];
    page.on("console", (m) => {
      if (m.type() === "error" && m.text().includes("Content Security Policy")) cspViolations.push(m.text());
    });
    const xss = async () => page.evaluate(() => window.__xss ?? null);

    // The hostile ring must be flagged, or the test proves nothing.
    const found = await (await fetch(`${base}/api/accounts?q=onerror&limit=10`)).json();
    check(found.total > 0, `the hostile ring is flagged (${found.total} accounts match 'onerror')`);
    const hostile = found.items.find((a) => a.cluster >= 0) ?? found.items[0];

    await page.goto(`${base}/`);
    await page.waitForSelector("main table.data");
    check((await page.textContent("h1")) === "Overview", "overview loads");
    const campaignLinks = await page.locator('main a[href^="#/campaign/"]').count();
    check(campaignLinks > 0, `overview lists campaigns (${campaignLinks})`);

    await page.click(`main a[href="#/campaign/${hostile.cluster}"]`);
    await page.waitForSelector("main h2:text('Members')");
    const heading = await page.textContent("main h1");
    check(heading.startsWith(`Campaign ${hostile.cluster}`), `campaign page opens (${heading})`);
    const membersText = await page.textContent("main table.data");
    check(membersText.includes(PAYLOADS[0]), `member handles with payloads shown as text${membersText.includes(PAYLOADS[0]) ? "" : ": " + membersText.slice(0, 300)}`);
    check((await page.locator("main table.data img, main table.data script, main table.data svg, main table.data iframe").count()) === 0, "no element made from a payload in the members table");

    await page.click(`main a[href="#/account/${encodeURIComponent(hostile.id)}"]`);
    await page.waitForSelector("main ul.evidence > li");
    const evidence = await page.textContent("main ul.evidence");
    check(evidence.includes("breaking news"), "account page shows evidence posts");
    check(PAYLOADS.some((p) => evidence.includes(p)), "evidence post texts with payloads shown as text");
    check((await page.locator(".post").count()) > 0, "evidence post bodies rendered");
    const checkLinks = page.locator("main a.check-claims");
    check((await checkLinks.count()) > 0 && (await checkLinks.first().getAttribute("href")).startsWith("#/claims?q="), "evidence posts have a 'check claims' link (a KB is loaded)");
    await checkLinks.first().click();
    await page.waitForSelector("main form.claim-search");
    await page.waitForSelector("main .results p:not(.loading), main ul.claims");
    const fromPost = await page.inputValue("#claim-q");
    check(fromPost.includes("breaking news"), "'check claims' opens claim search with the post's text");

    await page.goto(`${base}/#/network`);
    await page.waitForSelector("main .network");
    await page.waitForTimeout(300);
    await page.goto(`${base}/#/brigades`);
    await page.waitForSelector("main table.data");
    check((await page.locator("main table.data tr").count()) > 1, "brigades page lists the incidents analyze found (brigades.csv)");
    // A detector rewrites brigades.csv while the page is open: the new incident appears, as text.
    writeFileSync(join(res, "brigades.csv"), `target_id,start,end,member_account_id,alert_time\n${csvCell(PAYLOADS[2])},1709510400000,1709514000000,${csvCell(hostile.id)},1709511000000\n`);
    await page.waitForFunction((p) => document.querySelector("main table.data")?.textContent.includes(p), PAYLOADS[2], { timeout: 10000 });
    check((await page.textContent("main table.data")).includes(PAYLOADS[2]), "a new brigade incident appears live, its hostile target shown as text");
    await page.goto(`${base}/#/search/${encodeURIComponent("<img")}`);
    await page.waitForSelector("main table.data");
    check((await page.textContent("main h1")).includes("<img"), "search shows the query as text");

    // Claim search: an ordinary record with its verdict and source link.
    await page.goto(`${base}/#/claims`);
    await page.waitForSelector("#claim-q");
    await page.fill("#claim-q", "Drinking hot water with lemon cures COVID-19");
    await page.click("main form.claim-search button[type=submit]");
    await page.waitForSelector("main ul.claims > li");
    const claimsText = await page.textContent("main ul.claims");
    check(claimsText.includes("Drinking hot water with lemon cures COVID-19"), "claim search finds the record");
    const verdict = page.locator("main ul.claims > li").first().locator(".verdict");
    check((await verdict.count()) === 1 && (await verdict.textContent()) === "false" && (await verdict.getAttribute("class")).includes("v-false"), "the verdict is shown as a badge");
    check(claimsText.includes("rated “Falso”") && claimsText.includes("Maldita"), "the reviewer's rating and publisher are shown");
    check(claimsText.includes("match probability"), "the re-ranker's probability is shown");
    const source = page.locator('main ul.claims a[href="https://maldita.es/bulo-limon"]');
    check((await source.count()) === 1 && (await source.getAttribute("target")) === "_blank" && (await source.getAttribute("rel")) === "noopener noreferrer", "the review URL is a link to a new tab, rel=noopener noreferrer");
    check(page.url().includes("#/claims?q="), "the search is in the route");
    await page.fill("#claim-lang", "fr");
    await page.click("main form.claim-search button[type=submit]");
    await page.waitForFunction(() => document.querySelectorAll("main ul.claims > li").length === 1);
    check((await page.textContent("main ul.claims")).includes("AFP Factuel"), "the language filter narrows the results");
    // Hostile records: payloads in claim, claimant, publisher, title, id; javascript: review URLs.
    await page.goto(`${base}/#/claims?q=${encodeURIComponent("vaccines contain tracking microchips in 5G masts")}`);
    await page.waitForSelector("main ul.claims > li");
    const hostileText = await page.textContent("main ul.claims");
    check([0, 1, 2, 7].every((i) => hostileText.includes(PAYLOADS[i])), "hostile claim, claimant and publisher are shown as text");
    check(hostileText.includes(PAYLOADS[3]) && hostileText.includes("not a web address"), "the javascript: review URL is shown as text");
    const hrefs = await page.locator("main a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    check(hrefs.every((u) => u.startsWith("#/") || u.startsWith("https://") || u.startsWith("http://")), `no link in the claims view other than in-app and http(s) (${hrefs.filter((u) => !u.startsWith("#/")).join(", ")})`);
    check((await page.locator("main ul.claims img, main ul.claims script, main ul.claims svg, main ul.claims iframe, main ul.claims b").count()) === 0, "no element made from a payload in the claim results");
    await page.goto(`${base}/#/claims?q=${encodeURIComponent(PAYLOADS[1])}&publisher=${encodeURIComponent(PAYLOADS[0])}`);
    await page.waitForSelector("main .results p:not(.loading)");
    check((await page.inputValue("#claim-q")) === PAYLOADS[1] && (await page.inputValue("#claim-publisher")) === PAYLOADS[0], "a hostile query in the route is put back into the form as text");
    await page.goto(`${base}/#/claims?q=lemon&since=2020-31-01`);
    await page.waitForSelector("main .results p.error");
    check((await page.textContent("main .results p.error")).includes("YYYY-MM-DD"), "a bad date says how to write one");
    await page.goto(`http://127.0.0.1:${bare.port}/#/claims`);
    await page.waitForSelector("main p.empty");
    check((await page.textContent("main")).includes("--kb"), "without a KB the Claims view says how to start serve with --kb");
    check((await xss()) === null && dialogs.length === 0, `no payload ran in the dashboard (dialogs: ${dialogs.length})`);

    // The report: a file, opened offline.
    const report = await browser.newPage();
    report.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await report.goto(`file://${join(res, "report.html")}`);
    const body = await report.textContent("body");
    check(body.includes(PAYLOADS[1]), "report shows payloads as text");
    check((await report.locator("script, iframe, img").count()) === 0, "report has no script, iframe or img element");
    const claimSection = (await report.locator("section#claims").count()) ? await report.textContent("section#claims") : "";
    check(claimSection.includes("breaking news") && [0, 1, 2, 3, 4].every((i) => claimSection.includes(PAYLOADS[i])), "report shows claim matches, hostile fields as text, with the posts' texts");
    check((await report.locator('section#claims a[href^="javascript"]').count()) === 0, "no javascript: link in the report's claim matches");
    await report.locator("details").first().evaluate((d) => (d.open = true));
    check((await report.evaluate(() => window.__xss ?? null)) === null && dialogs.length === 0, "no payload ran in the report");
    check(cspViolations.length === 0, `no CSP violations in the dashboard${cspViolations.length ? ": " + cspViolations.join("; ") : ""}`);
    check(pageErrors.length === 0, `no uncaught errors in the dashboard${pageErrors.length ? ": " + pageErrors.join("; ") : ""}`);
  } finally {
    await browser.close();
    child.kill();
    bare.child.kill();
    rmSync(work, { recursive: true, force: true });
  }
  if (failures) {
    console.error(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log("e2e: all checks passed");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
