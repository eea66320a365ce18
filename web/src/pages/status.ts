// The operators' status page (admins): the golden signals over the last
// hour from the server's own metrics history (request rate, error ratio,
// latency p50/p95/p99, saturation), verdicts by language, the compile
// cache's hit ratio and webhook failures, as `/metrics` counts them; and,
// for those who run Prometheus, the Grafana dashboard and the runbooks.
// It redraws at the server's sampling interval while it is open.

import { call } from "../api";
import { lineChart } from "../chart";
import type { Status } from "../types";
import { VERDICTS, button, h, table } from "../ui";

const percent = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)}%`;
const perSecond = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)}/s`;
const millis = (v: number) => (v < 1 ? `${(v * 1000).toFixed(v < 0.01 ? 1 : 0)} ms` : `${v.toFixed(2)} s`);
const count = (v: number) => v.toFixed(v % 1 === 0 ? 0 : 1);

function charts(status: Status): HTMLElement {
  const p = status.points;
  const times = p.map((point) => point.at_ms);
  const last = p[p.length - 1];
  return h("div", { class: "charts" },
    lineChart("Traffic: requests per second", times, [{ name: "requests", values: p.map((x) => x.request_rate) }], perSecond),
    lineChart("Errors: share of 5xx answers", times, [{ name: "5xx", values: p.map((x) => x.error_ratio) }], percent, 0.01),
    lineChart("Latency (event streams, runs and uploads aside)", times, [
      { name: "p50", values: p.map((x) => x.latency_p50_seconds) },
      { name: "p95", values: p.map((x) => x.latency_p95_seconds) },
      { name: "p99", values: p.map((x) => x.latency_p99_seconds) },
    ], millis, 0.01),
    lineChart(`Saturation: queue (capacity ${last?.queue_capacity ?? "?"}) and workers (of ${last?.workers_total ?? "?"})`, times, [
      { name: "queued", values: p.map((x) => x.queue_depth) },
      { name: "busy workers", values: p.map((x) => x.workers_busy) },
    ], count, Math.max(1, last?.workers_total ?? 1)),
  );
}

function verdicts(status: Status): HTMLElement {
  if (!status.verdicts.length) return h("p", { class: "message info" }, "No submission judged since the judge started.");
  const languages = [...new Set(status.verdicts.map((v) => v.language))];
  const codes = Object.keys(VERDICTS).filter((code) => status.verdicts.some((v) => v.verdict === code));
  const cell = (language: string, code: string) =>
    status.verdicts.find((v) => v.language === language && v.verdict === code)?.count ?? 0;
  const body = languages.map((language) => h("tr", {},
    h("th", { scope: "row" }, language),
    ...codes.map((code) => h("td", { "data-verdict": code }, String(cell(language, code)))),
    h("td", {}, String(codes.reduce((sum, code) => sum + cell(language, code), 0)))));
  return h("table", { class: "verdicts" },
    h("caption", {}, "Verdicts by language (judge_submissions_total)"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Language"),
      ...codes.map((code) => h("th", { scope: "col", title: VERDICTS[code] }, code)), h("th", { scope: "col" }, "All"))),
    h("tbody", {}, ...body));
}

function counters(status: Status): HTMLElement {
  const cache = status.cache;
  return table("Counters since the judge started", ["Measure", "Value"], [
    ["Compile-cache hit ratio", cache.hit_ratio === undefined ? "no lookups yet" : `${percent(cache.hit_ratio)} (${cache.hits} hits, ${cache.misses} misses)`],
    ["Webhook attempts failed for good", String(status.webhooks.failed)],
    ["Webhook attempts to retry", String(status.webhooks.retrying)],
    ["Webhooks delivered", String(status.webhooks.delivered)],
    ["Requests refused by a rate limit", String(status.rate_limited)],
    ["Internal errors", String(status.internal_errors)],
  ]);
}

function links(status: Status): HTMLElement {
  return h("section", { "aria-label": "Prometheus and Grafana" },
    h("h2", {}, "With Prometheus"),
    h("p", {}, "The same figures come from ", h("a", { href: "/metrics" }, "/metrics"), ". ",
      status.links.grafana ? h("a", { href: status.links.grafana }, "Open the Grafana dashboard") : "Grafana: ",
      status.links.grafana ? " or " : "",
      h("a", { href: status.links.grafana_dashboard, download: "judge-dashboard.json" }, "download the dashboard to import"), "."),
    h("p", {}, "Runbooks, one per alert:"),
    h("ul", { class: "runbooks" }, ...status.links.runbooks.map((r) =>
      h("li", {}, h("a", { href: `#/runbooks/${encodeURIComponent(r.alert)}` }, r.alert)))));
}

export async function statusPage(main: HTMLElement): Promise<() => void> {
  // Only the figures are redrawn, so that focus on a link stays put; the
  // redraws can be paused (and are, while focus is inside them).
  const live = h("div", {});
  let paused = false;
  const pause = button("Pause updates", () => {
    paused = !paused;
    pause.textContent = paused ? "Resume updates" : "Pause updates";
    pause.setAttribute("aria-pressed", String(paused));
  }, { "aria-pressed": "false" });
  const draw = async () => {
    const status = await call<Status>("GET", "/v1/status");
    live.replaceChildren(
      h("p", { class: "limits" }, `Each point covers the ${status.window_seconds} s before it; sampled every ${status.sampled_every_seconds} s, kept for an hour, in this process's memory.`),
      charts(status), verdicts(status), counters(status));
    return status;
  };
  const first = await draw();
  main.replaceChildren(h("div", { class: "title-row" }, h("h1", {}, "Status"), pause), live, links(first));
  const timer = setInterval(() => {
    if (!paused && !live.contains(document.activeElement)) void draw().catch(() => {});
  }, first.sampled_every_seconds * 1000);
  return () => clearInterval(timer);
}
