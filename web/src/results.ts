// A submission's results: the verdict line, the compile log, a row per test
// (verdict, time, memory, fuel beside the limit) and, for a failing sample,
// its input, expected and actual output with the first difference named;
// once accepted, its growth rate (growth.ts).
// `follow` redraws them live from the submission's event stream.

import { call } from "./api";
import type { Submission, Test } from "./types";
import { growthSection } from "./growth";
import { compact, h, mib, verdictBadge } from "./ui";

/** The first line where `got` and `want` differ, for a failing sample. */
export function firstDifference(got: string, want: string): string {
  const a = got.split("\n"), b = want.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? "").trimEnd() !== (b[i] ?? "").trimEnd()) {
      return `line ${i + 1}: expected "${b[i] ?? "(end of output)"}", got "${a[i] ?? "(end of output)"}"`;
    }
  }
  return "outputs differ in white space only";
}

/** Fuel used, and its share of the limit when known. */
function fuel(used: number, limit?: number): string {
  if (!limit) return compact(used);
  const share = (used / limit) * 100;
  return `${compact(used)} of ${compact(limit)} (${share < 1 ? share.toFixed(2) : share.toFixed(0)}%)`;
}

export function testRows(tests: Test[], fuelLimit?: number): HTMLElement {
  const body = h("tbody", {});
  for (const test of tests) {
    body.append(h("tr", {},
      h("th", { scope: "row" }, test.name),
      h("td", {}, verdictBadge(test.verdict)),
      h("td", {}, `${test.time_ms.toFixed(1)} ms`),
      h("td", {}, mib(test.memory_bytes)),
      h("td", { title: `${test.fuel.toLocaleString("en")} fuel` }, fuel(test.fuel, fuelLimit)),
    ));
    if (test.sample && test.verdict === "WA" && test.output !== undefined && test.expected !== undefined) {
      body.append(h("tr", { class: "detail" }, h("td", { colspan: "5" },
        h("p", {}, firstDifference(test.output, test.expected)),
        h("div", { class: "diff" },
          h("div", {}, h("h4", {}, "Input"), h("pre", {}, test.input ?? "")),
          h("div", {}, h("h4", {}, "Expected"), h("pre", {}, test.expected)),
          h("div", {}, h("h4", {}, "Output"), h("pre", {}, test.output))))));
    } else if (test.message && test.verdict !== "AC") {
      body.append(h("tr", { class: "detail" }, h("td", { colspan: "5" }, h("pre", {}, test.message))));
    }
  }
  return h("table", { class: "tests" },
    h("caption", {}, "Tests"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Test"), h("th", { scope: "col" }, "Verdict"),
      h("th", { scope: "col" }, "Time"), h("th", { scope: "col" }, "Memory"),
      h("th", { scope: "col" }, fuelLimit ? "Fuel (of the limit)" : "Fuel"))),
    body);
}

export function results(submission: Submission): HTMLElement[] {
  const done = submission.state === "done";
  const score = submission.score !== undefined
    ? ` · score ${submission.score}${submission.max_score !== undefined ? ` of ${submission.max_score}` : ""}` : "";
  const parts: HTMLElement[] = [
    h("p", { class: "summary" }, "Verdict: ", verdictBadge(done ? submission.verdict : undefined),
      score, ` · ${submission.language} · ${submission.state}`),
  ];
  if (submission.time_limit) {
    parts.push(h("p", { class: "limit" }, `Time limit ${submission.time_limit.seconds} s (${submission.time_limit.why})`));
  }
  if (submission.compile_log) parts.push(h("pre", { class: "log" }, submission.compile_log));
  if (submission.tests?.length) parts.push(testRows(submission.tests, submission.fuel_limit));
  if (submission.growth) parts.push(growthSection(submission.growth));
  return parts;
}

/** Follows a submission's events until it is done, calling `draw` with
 * each new state (the first at once). Replies are drawn in the order their
 * requests were made (a slow early one never overwrites a later state); the
 * event stream reconnects by itself after a network blip and ends when the
 * submission is done. Returns a function that stops. */
export function follow(id: string, draw: (submission: Submission) => void): () => void {
  let asked = 0, drawn = 0, stopped = false;
  const redraw = async () => {
    const mine = ++asked;
    const submission = await call<Submission>("GET", `/v1/submissions/${id}`);
    if (stopped || mine < drawn) return;
    drawn = mine;
    draw(submission);
    if (submission.state === "done") events.close();
  };
  const events = new EventSource(`/v1/submissions/${id}/events`);
  events.onmessage = () => void redraw();
  for (const kind of ["test", "state", "done"]) events.addEventListener(kind, () => void redraw());
  events.onerror = () => void redraw();
  void redraw();
  return () => { stopped = true; events.close(); };
}
