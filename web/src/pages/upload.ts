// Problem upload (interviewers): a Kattis package as a zip, verified on the
// server like `judge verify` (every example submission judged) before it is
// accepted. A rejected package's errors are shown under the file each is about.

import { ApiError, upload } from "../api";
import type { Problem } from "../types";
import { field, h, message } from "../ui";

/** Errors by the package file they begin with (`submissions/accepted/a.py:
 * expected AC, got WA`, `data/secret/2.in has no 2.ans beside it`); the
 * rest under "the package". */
export function byFile(errors: string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const error of errors) {
    const found = error.match(/^([\w.@+-]+(?:\/[\w.@+-]+)+|[\w@+-]+\.\w+)(?::\s+|\s+)([\s\S]+)$/);
    const [file, text] = found ? [found[1], found[2]] : ["the package", error];
    groups.set(file, [...(groups.get(file) ?? []), text]);
  }
  return groups;
}

export function uploadPage(main: HTMLElement): void {
  const file = h("input", { id: "package", type: "file", accept: ".zip,application/zip", required: "" }) as HTMLInputElement;
  const slug = h("input", { id: "slug", type: "text", pattern: "[a-z0-9-]{1,64}", spellcheck: "false",
    "aria-describedby": "slug-help" }) as HTMLInputElement;
  const outcome = h("div", { "aria-live": "polite" });
  const send = h("button", { type: "submit" }, "Upload and verify") as HTMLButtonElement;
  const form = h("form", { class: "card" },
    field("Package (zip)", file),
    field("Slug (optional)", slug),
    h("p", { id: "slug-help", class: "hint" }, "Lowercase letters, digits and dashes; default: the package's folder name."),
    send, outcome);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const zip = file.files?.[0];
    if (!zip) return;
    send.disabled = true;
    outcome.replaceChildren(message("Verifying: every example submission is judged, which can take a minute…", "info"));
    try {
      const path = slug.value ? `/v1/problems?slug=${encodeURIComponent(slug.value)}` : "/v1/problems";
      const problem = await upload<Problem>(path, zip);
      outcome.replaceChildren(h("p", { class: "message ok", role: "status" }, "Accepted: ",
        h("a", { href: `#/p/${encodeURIComponent(problem.slug)}` }, problem.name), ` (${problem.slug}).`));
    } catch (error) {
      const failed = error as Error;
      const parts: HTMLElement[] = [message(failed.message)];
      if (error instanceof ApiError && error.errors.length) {
        const list = h("dl", { class: "errors" });
        for (const [path, texts] of byFile(error.errors)) {
          list.append(h("dt", {}, h("code", {}, path)), ...texts.map((text) => h("dd", {}, h("pre", {}, text))));
        }
        parts.push(list);
      }
      outcome.replaceChildren(...parts);
    } finally {
      send.disabled = false;
    }
  });
  main.replaceChildren(
    h("h1", {}, "Upload a problem"),
    h("p", {}, "A problem package in the Kattis format (problem.yaml, statement, data/sample, data/secret, submissions/), zipped."),
    form);
}
