// The pad's output pane: the run or submission in progress (who started it;
// a submission's tests as they are judged) and every result, newest first,
// as the server writes them into the state document: everyone in the pad
// sees the same.

import * as Y from "yjs";
import { growthSection } from "../growth";
import { h, table, verdictBadge } from "../ui";
import { type Judging, type PadRun, type TestResult, runsOf } from "./shared";

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString("en");
}

function testsTable(caption: string, tests: TestResult[]): HTMLElement {
  return table(caption, ["Test", "Verdict", "Time"], tests.map((test) => [
    test.name, verdictBadge(test.verdict), `${test.time_ms.toFixed(1)} ms`,
  ]));
}

/** Both streams as they were written, standard error marked. */
function interleaved(output: { stream: string; text: string }[]): HTMLElement[] {
  return [
    h("pre", { class: "stdout interleaved", "aria-label": "Output and errors, in order" },
      ...output.map((chunk) => chunk.stream === "stderr" ?
        h("span", { class: "err", title: "standard error" }, chunk.text) : chunk.text)),
    h("p", { class: "legend-note" }, h("span", { class: "err-key" }, "red"), ": standard error"),
  ];
}

/** One kept run or submission. */
export function runView(run: PadRun): HTMLElement {
  if (run.kind === "submit") {
    const score = run.max_score !== undefined && run.max_score !== null ? ` · score ${run.score ?? 0} of ${run.max_score}` : "";
    return h("section", { class: "run submission" },
      h("p", {}, verdictBadge(run.verdict), ` Submission · ${run.language}${score} · by ${run.by} at ${time(run.at_ms)}`),
      run.compile_log ? h("pre", { class: "log" }, run.compile_log) : null,
      run.tests?.length ? testsTable("Hidden tests", run.tests) : null,
      run.growth ? growthSection(run.growth) : null);
  }
  const status = run.status ?? "";
  return h("section", { class: "run" },
    h("p", {}, status === "OK" ? h("span", { class: "verdict v-AC" }, "OK") : verdictBadge(status),
      ` Run${run.file ? ` ${run.file}` : ""} · ${run.language} · ${(run.time_ms ?? 0).toFixed(1)} ms · by ${run.by} at ${time(run.at_ms)}`),
    run.compile_log ? h("pre", { class: "log" }, run.compile_log) : null,
    ...(run.output?.length ? interleaved(run.output) : [
      h("pre", { class: "stdout", "aria-label": "Output" }, run.stdout ?? ""),
      run.stderr ? h("pre", { class: "stderr", "aria-label": "Errors" }, run.stderr) : null,
    ]));
}

/** The output pane of `runs`, with the run in progress from `shared`. */
export function runsPane(shared: Y.Map<unknown>, runs: Y.Array<string>, judged: Y.Array<string>): { element: HTMLElement; running: HTMLElement; draw(): void } {
  const running = h("p", { class: "message info", "aria-live": "polite" });
  const progress = h("div", { class: "judging" });
  const list = h("div", { class: "runs" });
  const draw = () => {
    const by = shared.get("running") as string | undefined;
    const all = runsOf(runs);
    const last = all.length ? all[all.length - 1] : null;
    const judgingJson = shared.get("judging") as string | undefined;
    const judging = judgingJson ? JSON.parse(judgingJson) as Judging : null;
    if (judging) {
      const tests = judged.toArray().map((json) => JSON.parse(json) as TestResult);
      const total = judging.total ? ` of ${judging.total}` : "";
      running.textContent = `Judging the submission by ${judging.by}… ${tests.length}${total} tests judged.`;
      progress.replaceChildren(tests.length ? testsTable("Tests judged so far", tests) : "");
    } else {
      running.textContent = by ? `Running… (started by ${by})` :
        last ? `Last: ${last.kind === "submit" ? `submission ${last.verdict}` : `run ${last.status}`}, by ${last.by}.` : "";
      progress.replaceChildren();
    }
    list.replaceChildren(...all.reverse().slice(0, 20).map(runView));
  };
  return { element: h("div", {}, progress, list), running, draw };
}
