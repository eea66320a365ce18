// The web app: sign in with a key, the problem list, a problem page
// (statement, editor, Run, Submit with live per-test progress), my
// submissions. Pages are chosen by the URL's hash; every number and verdict
// comes from /v1.

import DOMPurify from "dompurify";
import { marked } from "marked";
import { ApiError, call, signIn, signOut, whoami, type Session } from "./api";
import { editor } from "./editor";

interface Problem {
  slug: string; name: string; time_limit_seconds: number; memory_mib: number;
  scoring: boolean; interactive: boolean;
}
interface ProblemFull extends Problem {
  statement: string | null; samples: { name: string; input: string; output: string }[]; secret_tests: number;
}
interface Language { id: string; name: string; available: boolean }
interface Test {
  name: string; verdict: string; fuel: number; time_ms: number; memory_bytes: number; sample: boolean;
  input?: string; expected?: string; output?: string; message?: string;
}
interface Submission {
  id: string; state: string; problem: string; language: string; verdict?: string; score?: number;
  fuel_limit?: number; tests?: Test[]; compile_log?: string; created_at: string;
}

const VERDICTS: Record<string, string> = {
  AC: "Accepted", WA: "Wrong answer", TLE: "Time limit exceeded", MLE: "Memory limit exceeded",
  OLE: "Output limit exceeded", RTE: "Run-time error", CE: "Compile error", IE: "Internal error",
};

const main = document.getElementById("main") as HTMLElement;
const top = document.getElementById("top") as HTMLElement;
let session: Session | null = null;

/** An element with attributes and children; text is always text, never HTML. */
function h(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

function verdictBadge(code: string | undefined): HTMLElement {
  const name = code ? `${code} · ${VERDICTS[code] ?? code}` : "pending";
  return h("span", { class: `verdict v-${code ?? "pending"}` }, name);
}

function message(text: string, kind: "error" | "info" = "error"): HTMLElement {
  return h("p", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

function header(): void {
  top.replaceChildren(
    h("nav", { "aria-label": "Main" },
      h("a", { href: "#/", class: "brand" }, "judge"),
      session ? h("a", { href: "#/" }, "Problems") : null,
      session ? h("a", { href: "#/mine" }, "My submissions") : null,
      h("span", { class: "spacer" }),
      session ? h("span", { class: "who" }, `${session.role} ${session.key_id}`) : null,
      session ? button("Sign out", async () => { await signOut(); session = null; location.hash = "#/signin"; }) : null,
    ),
  );
}

function button(label: string, onclick: () => void | Promise<void>, attrs: Record<string, string> = {}): HTMLElement {
  const element = h("button", { type: "button", ...attrs }, label);
  element.addEventListener("click", () => void onclick());
  return element;
}

function signInPage(): void {
  const input = h("input", { id: "key", type: "password", autocomplete: "off", required: "", spellcheck: "false" }) as HTMLInputElement;
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card narrow" },
    h("h1", {}, "Sign in"),
    h("p", {}, "Paste the key your interviewer sent you. It is exchanged for a session; the key itself is not kept in the browser."),
    h("label", { for: "key" }, "API key"), input,
    h("button", { type: "submit" }, "Sign in"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      session = await signIn(input.value);
      location.hash = "#/";
    } catch (error) {
      status.replaceChildren(message((error as Error).message));
    }
  });
  main.replaceChildren(form);
}

async function problemsPage(): Promise<void> {
  const problems = await call<Problem[]>("GET", "/v1/problems");
  const rows = problems.map((p) =>
    h("tr", {},
      h("td", {}, h("a", { href: `#/p/${encodeURIComponent(p.slug)}` }, p.name)),
      h("td", {}, `${p.time_limit_seconds} s`),
      h("td", {}, `${p.memory_mib} MiB`),
      h("td", {}, [p.scoring ? "scored" : "pass/fail", p.interactive ? "interactive" : ""].filter(Boolean).join(", ")),
    ),
  );
  main.replaceChildren(
    h("h1", {}, "Problems"),
    h("table", {},
      h("caption", { class: "sr-only" }, "Problems"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Problem"), h("th", { scope: "col" }, "Time"),
        h("th", { scope: "col" }, "Memory"), h("th", { scope: "col" }, "Kind"))),
      h("tbody", {}, ...rows)),
  );
}

