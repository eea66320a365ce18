// Submissions, newest first: a candidate's own ("My submissions"), or
// everyone's for interviewers, filtered by problem, candidate and verdict,
// a page at a time by cursor. Filters and cursor live in the URL, so a
// filtered page can be bookmarked and sent.

import { call, type Session } from "../api";
import type { Key, Problem, SubmissionPage } from "../types";
import { VERDICTS, field, h, select, table, verdictBadge, when } from "../ui";

const FILTERS = ["problem", "candidate", "verdict"] as const;

export function submissionsHref(params: URLSearchParams): string {
  const query = params.toString();
  return query ? `#/submissions?${query}` : "#/submissions";
}

export async function submissionsPage(main: HTMLElement, session: Session, params: URLSearchParams): Promise<void> {
  const reviewer = session.role !== "candidate";
  // `limit` in the URL sets the page size (20 unless it says).
  const query = new URLSearchParams({ limit: "20" });
  for (const name of [...FILTERS, "cursor", "limit"]) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  const [page, problems, keys] = await Promise.all([
    call<SubmissionPage>("GET", `/v1/submissions?${query}`),
    call<Problem[]>("GET", "/v1/problems"),
    reviewer ? call<Key[]>("GET", "/v1/keys") : Promise.resolve([] as Key[]),
  ]);
  const names = new Map(problems.map((p) => [p.slug, p.name]));

  const problem = select("f-problem", [["", "Any problem"], ...problems.map((p): [string, string] => [p.slug, p.name])],
    params.get("problem") ?? "");
  const verdict = select("f-verdict", [["", "Any verdict"], ...Object.entries(VERDICTS).map(([code, name]): [string, string] =>
    [code, `${code} · ${name}`])], params.get("verdict") ?? "");
  const candidate = select("f-candidate", [["", "Anyone"], ...keys.map((k): [string, string] =>
    [k.id, `${k.name || "(no name)"} · ${k.id}${k.revoked_at ? " (revoked)" : ""}`])], params.get("candidate") ?? "");
  const form = h("form", { class: "filters", "aria-label": "Filter submissions" },
    field("Problem", problem),
    reviewer ? field("Candidate", candidate) : null,
    field("Verdict", verdict),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, control] of [["problem", problem], ["candidate", candidate], ["verdict", verdict]] as const) {
      if (control.value && (name !== "candidate" || reviewer)) next.set(name, control.value);
    }
    location.hash = submissionsHref(next);
  });

  const headings = ["When", ...(reviewer ? ["Candidate"] : []), "Problem", "Language", "Verdict", "Score"];
  const rows = page.items.map((s) => [
    h("a", { href: `#/s/${s.id}` }, when(s.created_at)),
    ...(reviewer ? [s.author ? `${s.author.name || "(no name)"} · ${s.author.key_id}` : "–"] : []),
    names.get(s.problem) ?? s.problem,
    s.language,
    verdictBadge(s.state === "done" ? s.verdict : undefined),
    s.score !== undefined ? `${s.score}${s.max_score !== undefined ? ` / ${s.max_score}` : ""}` : "–",
  ]);
  const paging = h("nav", { class: "paging", "aria-label": "Pages" });
  if (params.get("cursor")) {
    const first = new URLSearchParams(params);
    first.delete("cursor");
    paging.append(h("a", { href: submissionsHref(first) }, "← Newest"));
  }
  if (page.next_cursor) {
    const older = new URLSearchParams(params);
    older.set("cursor", page.next_cursor);
    paging.append(h("a", { href: submissionsHref(older) }, "Older →"));
  }
  const title = reviewer ? "Submissions" : "My submissions";
  main.replaceChildren(
    h("h1", {}, title),
    form,
    page.items.length
      ? table(title, headings, rows, true, reviewer ? [3, 5] : [2, 4])
      : h("p", { class: "message info" }, "No submissions match."),
    paging,
  );
}
