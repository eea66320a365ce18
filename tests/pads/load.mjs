// The pads' load figure: 50 pads, each with two Yjs clients (npm `yjs` +
// `y-websocket`, as browsers join) typing 5 updates a second each for 60 s
// on loopback, against a `judge serve` this script starts. Prints the
// updates delivered to the other client of each pad (of those sent), the
// delivery latency (p50, p99, max: each update carries its send time, and
// both clients run in this process, on one clock), and the server's peak
// resident memory. Not a test (it asserts nothing about speed); run it by
// hand:
//
//     node tests/pads/load.mjs target/release/judge [PADS] [SECONDS]

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startJudge } from "../web/judge.mjs";

const repo = new URL("../..", import.meta.url).pathname;
const require = createRequire(join(repo, "web/package.json"));
const Y = require("yjs");
const { WebsocketProvider } = require("y-websocket");
const WebSocket = require("ws");

const judge = process.argv[2] ?? join(repo, "target/release/judge");
const pads = Number(process.argv[3] ?? 50);
const seconds = Number(process.argv[4] ?? 60);
const perSecond = 5;

const { url, server, admin } = await startJudge(judge);
// y-websocket adds a listener per provider: 100 are expected here.
process.setMaxListeners(0);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs JSON with a key, waiting out 429s as Retry-After says. */
async function post(path, key, body) {
  for (;;) {
    const response = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 429) {
      await sleep(1000 * Number(response.headers.get("retry-after") ?? 1));
      continue;
    }
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
}

const interviewer = (await post("/v1/keys", admin, { role: "interviewer", name: "load" })).key;
const latencies = [];
let sent = 0;
let delivered = 0;
const clients = [];
for (let n = 0; n < pads; n++) {
  const pad = await post("/v1/pads", interviewer, { title: `load ${n}`, language: "python" });
  for (const link of [pad.links.candidate, pad.links.interviewer]) {
    const token = link.split("/").pop();
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${url.replace(/^http/, "ws")}/v1/pad-links/${token}/ws`, "code", doc,
      { WebSocketPolyfill: WebSocket, disableBc: true });
    const me = clients.length;
    clients.push({ doc, provider, me, files: doc.getMap("files:python") });
  }
}
// Every client watches its pad's main.py for the other's inserts, each
// "<client>:<sent ms>;".
for (const client of clients) {
  await new Promise((resolve) => (client.provider.synced ? resolve() : client.provider.once("sync", resolve)));
  client.text = client.files.get("main.py");
  client.text.observe((event) => {
    if (event.transaction.local) return;
    for (const op of event.delta) {
      if (typeof op.insert !== "string") continue;
      for (const [, who, at] of op.insert.matchAll(/(\d+):(\d+);/g)) {
        if (Number(who) === client.me) continue;
        delivered++;
        latencies.push(Date.now() - Number(at));
      }
    }
  });
}
console.log(`load: ${pads} pads, ${clients.length} clients connected; typing ${perSecond} updates/s each for ${seconds} s`);
const started = Date.now();
const timers = clients.map((client, i) => setTimeout(() => {
  client.timer = setInterval(() => {
    client.text.insert(client.text.length, `${client.me}:${Date.now()};`);
    sent++;
  }, 1000 / perSecond);
}, (i * 37) % 200));
await sleep(seconds * 1000);
for (const client of clients) clearInterval(client.timer);
timers.forEach(clearTimeout);
await sleep(2000);
const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
const peak = Number(status.match(/VmHWM:\s+(\d+)/)[1]);
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(`load: ${sent} updates sent in ${((Date.now() - started) / 1000).toFixed(0)} s, ${delivered} delivered to the other client (${(100 * delivered / sent).toFixed(2)}%)`);
console.log(`load: delivery latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${latencies[latencies.length - 1]} ms`);
console.log(`load: server peak resident memory ${(peak / 1024).toFixed(0)} MiB`);
for (const client of clients) client.provider.destroy();
process.exit(0);