/** The first line where `got` and `want` differ, for a failing sample. */
function firstDifference(got: string, want: string): string {
  const a = got.split("\n"), b = want.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? "").trimEnd() !== (b[i] ?? "").trimEnd()) {
      return `line ${i + 1}: expected "${b[i] ?? "(end of output)"}", got "${a[i] ?? "(end of output)"}"`;
    }
  }
  return "outputs differ in white space only";
}

function testRows(tests: Test[], fuelLimit?: number): HTMLElement {
  const body = h("tbody", {});
  for (const test of tests) {
    body.append(h("tr", {},
      h("th", { scope: "row" }, test.name),
      h("td", {}, verdictBadge(test.verdict)),
      h("td", {}, `${test.time_ms.toFixed(1)} ms`),
      h("td", {}, `${(test.memory_bytes / 1048576).toFixed(1)} MiB`),
      h("td", {}, fuelLimit ? `${test.fuel.toLocaleString("en")} of ${fuelLimit.toLocaleString("en")}` : test.fuel.toLocaleString("en")),
    ));
    if (test.sample && test.verdict === "WA" && test.output !== undefined && test.expected !== undefined) {
      body.append(h("tr", { class: "detail" }, h("td", { colspan: "5" },
        h("p", {}, firstDifference(test.output, test.expected)),
        h("div", { class: "diff" },
          h("div", {}, h("h4", {}, "Input"), h("pre", {}, test.input ?? "")),
          h("div", {}, h("h4", {}, "Expected"), h("pre", {}, test.expected)),
          h("div", {}, h("h4", {}, "Your output"), h("pre", {}, test.output))))));
    }
  }
  return h("table", { class: "tests" },
    h("caption", {}, "Tests"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Test"), h("th", { scope: "col" }, "Verdict"),
      h("th", { scope: "col" }, "Time"), h("th", { scope: "col" }, "Memory"), h("th", { scope: "col" }, "Fuel"))),
    body);
}

function showSubmission(target: HTMLElement, submission: Submission): void {
  const parts: HTMLElement[] = [
    h("p", { class: "summary" }, "Verdict: ", verdictBadge(submission.state === "done" ? submission.verdict : undefined),
      submission.score !== undefined ? ` · score ${submission.score}` : "", ` · ${submission.language} · ${submission.state}`),
  ];
  if (submission.compile_log) parts.push(h("pre", { class: "log" }, submission.compile_log));
  if (submission.tests?.length) parts.push(testRows(submission.tests, submission.fuel_limit));
  target.replaceChildren(...parts);
}

/** Follows a submission's events until it is done, redrawing as tests come. */
function follow(id: string, target: HTMLElement): void {
  const redraw = async () => showSubmission(target, await call<Submission>("GET", `/v1/submissions/${id}`));
  const events = new EventSource(`/v1/submissions/${id}/events`);
  events.onmessage = () => void redraw();
  for (const kind of ["test", "state", "done"]) events.addEventListener(kind, () => void redraw());
  events.addEventListener("done", () => events.close());
  events.onerror = () => { events.close(); void redraw(); };
  void redraw();
}

