// The web app in a real browser (Debian's chromium, driven by npm
// playwright-core): a live `judge serve`, a candidate who signs in, opens
// token-bucket, runs a sample, submits accepted and wrong solutions in two
// languages and sees AC and WA with the failing sample's diff; a second
// candidate who sees none of it. No console errors; axe-core finds no
// serious or critical violation; screenshots of each page are saved under
// target/web-screenshots/ (and looked at). Prints the problem page's first
// paint and JavaScript weight; asserts neither.
//
//     node tests/web/browser.mjs [path/to/judge]

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const repo = new URL("../..", import.meta.url).pathname;
const require = createRequire(join(repo, "web/package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const judge = process.argv[2] ?? join(repo, "target/debug/judge");
const shots = join(repo, "target/web-screenshots");
mkdirSync(shots, { recursive: true });

// A live judge on a free port, with the tests' shared compile cache.
const data = mkdtempSync(join(tmpdir(), "judge-web-"));
const server = spawn(judge, ["serve", "--listen", "127.0.0.1:0", "--data", data], {
  env: { ...process.env, JUDGE_CACHE_DIR: join(repo, "target/tmp/judge-cache"), RUST_LOG: "warn" },
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((resolve, reject) => {
  let seen = "";
  server.stdout.on("data", (chunk) => {
    seen += chunk;
    const found = seen.match(/listening on (http:\/\/\S+)/);
    if (found) resolve(found[1]);
  });
  server.on("exit", (code) => reject(new Error(`judge serve exited with ${code}`)));
});
const admin = readFileSync(join(data, "admin-key"), "utf8").trim();

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

/** A fresh browser context for one person, failing on any console error. */
async function person(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
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
const opened = Date.now();
await page.getByRole("link", { name: "Token Bucket Rate Limiter" }).click();
await page.locator(".cm-content").waitFor();
const paint = await page.evaluate(() =>
  performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime ?? null);
await accessible(page, "the problem page");
await shot(page, "2-problem");

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
await shot(page, "6-my-submissions");

// Bob sees none of Ada's submissions, on a phone.
const other = await person({ width: 390, height: 844 });
await signIn(other.page, bob);
await shot(other.page, "7-phone-problems");
await other.page.getByRole("link", { name: "My submissions" }).click();
await other.page.getByRole("heading", { name: "My submissions" }).waitFor();
assert.equal(await other.page.locator("tbody tr").count(), 0);

// Signing out ends the session: the page asks for a key again.
await page.getByRole("button", { name: "Sign out" }).click();
await page.getByLabel("API key").waitFor();

const js = readdirSync(join(repo, "web/dist/assets")).filter((f) => f.endsWith(".js"));
const weight = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(repo, "web/dist/assets", f))).length, 0);
console.log(`web: problem page first contentful paint ${paint?.toFixed(0)} ms (opened in ${Date.now() - opened} ms with its API calls); JavaScript ${(weight / 1024).toFixed(0)} KiB gzipped`);
console.log(`web: screenshots in ${shots}`);

await browser.close();
server.kill("SIGTERM");
assert.deepEqual(problems, [], problems.join("\n"));
console.log("web: browser tests passed");
