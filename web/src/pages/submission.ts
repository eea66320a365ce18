// One submission: who sent it, its code, and its results (live until it is
// done): per-test verdict, time, memory, and fuel beside the problem's limit.

import { call } from "../api";
import { codeView } from "../editor";
import { follow, results } from "../results";
import type { Problem, Submission } from "../types";
import { h, when } from "../ui";

export async function submissionPage(main: HTMLElement, id: string): Promise<() => void> {
  const [first, problems] = await Promise.all([
    call<Submission>("GET", `/v1/submissions/${encodeURIComponent(id)}`),
    call<Problem[]>("GET", "/v1/problems"),
  ]);
  const problem = problems.find((p) => p.slug === first.problem);
  const facts = h("dl", { class: "facts" },
    ...(first.author ? [h("dt", {}, "Candidate"), h("dd", {}, `${first.author.name || "(no name)"} · ${first.author.key_id}`)] : []),
    h("dt", {}, "Problem"), h("dd", {}, h("a", { href: `#/p/${encodeURIComponent(first.problem)}` }, problem?.name ?? first.problem)),
    h("dt", {}, "Language"), h("dd", {}, first.language),
    h("dt", {}, "Submitted"), h("dd", {}, when(first.created_at)),
  );
  const code = h("div", { class: "editor code" });
  const summary = h("div", { "aria-live": "polite" }), details = h("div", {});
  const draw = (submission: Submission) => {
    const [line, ...rest] = results(submission);
    summary.replaceChildren(line);
    details.replaceChildren(...rest);
  };
  main.replaceChildren(
    h("h1", {}, `Submission to ${problem?.name ?? first.problem}`),
    facts,
    h("section", { "aria-label": "Results" }, h("h2", {}, "Results"), summary, details),
    h("section", { "aria-label": "Code" }, h("h2", {}, "Code"), code),
  );
  codeView(code, first.language, first.source ?? "");
  if (first.state === "done") {
    draw(first);
    return () => {};
  }
  return follow(id, draw);
}