async function problemPage(slug: string): Promise<void> {
  const [problem, languages] = await Promise.all([
    call<ProblemFull>("GET", `/v1/problems/${encodeURIComponent(slug)}`),
    call<Language[]>("GET", "/v1/languages"),
  ]);
  const available = languages.filter((l) => l.available);
  const statement = h("article", { class: "statement" });
  // A package's statement is its author's HTML: sanitized, and no styles.
  statement.innerHTML = DOMPurify.sanitize(await marked.parse(problem.statement ?? "*No statement.*"), {
    FORBID_ATTR: ["style"],
    FORBID_TAGS: ["style"],
  });
  // The page's own heading names the problem: a statement's title would repeat it.
  const title = statement.querySelector("h1");
  if (title && title.textContent?.trim() === problem.name) title.remove();
  const samples = problem.samples.map((s) =>
    h("table", { class: "sample" },
      h("caption", {}, s.name),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Input"), h("th", { scope: "col" }, "Output"))),
      h("tbody", {}, h("tr", {}, h("td", {}, h("pre", {}, s.input)), h("td", {}, h("pre", {}, s.output))))));
  const remembered = localStorage.getItem("language");
  const start = available.find((l) => l.id === remembered)?.id ?? available[0]?.id ?? "python";
  const select = h("select", { id: "language" }, ...available.map((l) =>
    h("option", { value: l.id, ...(l.id === start ? { selected: "" } : {}) }, l.name))) as HTMLSelectElement;
  const area = h("div", { class: "editor" });
  const code = editor(area, slug, start);
  select.addEventListener("change", () => { localStorage.setItem("language", select.value); code.setLanguage(select.value); });
  const stdin = h("textarea", { id: "stdin", rows: "4", spellcheck: "false" }, problem.samples[0]?.input ?? "") as HTMLTextAreaElement;
  const output = h("div", { class: "output", "aria-live": "polite" });
  const result = h("div", { class: "result", "aria-live": "polite" });
  const source = () => code.view.state.doc.toString();

  const run = button("Run", async () => {
    output.replaceChildren(message("Running…", "info"));
    try {
      const ran = await call<{ status: string; stdout: string; stderr: string; compile_log?: string; time_ms: number }>(
        "POST", "/v1/runs", { language: select.value, source: source(), stdin: stdin.value });
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
      const queued = await call<{ id: string }>("POST", "/v1/submissions",
        { problem: slug, language: select.value, source: source() });
      follow(queued.id, result);
    } catch (error) {
      result.replaceChildren(message((error as Error).message));
    }
  }, { class: "primary" });

  main.replaceChildren(
    h("h1", {}, problem.name),
    h("p", { class: "limits" }, `Time ${problem.time_limit_seconds} s · memory ${problem.memory_mib} MiB · ${problem.secret_tests} hidden tests`),
    h("div", { class: "split" },
      h("section", { "aria-label": "Statement" }, statement, ...samples),
      h("section", { "aria-label": "Solution" },
        h("label", { for: "language" }, "Language"), select,
        area,
        h("label", { for: "stdin" }, "Input for Run"), stdin,
        h("div", { class: "actions" }, run, submit),
        output, result)),
  );
}

async function minePage(): Promise<void> {
  const page = await call<{ items: Submission[] }>("GET", "/v1/submissions?limit=50");
  main.replaceChildren(
    h("h1", {}, "My submissions"),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Problem"),
        h("th", { scope: "col" }, "Language"), h("th", { scope: "col" }, "Verdict"))),
      h("tbody", {}, ...page.items.map((s) => h("tr", {},
        h("td", {}, new Date(s.created_at).toLocaleString("en")),
        h("td", {}, s.problem), h("td", {}, s.language),
        h("td", {}, verdictBadge(s.state === "done" ? s.verdict : undefined)))))),
  );
}

async function route(): Promise<void> {
  if (session === null) session = await whoami();
  header();
  const path = location.hash.replace(/^#/, "") || "/";
  if (!session && path !== "/signin") {
    location.hash = "#/signin";
    return;
  }
  try {
    if (path === "/signin") signInPage();
    else if (path.startsWith("/p/")) await problemPage(decodeURIComponent(path.slice(3)));
    else if (path === "/mine") await minePage();
    else await problemsPage();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session = null;
      location.hash = "#/signin";
      return;
    }
    main.replaceChildren(message((error as Error).message));
  }
  main.focus();
}

window.addEventListener("hashchange", () => void route());
void route();
