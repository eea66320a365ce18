// An alert's runbook (ops/runbooks/, built into the judge), for admins.

import { call } from "../api";
import { markdown } from "../markdown";
import { h } from "../ui";

export async function runbookPage(main: HTMLElement, alert: string): Promise<void> {
  const runbook = await call<{ alert: string; markdown: string }>("GET", `/v1/status/runbooks/${encodeURIComponent(alert)}`);
  const article = await markdown(runbook.markdown, "");
  if (!article.querySelector("h1")) article.prepend(h("h1", {}, runbook.alert));
  main.replaceChildren(h("p", {}, h("a", { href: "#/status" }, "← Status")), article);
}
