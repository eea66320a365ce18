// The web app in a real browser (Debian's chromium, driven by npm
// playwright-core): a live `judge serve`, a candidate who signs in, opens
// token-bucket (its math typeset), runs a sample, submits accepted and wrong
// solutions in two languages and sees AC and WA with the failing sample's
// diff, then her submissions, one of them with its code and an accepted
// one with its growth rate (fitted, beside the reference's); a second
// candidate who sees none of it. An interviewer sees both candidates'
// submissions, filters and pages through them, reads one with its fuel
// beside the limit, makes and revokes a key, and uploads a package with
// errors and sees them by file, then runs a live pad with the candidate
// (shared editing with cursors, a run both see, private notes, the end). An
// admin opens the status page after that traffic: a non-zero request rate
// and the verdict counts `/metrics` has.
// No console errors; axe-core finds no serious or critical violation;
// screenshots of each page are saved under target/web-screenshots/ (and
// looked at). Prints the problem page's first paint and JavaScript weight;
// asserts neither.
//
//     node tests/web/browser.mjs [path/to/judge]

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { startJudge } from "./judge.mjs";
import assert from "node:assert/strict";

const repo = new URL("../..", import.meta.url).pathname;
const require = createRequire(join(repo, "web/package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const judge = process.argv[2] ?? join(repo, "target/debug/judge");
const shots = join(repo, "target/web-screenshots");
mkdirSync(shots, { recursive: true });

// A live judge on a free port, with the tests' shared compile cache;
// whatever ends this script (a failed assertion too) ends the judge with it.
const { url, server, admin } = await startJudge(judge, { JUDGE_CACHE_DIR: join(repo, "target/tmp/judge-cache") });

async function newKey(role, name) {
  const response = await fetch(`${url}/v1/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
    body: JSON.stringify({ role, name }),
  });
  assert.equal(response.status, 201);
  return (await response.json()).key;
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const problems = [];
/** The status of an API refusal a step expects, while it runs. */
let expectedRefusal = null;

/** A fresh browser context for one person, failing on any console error. */
async function person(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("console", (m) => {
    // The browser logs an API's expected refusal (the rejected upload's
    // 422) as a failed load; anything else is a fault of the page.
    if (m.type() === "error" && !(expectedRefusal && m.text().includes(`status of ${expectedRefusal}`))) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return { context, page };
}

async function signIn(page, key) {
  await page.goto(url);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Problems" }).waitFor();
}

async function accessible(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ["violations"] }));
  for (const v of result.violations.filter((v) => ["serious", "critical"].includes(v.impact))) {
    const where = v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`);
    problems.push(`axe on ${what}: ${v.id} (${v.impact}): ${v.help} at ${where.join("; ")}`);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Replaces the editor's text with `source` and picks `language`. */
async function write(page, language, source) {
  await page.getByLabel("Language").selectOption(language);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(source);
}

async function submitAndWait(page, verdict) {
  await page.getByRole("button", { name: "Submit" }).click();
  await page.locator(".result .summary .verdict", { hasText: verdict }).waitFor({ timeout: 120_000 });
}

const read = (path) => readFileSync(join(repo, path), "utf8");
const [ada, bob] = [await newKey("candidate", "ada"), await newKey("candidate", "bob")];

// Ada signs in and opens token-bucket.
const { page } = await person();
await signIn(page, ada);
await accessible(page, "the problem list");
await shot(page, "1-problems");
await page.getByRole("link", { name: "Token Bucket Rate Limiter" }).click();
await page.locator(".cm-content").waitFor();
// First paint measured on a load of the problem page itself (assets cached,
// as for anyone who has opened the app once).
await page.goto("about:blank");
const opened = Date.now();
await page.goto(`${url}/#/p/token-bucket`);
await page.locator(".cm-content").waitFor();
const openedIn = Date.now() - opened;
// The statement's math is typeset (MathML), not left as $…$.
assert.ok(await page.locator(".statement math").count() >= 3);
assert.doesNotMatch(await page.locator(".statement").innerText(), /\$\\le/);
const paint = await page.evaluate(() =>
  performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime ?? null);
await accessible(page, "the problem page");
await shot(page, "2-problem");
// Each language has its own time limit: the selected one's is shown, and all in a table.
await page.getByLabel("Language").selectOption("python");
assert.match(await page.locator(".limits").innerText(), /^Time [\d.]+ s in Python \(/);
await page.getByLabel("Language").selectOption("cpp");
assert.match(await page.locator(".limits").innerText(), /^Time [\d.]+ s in C\+\+ \(/);
await page.getByText("Time limit in each language").click();
assert.ok(await page.locator(".every-limit tbody tr").count() >= 9, "a limit per installed language");
await accessible(page, "the problem page's time limits");
await shot(page, "2b-time-limits");

// Runs a sample, then submits accepted and wrong solutions in two languages.
await write(page, "python", read("problems/token-bucket/submissions/accepted/limiter.py"));
await page.getByRole("button", { name: "Run" }).click();
await page.locator(".output", { hasText: "Run:" }).waitFor({ timeout: 120_000 });
assert.match(await page.locator(".output pre").first().innerText(), /\S/);
await shot(page, "3-run");
await submitAndWait(page, "AC");
await shot(page, "4-accepted-python");
await write(page, "cpp", read("problems/token-bucket/submissions/accepted/limiter.cpp"));
await submitAndWait(page, "AC");
await write(page, "python", "print('allowed')\n");
await submitAndWait(page, "WA");
await page.locator(".result .diff").first().waitFor();
assert.match(await page.locator(".result .detail p").first().innerText(), /line 1: expected/);
await accessible(page, "a wrong answer's diff");
await shot(page, "5-wrong-answer-diff");
await page.getByRole("link", { name: "My submissions" }).click();
await page.getByRole("heading", { name: "My submissions" }).waitFor();
assert.equal(await page.locator("tbody tr").count(), 3);
await accessible(page, "my submissions");
await shot(page, "6-my-submissions");
// The newest (the wrong answer) with its code and results.
await page.locator("tbody tr").first().getByRole("link").click();
await page.getByRole("heading", { name: "Submission to Token Bucket Rate Limiter" }).waitFor();
assert.match(await page.locator(".code .cm-content").innerText(), /print\('allowed'\)/);
await page.locator(".tests").waitFor();
await accessible(page, "a submission");
await shot(page, "6b-my-submission");
// An accepted one: how its fuel grows on the problem's scaling series,
// fitted, beside the reference solution's.
await page.getByRole("link", { name: "My submissions" }).click();
await page.getByRole("heading", { name: "My submissions" }).waitFor();
await page.locator("tbody tr").nth(1).getByRole("link").click();
await page.getByRole("heading", { name: "Growth rate" }).waitFor();
const growth = await page.locator(".growth").innerText();
assert.match(growth, /Fuel grows ≈ O\(n( log n)?\), fits/, growth);
assert.match(growth, /Compared with the reference solution: it grows like O\(n( log n)?\) where the reference grows like/, growth);
assert.equal(await page.locator(".growth circle").count() >= 10, true, "both series' points are drawn");
// A C++ submission: where its fuel goes, per function, on the largest input.
assert.match(growth, /Where the fuel goes[\s\S]*the top \d+ of \d+ functions that ran/, growth);
assert.ok(await page.locator(".growth .profile tbody tr").count() >= 3);
await accessible(page, "an accepted submission's growth rate");
await shot(page, "6c-growth-rate");

// Bob sees none of Ada's submissions, on a phone.
const other = await person({ width: 390, height: 844 });
await signIn(other.page, bob);
await shot(other.page, "7-phone-problems");
await other.page.getByRole("link", { name: "My submissions" }).click();
await other.page.getByRole("heading", { name: "My submissions" }).waitFor();
assert.equal(await other.page.locator("tbody tr").count(), 0);
// Bob submits too (through the API, with his key).
const bobs = await fetch(`${url}/v1/submissions`, {
  method: "POST",
  headers: { authorization: `Bearer ${bob}`, "content-type": "application/json" },
  body: JSON.stringify({ problem: "token-bucket", language: "python", source: read("problems/token-bucket/submissions/accepted/limiter.py") }),
});
assert.equal(bobs.status, 202);
const bobId = (await bobs.json()).id;

// An interviewer sees both candidates' submissions.
const grace = await person();
await signIn(grace.page, await newKey("interviewer", "grace"));
const g = grace.page;
await g.getByRole("link", { name: "Submissions" }).click();
await g.getByRole("heading", { name: "Submissions" }).waitFor();
await g.locator(`a[href="#/s/${bobId}"]`).waitFor();
assert.equal(await g.locator("tbody tr").count(), 4);
const authors = await g.locator("tbody tr td:nth-child(2)").allInnerTexts();
assert.ok(authors.some((a) => a.startsWith("ada")) && authors.some((a) => a.startsWith("bob")), authors.join());
await accessible(g, "every submission");
await shot(g, "8-interviewer-submissions");
// Filters: Bob's only; Ada's wrong answers only.
await g.getByLabel("Candidate").selectOption({ label: (await g.getByLabel("Candidate").locator("option", { hasText: "bob" }).innerText()) });
await g.getByRole("button", { name: "Filter" }).click();
// The new table, not the old one: a single row, Bob's.
await g.waitForFunction(() => {
  const rows = document.querySelectorAll("tbody tr");
  return rows.length === 1 && /bob/.test(rows[0].textContent);
});
await g.getByLabel("Candidate").selectOption("");
await g.getByLabel("Verdict").selectOption("WA");
await g.getByRole("button", { name: "Filter" }).click();
await g.waitForFunction(() => {
  const rows = document.querySelectorAll("tbody tr");
  return rows.length === 1 && /ada/.test(rows[0].textContent) && /WA/.test(rows[0].textContent);
});
// Cursor paging, two a page: 2, then 2, then the end.
await g.goto(`${url}/#/submissions?limit=2`);
await g.getByRole("link", { name: "Older →" }).waitFor();
const firstPage = await g.locator("tbody tr td:first-child a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
assert.equal(firstPage.length, 2);
await g.getByRole("link", { name: "Older →" }).click();
await g.getByRole("link", { name: "← Newest" }).waitFor();
const secondPage = await g.locator("tbody tr td:first-child a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
assert.equal(secondPage.length, 2);
assert.ok(secondPage.every((href) => !firstPage.includes(href)));
assert.equal(await g.getByRole("link", { name: "Older →" }).count(), 0);
// A submission, with each test's fuel beside the problem's limit.
await g.goto(`${url}/#/s/${bobId}`);
await g.locator(".tests").waitFor({ timeout: 120_000 });
await g.locator(".summary .verdict", { hasText: "AC" }).waitFor({ timeout: 120_000 });
assert.match(await g.locator(".facts").innerText(), /bob/);
assert.match(await g.locator(".tests tbody tr").first().innerText(), / of [\d.]+[KMBT]? \(/);
// The limit that applied is Python's, and said why.
assert.match(await g.locator(".result .limit, .limit").first().innerText(), /^Time limit [\d.]+ s \(/);
// A Python submission's profile is per source line.
await g.locator(".growth .profile").waitFor({ timeout: 120_000 });
const lines = await g.locator(".growth .profile").innerText();
assert.match(lines, /the top \d+ of \d+ lines that ran/, lines);
assert.match(lines, /line \d+ in main: /, lines);
await accessible(g, "a submission, for an interviewer");
await shot(g, "9-interviewer-submission");
// Keys: make one for Carol, see it once, revoke it.
await g.getByRole("link", { name: "Keys" }).click();
await g.getByLabel("Name").fill("carol");
await g.getByRole("button", { name: "Create key" }).click();
const carol = await g.locator("#new-key").inputValue();
assert.match(carol, /^jk_/);
// The sign-in link lets Carol sign in, and leaves no key in the address.
const linked = await person();
await linked.page.goto(`${url}/#/signin?key=${encodeURIComponent(carol)}`);
// The link fills the form; signing in takes Carol's click.
await linked.page.getByText("carries your key").waitFor();
await linked.page.getByRole("button", { name: "Sign in" }).click();
await linked.page.getByRole("heading", { name: "Problems" }).waitFor();
assert.doesNotMatch(linked.page.url(), /key=/);
await linked.context.close();
g.once("dialog", (dialog) => void dialog.accept());
await g.getByRole("button", { name: "Revoke carol" }).click();
await g.getByRole("row", { name: /carol/ }).getByText(/^revoked/).waitFor();
assert.equal((await fetch(`${url}/v1/problems`, { headers: { authorization: `Bearer ${carol}` } })).status, 401);
await accessible(g, "keys");
await shot(g, "10-keys");
// Upload a package whose "accepted" submission is wrong and whose
// "wrong answer" is right: the errors show under their files.
const pkg = mkdtempSync(join(tmpdir(), "judge-pkg-"));
const files = {
  "echo/problem.yaml": "problem_format_version: 2023-07-draft\nname: Echo\nlimits:\n  time_limit: 1\n",
  "echo/statement/problem.en.md": "# Echo\n\nPrint the input.\n",
  "echo/data/sample/1.in": "hi\n", "echo/data/sample/1.ans": "hi\n",
  "echo/data/secret/1.in": "yo\n", "echo/data/secret/1.ans": "yo\n",
  "echo/submissions/accepted/echo.py": "import sys\nsys.stdout.write(sys.stdin.read())\n",
  "echo/submissions/accepted/rev.py": "import sys\nsys.stdout.write(sys.stdin.read()[::-1])\n",
  "echo/submissions/wrong_answer/cat.py": "import sys\nprint(sys.stdin.read(), end='')\n",
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(join(pkg, path, ".."), { recursive: true });
  writeFileSync(join(pkg, path), text);
}
execFileSync("python3", ["-m", "zipfile", "-c", join(pkg, "echo.zip"), "echo"], { cwd: pkg });
await g.getByRole("link", { name: "Upload" }).click();
await g.getByLabel("Package (zip)").setInputFiles(join(pkg, "echo.zip"));
expectedRefusal = 422;
await g.getByRole("button", { name: "Upload and verify" }).click();
await g.locator(".errors").waitFor({ timeout: 180_000 });
expectedRefusal = null;
const rejected = await g.locator(".errors").innerText();
console.log(`web: the rejected package's errors:\n${rejected}`);
assert.match(await g.getByRole("alert").innerText(), /failed verification/);
assert.deepEqual(await g.locator(".errors dt").allInnerTexts(),
  ["submissions/accepted/rev.py", "submissions/wrong_answer/cat.py"]);
await accessible(g, "a rejected upload");
await shot(g, "11-upload-errors");

// A live pad: Grace creates one for Ada and Ada opens its link (no key,
// no sign-in: the link is the credential). What one types the other sees,
// with its author's cursor; a run reaches both; Grace's notes never reach
// Ada's page; ending the pad makes it read-only for Ada.
await g.getByRole("link", { name: "Pads" }).click();
await g.getByLabel("Title").fill("Onsite round");
await g.getByLabel("Candidate").fill("Ada");
await g.getByLabel("Problem").selectOption("token-bucket");
await g.getByLabel("Language").selectOption("python");
await g.getByRole("button", { name: "Create pad" }).click();
await g.locator(".pad-editor .cm-content").waitFor();
await g.waitForFunction(() => document.querySelector(".pad-editor .cm-content")?.textContent.includes("sys.stdin"));
const candidateLink = await g.locator("#candidate-link").inputValue();
const ada2 = await person();
const p = ada2.page;
await p.goto(candidateLink);
await p.locator(".pad-editor .cm-content").waitFor();
await p.waitForFunction(() => document.querySelector(".pad-editor .cm-content")?.textContent.includes("sys.stdin"));
await g.locator(".pad-editor .cm-content").click();
await g.keyboard.press("Control+A");
await g.keyboard.insertText("print(input()[::-1])\n");
await p.waitForFunction(() => {
  const text = [...document.querySelectorAll(".pad-editor .cm-line")].map((line) => line.textContent).join("\n");
  return text.includes("print(input()[::-1])") && !text.includes("sys.stdin");
});
await p.locator(".cm-ySelectionInfo", { hasText: "Interviewer" }).waitFor({ state: "attached" });
await p.locator(".people li", { hasText: "Interviewer" }).waitFor();
await p.getByLabel("Input for Run").fill("judge");
await p.getByRole("button", { name: "Run main.py", exact: true }).click();
await p.locator(".runs pre.stdout", { hasText: "egduj" }).waitFor({ timeout: 120_000 });
await g.locator(".runs pre.stdout", { hasText: "egduj" }).waitFor({ timeout: 30_000 });
await g.locator(".notes .cm-content").click();
await g.keyboard.insertText("Strong on edge cases; ask about overflow");
await g.waitForTimeout(500);
assert.equal(await p.locator(".notes").count(), 0);
assert.doesNotMatch(await p.locator("main").innerText(), /edge cases/);
await accessible(g, "a pad, for its interviewer");
await accessible(p, "a pad, for its candidate");
await shot(g, "14-pad-interviewer");
await shot(p, "15-pad-candidate");
// Grace locks the editor: Ada's page says so and stops taking changes.
await g.getByRole("button", { name: "Lock the editor" }).click();
await p.getByText("locked the editor").waitFor();
assert.equal(await p.locator(".pad-editor .cm-content").getAttribute("aria-readonly"), "true");
await shot(p, "15b-pad-locked");
await g.getByRole("button", { name: "Unlock the editor" }).click();
await p.getByText("changes are shared as you type").waitFor();
g.once("dialog", (dialog) => void dialog.accept());
await g.getByRole("button", { name: "End the pad" }).click();
await p.getByText("This pad has ended").waitFor({ timeout: 15_000 });
assert.ok(await p.getByRole("button", { name: "Run main.py", exact: true }).isDisabled());
await shot(p, "16-pad-ended");
await ada2.context.close();

// A codebase round: the problem's Python starter of three modules opens as
// the pad's file tree. Ada runs her own tests (a second entry point),
// extends two modules, pastes (Grace's page is told), and submits: both
// pages follow the hidden tests as they are judged and see the verdict.
// Grace fills the scorecard, ends the pad, replays it to the middle and
// re-runs Ada's test run there: the same fuel.
const starterOf = (file) => readFileSync(join(repo, "problems/kv-expiry/starter/python", file), "utf8");
const acceptedOf = (file) => readFileSync(join(repo, "problems/kv-expiry/submissions/accepted/python", file), "utf8");
await g.getByRole("link", { name: "Pads" }).click();
await g.getByLabel("Title").fill("Codebase round");
await g.getByLabel("Candidate").fill("Ada");
await g.getByLabel("Problem").selectOption("kv-expiry");
await g.getByLabel("Language").selectOption("python");
await g.getByRole("button", { name: "Create pad" }).click();
await g.locator(".files .file", { hasText: "test_store.py" }).waitFor();
const codebaseLink = await g.locator("#candidate-link").inputValue();
const ada3 = await person();
const c = ada3.page;
await c.goto(codebaseLink);
await c.locator(".files .file", { hasText: "test_store.py" }).waitFor();
assert.deepEqual(await c.locator(".files .file").allInnerTexts(), ["main.py ★", "store.py", "test_store.py"]);
// The statement is in the pad; a sample fills the input.
await c.getByText("Problem: Key Expiry (codebase round)").click();
await c.getByRole("heading", { name: "Input" }).waitFor();
await c.getByLabel("Fill the input with a sample").selectOption({ label: "sample/1" });
assert.match(await c.getByLabel("Input for Run").inputValue(), /^9\n0 SET a 1 10\n/);
await shot(c, "17a-codebase-candidate-statement");
await c.getByText("Problem: Key Expiry (codebase round)").click();
await c.locator(".files .file", { hasText: "test_store.py" }).click();
await c.getByRole("button", { name: "Run test_store.py", exact: true }).click();
await c.locator(".runs pre.stdout", { hasText: "ok test_delete" }).waitFor({ timeout: 120_000 });
const typeFile = async (file, text) => {
  await c.locator(".files .file", { hasText: new RegExp(`^${file}`) }).click();
  await c.locator(".pad-editor .cm-content").click();
  await c.keyboard.press("Control+A");
  await c.keyboard.insertText(text);
};
// Grace follows Ada: the file Ada opens opens on Grace's page.
await g.getByRole("button", { name: "Follow the candidate" }).click();
await typeFile("store.py", acceptedOf("store.py"));
await g.locator(".files .file.open", { hasText: /^store\.py/ }).waitFor();
await g.getByRole("button", { name: "Follow the candidate" }).click();
// A paste the size of a module: Grace's page lists it.
await c.locator(".pad-editor .cm-content").evaluate((editor, text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  editor.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}, "# " + "x".repeat(400) + "\n");
await typeFile("main.py", acceptedOf("main.py"));
await g.locator(".signals li", { hasText: "pasted 403 characters" }).waitFor({ timeout: 15_000 });
// Grace's page sees Ada's module as she wrote it.
await g.locator(".files .file", { hasText: /^store\.py/ }).click();
await g.waitForFunction(() => document.querySelector(".pad-editor .cm-content")?.textContent.includes("heapq.heappush"));
// What each page shows while the hidden tests are judged, recorded as it changes.
const watchJudging = (page) => page.evaluate(() => {
  window.judgingSeen = [];
  const note = document.querySelector(".message.info[aria-live]");
  new MutationObserver(() => window.judgingSeen.push(note.textContent)).observe(note, { childList: true, characterData: true, subtree: true });
});
await watchJudging(g);
await watchJudging(c);
await c.getByRole("button", { name: "Submit", exact: true }).click();
for (const page of [c, g]) {
  await page.locator(".run.submission > p .verdict", { hasText: "AC" }).waitFor({ timeout: 180_000 });
  const seen = await page.evaluate(() => window.judgingSeen);
  assert.ok(seen.some((text) => /Judging the submission by Ada… \d+ of 6 tests judged/.test(text)), seen.join(" | "));
  assert.equal(await page.getByRole("table", { name: "Hidden tests" }).locator("tbody tr").count(), 6);
  // Its growth rate on the problem's scaling series, beside the reference's.
  assert.match(await page.locator(".run.submission .growth").innerText(),
    /Fuel grows ≈ O\(n\)[\s\S]*Compared with the reference solution: it grows like O\(n\)/);
}
await shot(c, "17-codebase-candidate-accepted");
await g.getByLabel("Problem solving: rating").selectOption("4");
await g.getByLabel("Problem solving: comment").fill("Read the codebase first; heap of deadlines, lazy expiry.");
await g.getByLabel("Testing and verification: rating").selectOption("3");
await accessible(g, "a codebase round, for its interviewer");
await accessible(c, "a codebase round, for its candidate");
assert.doesNotMatch(await c.locator("main").innerText(), /pasted|heap of deadlines/);
await shot(g, "18-codebase-interviewer-scorecard");
g.once("dialog", (dialog) => void dialog.accept());
await g.getByRole("button", { name: "End the pad" }).click();
await c.getByText("This pad has ended").waitFor({ timeout: 15_000 });
await ada3.context.close();
// Replay: to the middle of the round, then to Ada's test run, re-run as
// it was there.
await g.getByRole("link", { name: "Replay" }).click();
const slider = g.getByLabel("Point in the pad's history");
await slider.waitFor();
const steps = Number(await slider.getAttribute("max"));
await slider.evaluate((input, middle) => {
  input.value = String(middle);
  input.dispatchEvent(new Event("input", { bubbles: true }));
}, Math.floor(steps / 2));
await g.getByText(`Step ${Math.floor(steps / 2)} of ${steps}`).waitFor();
await shot(g, "19-replay-middle");
await g.getByRole("button", { name: /Run test_store\.py: OK/ }).click();
const thenText = await g.locator(".files-then").innerText();
assert.match(thenText, /test_store\.py/);
const shownThen = await g.locator(".editor .cm-line").evaluateAll((lines) => lines.map((line) => line.textContent).join("\n"));
assert.equal(shownThen, starterOf("test_store.py"));
await g.getByRole("button", { name: "Re-run the code as it was here" }).click();
await g.locator(".fuel-then", { hasText: "the same fuel as the candidate's run" }).waitFor({ timeout: 120_000 })
  .catch(async (error) => { await shot(g, "20-replay-rerun-failed"); console.log(await g.locator("main").innerText()); throw error; });
await accessible(g, "a pad's replay");
await shot(g, "20-replay-rerun");

// The admin's status page after that traffic: a request rate above zero,
// and the verdict counts /metrics has.
const root = await person();
await signIn(root.page, admin);
const r = root.page;
await r.getByRole("link", { name: "Status" }).click();
await r.locator(".chart").first().waitFor();
const traffic = await r.locator(".chart figcaption").first().innerText();
const rate = Number(traffic.match(/requests ([\d.]+)\/s/)?.[1]);
assert.ok(rate > 0, traffic);
const exported = await (await fetch(`${url}/metrics`)).text();
const counted = [...exported.matchAll(/^judge_submissions_total\{language="(\w+)",verdict="(\w+)"\} (\d+)$/gm)]
  .filter(([, , , n]) => n !== "0")
  .map(([, language, verdict, n]) => `${language} ${verdict} ${n}`)
  .sort();
const shown = (await r.locator(".verdicts tbody tr").evaluateAll((rows) => rows.flatMap((row) => {
  const language = row.querySelector("th").textContent;
  return [...row.querySelectorAll("td[data-verdict]")]
    .filter((td) => td.textContent !== "0")
    .map((td) => `${language} ${td.dataset.verdict} ${td.textContent}`);
}))).sort();
assert.deepEqual(shown, counted);
assert.ok(counted.length >= 3, counted.join());
await accessible(r, "the status page");
await shot(r, "12-status");
await r.getByRole("link", { name: "JudgeQueueSaturated" }).click();
await r.getByRole("heading", { name: /JudgeQueueSaturated/ }).waitFor();
await accessible(r, "a runbook");
await shot(r, "13-runbook");

// Signing out ends the session: the page asks for a key again.
await page.getByRole("button", { name: "Sign out" }).click();
await page.getByLabel("API key").waitFor();

const js = readdirSync(join(repo, "web/dist/assets")).filter((f) => f.endsWith(".js"));
const weight = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(repo, "web/dist/assets", f))).length, 0);
console.log(`web: problem page first contentful paint ${paint?.toFixed(0)} ms (ready in ${openedIn} ms with its API calls); JavaScript ${(weight / 1024).toFixed(0)} KiB gzipped`);
console.log(`web: screenshots in ${shots}`);

await browser.close();
server.kill("SIGTERM");
assert.deepEqual(problems, [], problems.join("\n"));
console.log("web: browser tests passed");
