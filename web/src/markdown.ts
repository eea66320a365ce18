// Markdown as the pages show it (a problem statement, a runbook): its math
// ($…$ and $$…$$, as Kattis statements write it) typeset by KaTeX as
// MathML, which the browser lays out itself (no fonts or style sheet to
// ship, no inline styles to admit), and the whole sanitized: a statement
// is its author's HTML.

import DOMPurify from "dompurify";
import { Marked } from "marked";
import markedKatex from "marked-katex-extension";

const parser = new Marked(markedKatex({ throwOnError: false, output: "mathml", nonStandard: true }));

/** `text` as sanitized HTML in an `<article>`, without a first heading
 * that repeats `title` (the page names it already). */
export async function markdown(text: string | null, title: string): Promise<HTMLElement> {
  const article = document.createElement("article");
  article.className = "statement";
  article.innerHTML = DOMPurify.sanitize(await parser.parse(text ?? "*No statement.*"), {
    FORBID_ATTR: ["style"],
    FORBID_TAGS: ["style"],
  });
  const heading = article.querySelector("h1");
  if (heading && heading.textContent?.trim() === title) heading.remove();
  return article;
}
