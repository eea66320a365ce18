// The problem list: title, difficulty, tags and limits.

import { call } from "../api";
import type { Problem } from "../types";
import { h, table } from "../ui";

export async function problemsPage(main: HTMLElement): Promise<void> {
  const problems = await call<Problem[]>("GET", "/v1/problems");
  main.replaceChildren(
    h("h1", {}, "Problems"),
    table("Problems", ["Problem", "Difficulty", "Tags", "Time (C++)", "Memory", "Kind"], problems.map((p) => [
      h("a", { href: `#/p/${encodeURIComponent(p.slug)}` }, p.name),
      p.difficulty ? h("span", { class: `difficulty d-${p.difficulty}` }, p.difficulty) : "–",
      h("span", { class: "tags" }, ...p.tags.map((tag) => h("span", { class: "tag" }, tag))),
      `${p.time_limit_seconds} s`,
      `${p.memory_mib} MiB`,
      [p.scoring ? "scored" : "pass/fail", p.interactive ? "interactive" : "", p.origin === "uploaded" ? "uploaded" : ""]
        .filter(Boolean).join(", "),
    ]), true, [2, 4, 5]),
  );
}
