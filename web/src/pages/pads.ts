// Pads (interviewers): create one (title, candidate, an optional problem,
// a language) and get its two links; the active and the ended pads, a page
// at a time.

import { call } from "../api";
import type { Language, Problem } from "../types";
import { field, h, message, select, table, when } from "../ui";

interface Pad {
  id: string; title: string; candidate_name: string; problem?: string; language: string;
  created_at: string; ended_at?: string; links?: { candidate: string; interviewer: string };
}

export async function padsPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const ended = params.get("state") === "ended";
  const query = new URLSearchParams({ state: ended ? "ended" : "active" });
  const cursor = params.get("cursor");
  if (cursor) query.set("cursor", cursor);
  const [page, problems, languages] = await Promise.all([
    call<{ items: Pad[]; next_cursor?: string }>("GET", `/v1/pads?${query}`),
    call<Problem[]>("GET", "/v1/problems"),
    call<Language[]>("GET", "/v1/languages"),
  ]);
  const title = h("input", { id: "pad-title", type: "text", required: "", maxlength: "200" }) as HTMLInputElement;
  const candidate = h("input", { id: "pad-candidate", type: "text", maxlength: "200" }) as HTMLInputElement;
  const problem = select("pad-problem", [["", "None (a blank pad)"], ...problems.map((p): [string, string] => [p.slug, p.name])], "");
  const language = select("pad-new-language", languages.filter((l) => l.available).map((l): [string, string] => [l.id, l.name]), "python");
  const made = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "filters", "aria-label": "New pad" },
    field("Title", title), field("Candidate", candidate), field("Problem", problem), field("Language", language),
    h("button", { type: "submit" }, "Create pad"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const pad = await call<Pad>("POST", "/v1/pads", {
        title: title.value, candidate_name: candidate.value, language: language.value,
        ...(problem.value ? { problem: problem.value } : {}),
      });
      location.hash = pad.links?.interviewer.replace(/^\/#/, "#") ?? "#/pads";
    } catch (error) {
      made.replaceChildren(message((error as Error).message));
    }
  });
  const rows = page.items.map((pad) => [
    pad.links ? h("a", { href: pad.links.interviewer.replace(/^\//, "") }, pad.title) : pad.title,
    pad.candidate_name || "–", pad.problem ?? "–", pad.language, when(pad.created_at),
    pad.ended_at ? `ended ${when(pad.ended_at)}` : "active",
  ]);
  const other = new URLSearchParams(ended ? {} : { state: "ended" });
  const paging = h("nav", { class: "paging", "aria-label": "Pages" },
    h("a", { href: `#/pads${other.size ? `?${other}` : ""}` }, ended ? "Active pads" : "Ended pads"));
  if (page.next_cursor) {
    const next = new URLSearchParams(params);
    next.set("cursor", page.next_cursor);
    paging.append(h("a", { href: `#/pads?${next}` }, "Older →"));
  }
  main.replaceChildren(
    h("h1", {}, "Pads"), form, made,
    h("h2", {}, ended ? "Ended pads" : "Active pads"),
    rows.length ? table("Pads", ["Pad", "Candidate", "Problem", "Language", "Created", "State"], rows, true, [2, 3])
      : h("p", { class: "message info" }, ended ? "No pad has ended yet." : "No active pad."),
    paging);
}
