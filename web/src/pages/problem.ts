// A problem: its statement and samples beside an editor, Run on custom
// input, and Submit with per-test progress live from the event stream.

import { call } from "../api";
import { editor } from "../editor";
import { follow, results } from "../results";
import { markdown } from "../markdown";
import type { Language, ProblemFull } from "../types";
import { button, h, message, sampleTable, verdictBadge } from "../ui";

interface RunResult { status: string; stdout: string; stderr: string; compile_log?: string; time_ms: number }

/** Draws the page; returns what stops its live parts when the reader leaves. */
export async function problemPage(main: HTMLElement, slug: string): Promise<() => void> {
  const [problem, languages] = await Promise.all([
    call<ProblemFull>("GET", `/v1/problems/${encodeURIComponent(slug)}`),
    call<Language[]>("GET", "/v1/languages"),
  ]);
  const available = languages.filter((l) => l.available);
  const text = await markdown(problem.statement, problem.name);
  const samples = problem.samples.map(sampleTable);
  const remembered = localStorage.getItem("language");
  const start = available.find((l) => l.id === remembered)?.id ?? available[0]?.id ?? "python";
  const select = h("select", { id: "language" }, ...available.map((l) =>
    h("option", { value: l.id, ...(l.id === start ? { selected: "" } : {}) }, l.name))) as HTMLSelectElement;
  const area = h("div", { class: "editor" });
  const starter = (id: string) => available.find((l) => l.id === id)?.starter ?? "";
  const code = editor(area, slug, start, starter(start));
  // The time limit is the selected language's: its own, or the base times its multiplier.
  const limits = h("p", { class: "limits", "aria-live": "polite" });
  const showLimits = () => {
    const limit = problem.time_limits.find((l) => l.language === select.value);
    const name = available.find((l) => l.id === select.value)?.name ?? select.value;
    const time = limit ? `Time ${limit.seconds} s in ${name} (${limit.why})` : `Time ${problem.time_limit_seconds} s`;
    limits.replaceChildren(`${time} · memory ${problem.memory_mib} MiB · ${problem.secret_tests} hidden tests`);
  };
  showLimits();
  select.addEventListener("change", () => {
    localStorage.setItem("language", select.value);
    code.setLanguage(select.value, starter(select.value));
    showLimits();
  });
  const everyLimit = h("details", { class: "every-limit" },
    h("summary", {}, "Time limit in each language"),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Language"), h("th", { scope: "col" }, "Time limit"), h("th", { scope: "col" }, "From"))),
      h("tbody", {}, ...problem.time_limits.map((l) => h("tr", {},
        h("th", { scope: "row" }, languages.find((x) => x.id === l.language)?.name ?? l.language),
        h("td", {}, `${l.seconds} s`),
        h("td", {}, l.why))))));
  const stdin = h("textarea", { id: "stdin", rows: "4", spellcheck: "false" }, problem.samples[0]?.input ?? "") as HTMLTextAreaElement;
  const output = h("div", { class: "output", "aria-live": "polite" });
  const result = h("div", { class: "result" });
  const source = () => code.view.state.doc.toString();
  let stop = () => {};
  let left = false;

  const run = button("Run", async () => {
    output.replaceChildren(message("Running…", "info"));
    try {
      const ran = await call<RunResult>("POST", "/v1/runs", { language: select.value, source: source(), stdin: stdin.value });
      const status = ran.status === "OK"
        ? h("span", { class: "verdict v-AC" }, "OK · exited normally")
        : verdictBadge(ran.status);
      output.replaceChildren(
        h("p", {}, "Run: ", status, ` · ${ran.time_ms.toFixed(1)} ms`),
        h("h3", {}, "Output"), h("pre", {}, ran.compile_log ?? ran.stdout),
        ...(ran.stderr ? [h("h3", {}, "Errors"), h("pre", {}, ran.stderr)] : []));
    } catch (error) {
      output.replaceChildren(message((error as Error).message));
    }
  });
  const submit = button("Submit", async () => {
    result.replaceChildren(message("Submitting…", "info"));
    try {
      const queued = await call<{ id: string }>("POST", "/v1/submissions", { problem: slug, language: select.value, source: source() });
      stop();
      if (left) return;
      const link = h("p", {}, h("a", { href: `#/s/${queued.id}` }, "Open this submission"));
      const summary = h("div", { "aria-live": "polite" }), details = h("div", {});
      result.replaceChildren(summary, details, link);
      stop = follow(queued.id, (submission) => {
        const [line, ...rest] = results(submission);
        summary.replaceChildren(line);
        details.replaceChildren(...rest);
      });
    } catch (error) {
      result.replaceChildren(message((error as Error).message));
    }
  }, { class: "primary" });

  main.replaceChildren(
    h("h1", {}, problem.name),
    limits,
    h("div", { class: "split" },
      h("section", { "aria-label": "Statement" }, text, ...samples, everyLimit),
      h("section", { "aria-label": "Solution" },
        h("label", { for: "language" }, "Language"), select,
        area,
        h("label", { for: "stdin" }, "Input for Run"), stdin,
        h("div", { class: "actions" }, run, submit),
        output, result)),
  );
  return () => { left = true; stop(); };
}
