// A live pad (`#/pad/TOKEN`): the link's token is the credential and its
// role decides what the page shows. Everyone edits the code together (Yjs
// over the judge's y-websocket endpoint, bound to CodeMirror with each
// participant's cursor and name), in files of the shared language (each
// language keeps its own files, its starter or the problem's starter
// codebase put in by the server); runs the entry point or another file
// (the candidate's own tests) on custom input, or submits against the
// problem's hidden tests: the server runs them and writes the progress and
// results into the shared state, so everyone, late joiners too, sees them.
// The candidate's page reports when its tab loses focus and large pastes;
// the interviewers' page shows them, with private notes, a scorecard and
// the controls (`../pad/interviewer.ts`). Document shapes: `../pad/shared.ts`.

import * as Y from "yjs";
import { EditorView } from "codemirror";
import { call } from "../api";
import { padEditor } from "../editor";
import { markdown } from "../markdown";
import { button, field, h, message, sampleTable, select } from "../ui";
import { fileTree } from "../pad/files";
import { interviewerPanel, type InterviewerPanel } from "../pad/interviewer";
import { runsPane } from "../pad/runs";
import { COLOURS, type PadInfo, join, linkPath, post } from "../pad/shared";

/** Pastes of at least this many characters are reported to the interviewers. */
const LARGE_PASTE = 200;
/** Absences of at least this long are reported. */
const LONG_BLUR_MS = 2000;

/** Reports the candidate's focus changes and large pastes into `area`;
 * returns what stops it. */
function reportSignals(token: string, area: HTMLElement): () => void {
  let away: number | null = null;
  const send = (body: object) => { post(token, "/signals", body).catch(() => {}); };
  const blur = () => { if (away === null) away = Date.now(); };
  const focus = () => {
    if (away === null) return;
    const duration = Date.now() - away;
    away = null;
    if (duration >= LONG_BLUR_MS) send({ kind: "blur", duration_ms: duration });
  };
  const visibility = () => (document.hidden ? blur() : focus());
  const paste = (event: ClipboardEvent) => {
    const chars = event.clipboardData?.getData("text/plain").length ?? 0;
    if (chars >= LARGE_PASTE) send({ kind: "paste", chars });
  };
  window.addEventListener("blur", blur);
  window.addEventListener("focus", focus);
  document.addEventListener("visibilitychange", visibility);
  area.addEventListener("paste", paste, true);
  return () => {
    window.removeEventListener("blur", blur);
    window.removeEventListener("focus", focus);
    document.removeEventListener("visibilitychange", visibility);
  };
}

/** Draws the pad unless the reader has moved on by the time it is loaded
 * (`current`); returns what ends its connections. */
export async function padPage(main: HTMLElement, token: string, current: () => boolean): Promise<() => void> {
  const pad = await call<PadInfo>("GET", linkPath(token));
  const statement = pad.problem_view ? await markdown(pad.problem_view.statement ?? null, pad.problem_view.name) : null;
  if (!current()) return () => {};
  const interviewer = pad.role === "interviewer";
  const name = interviewer ? "Interviewer" : pad.candidate_name || "Candidate";
  const doc = new Y.Doc();
  const colour = COLOURS[doc.clientID % COLOURS.length];
  const provider = join(token, "code", doc);
  provider.awareness.setLocalStateField("user", { name, color: colour, colorLight: `${colour}33`, role: pad.role });
  const stateDoc = new Y.Doc();
  const stateProvider = join(token, "state", stateDoc);
  stateProvider.awareness.setLocalState(null);
  const shared = stateDoc.getMap<unknown>("pad");
  const runs = stateDoc.getArray<string>("runs");
  let ended = Boolean(pad.ended_at);
  let refused = "";
  let stopped = false;

  const state = h("p", { class: "pad-state", role: "status" });
  const say = (error: Error) => state.replaceChildren(message(error.message));
  const people = h("ul", { class: "people", "aria-label": "In the pad" });
  const drawPeople = () => {
    const seen = [...provider.awareness.getStates().values()]
      .map((s) => (s as { user?: { name: string; color: string } }).user)
      .filter((u): u is { name: string; color: string } => Boolean(u));
    people.replaceChildren(...seen.map((u) => {
      const dot = h("span", { class: "dot", "aria-hidden": "true" });
      dot.style.backgroundColor = u.color;
      return h("li", {}, dot, u.name);
    }));
  };
  const flag = (key: string) => shared.get(key) as boolean | undefined;
  const lockedForMe = () => !interviewer && flag("locked") === true;
  const runsOffForMe = () => !interviewer && flag("candidate_runs") === false;
  const drawState = () => {
    state.textContent = ended ? "This pad has ended: it is read-only." :
      lockedForMe() ? "The interviewer has locked the editor: you can read the code, not change it." :
      refused ? `The server closed the editor (${refused}): it is read-only here; reload to try again.` :
      provider.wsconnected ? "Connected: changes are shared as you type." : "Connecting…";
  };
  provider.on("status", drawState);
  // 4400-4499: the server will not take this page's changes (y-websocket
  // stops reconnecting); the editor says so and stops taking them too.
  provider.on("connection-close", (event: CloseEvent | null) => {
    if (!event || event.code < 4400 || event.code > 4499) return;
    if (event.code === 4410) ended = true;
    else refused = event.reason || `code ${event.code}`;
    drawState();
    rebind(true);
    freeze();
  });

  // The shared language's files, the one open here in the editor.
  const language = h("select", { id: "pad-language" }, ...pad.languages.map((l) =>
    h("option", { value: l.id }, l.name))) as HTMLSelectElement;
  const currentLanguage = () => (shared.get("language") as string | undefined) ?? pad.language;
  const area = h("div", { class: "editor pad-editor" });
  let view: EditorView | null = null;
  let bound: Y.Text | null = null;
  let lockedShown = false;
  const tree = fileTree(token, doc, shared, currentLanguage, () => queueMicrotask(() => { rebind(); drawButtons(); }));
  const openText = () => doc.getMap<Y.Text>(`files:${currentLanguage()}`).get(tree.open()) ?? null;
  // A new view starts from the text as it is, so it is made after the Yjs
  // transaction that changed the files has ended (made inside it, it would
  // receive that transaction's text a second time).
  const rebind = (force = false) => {
    if (lockedForMe() !== lockedShown) {
      lockedShown = lockedForMe();
      force = true;
    }
    const text = openText();
    if (stopped || (view && bound === text && !force)) return;
    bound = text;
    const focused = view?.hasFocus ?? false;
    view?.destroy();
    view = null;
    language.value = currentLanguage();
    provider.awareness.setLocalStateField("file", `${currentLanguage()}/${tree.open()}`);
    if (!text) {
      area.replaceChildren(h("p", { class: "muted" }, "No file open."));
      return;
    }
    area.replaceChildren();
    view = padEditor(area, currentLanguage(), text, provider.awareness,
      ended || Boolean(refused) || lockedForMe(), `Shared code: ${tree.open()}`);
    if (focused) view.focus();
  };
  doc.on("afterTransaction", () => { tree.draw(); queueMicrotask(() => { rebind(); drawButtons(); }); });
  shared.observe(() => { tree.draw(); queueMicrotask(() => rebind()); pane.draw(); drawButtons(); drawState(); });
  // The server switches it, putting the starter in new files once.
  language.addEventListener("change", () => {
    post(token, "/language", { language: language.value })
      .catch((error: Error) => { say(error); language.value = currentLanguage(); });
  });

  // Run and Submit: started here, done by the server, written into the state.
  const stdin = h("textarea", { id: "pad-stdin", rows: "4", spellcheck: "false" }) as HTMLTextAreaElement;
  const samples = pad.problem_view?.samples ?? [];
  const sample = samples.length ? select("pad-sample", [["", "Choose…"], ...samples.map((s, i): [string, string] => [String(i), s.name])], "") : null;
  sample?.addEventListener("change", () => {
    if (sample.value !== "") stdin.value = samples[Number(sample.value)].input;
    sample.value = "";
  });
  const judged = stateDoc.getArray<string>("judged");
  const pane = runsPane(shared, runs, judged);
  judged.observe(() => pane.draw());
  const entry = () => (shared.get(`entry:${currentLanguage()}`) as string | undefined) ?? "";
  const start = async (path: string, body: object) => {
    try {
      await post(token, path, { language: currentLanguage(), name, ...body });
    } catch (error) {
      pane.running.replaceChildren(message((error as Error).message));
    }
  };
  const run = button("Run", () => start("/run", { stdin: stdin.value }), { class: "primary" });
  const runFile = button("Run this file", () => start("/run", { stdin: stdin.value, file: tree.open() }));
  const submit = pad.problem ? button("Submit", () => start("/submit", {})) : null;
  const drawButtons = () => {
    const busy = Boolean(shared.get("running"));
    const off = ended || Boolean(refused) || runsOffForMe();
    run.toggleAttribute("disabled", off || busy);
    run.textContent = entry() ? `Run ${entry()}` : "Run";
    runFile.textContent = `Run ${tree.open()}`;
    runFile.hidden = tree.open() === entry();
    runFile.toggleAttribute("disabled", off || busy);
    submit?.toggleAttribute("disabled", off || busy);
    tree.disable(ended || Boolean(refused) || lockedForMe());
    if (!busy && runsOffForMe()) pane.running.textContent = "The interviewer has turned running code off for now.";
  };
  runs.observe(() => { pane.draw(); drawButtons(); });

  const side: HTMLElement[] = [
    ...(sample ? [field("Fill the input with a sample", sample)] : []),
    field("Input for Run", stdin), h("div", { class: "actions" }, run, runFile, ...(submit ? [submit] : [])),
    pane.running, h("h2", {}, "Output"), pane.element,
  ];
  let panel: InterviewerPanel | null = null;
  let notesDoc: Y.Doc | null = null;
  let notesProvider: ReturnType<typeof join> | null = null;
  let stopSignals = () => {};
  if (interviewer) {
    notesDoc = new Y.Doc();
    notesProvider = join(token, "notes", notesDoc);
    notesProvider.awareness.setLocalStateField("user", { name, color: colour, colorLight: `${colour}33` });
    panel = interviewerPanel(token, pad, shared, notesDoc, notesProvider, say);
    side.push(...panel.elements);
  } else {
    stopSignals = reportSignals(token, area);
  }
  // Following the candidate: their file opens here and their cursor stays in view.
  const follow = () => {
    if (!panel?.following()) return;
    for (const s of provider.awareness.getStates().values()) {
      const other = s as { user?: { role?: string }; file?: string; cursor?: { head: unknown } };
      if (other.user?.role !== "candidate" || !other.file) continue;
      const [lang, file] = other.file.split("/", 2);
      if (lang === currentLanguage()) tree.show(file);
      const head = other.cursor?.head;
      if (!head || !view) continue;
      const at = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(head), doc);
      if (at && at.index <= view.state.doc.length) {
        view.dispatch({ effects: EditorView.scrollIntoView(at.index, { y: "center" }) });
      }
    }
  };
  const awarenessChanged = () => { drawPeople(); follow(); };
  provider.awareness.on("change", awarenessChanged);

  // The problem, folded: the editor stays in view.
  const problem = pad.problem_view ? h("details", { class: "pad-problem" },
    h("summary", {}, `Problem: ${pad.problem_view.name}`),
    statement,
    ...pad.problem_view.samples.map(sampleTable)) : null;
  main.replaceChildren(
    h("div", { class: "title-row" }, h("h1", {}, pad.title), h("span", { class: "role" }, interviewer ? "Interviewer" : "Candidate")),
    h("p", { class: "limits" }, `Candidate: ${pad.candidate_name || "–"}${pad.problem ? ` · problem ${pad.problem}` : ""}`),
    ...(problem ? [problem] : []),
    state, people,
    h("div", { class: "split" },
      h("section", { "aria-label": "Code" }, field("Language", language), tree.element, area),
      h("section", { "aria-label": "Run and notes" }, ...side)),
  );
  // Once ended, nothing here changes the pad.
  const freeze = () => {
    if (!ended && !refused) return;
    for (const control of [language, stdin] as HTMLElement[]) control.setAttribute("disabled", "");
    drawButtons();
  };
  freeze();
  drawState();
  drawPeople();
  tree.draw();
  rebind();
  pane.draw();
  drawButtons();
  return () => {
    stopped = true;
    stopSignals();
    provider.awareness.off("change", awarenessChanged);
    view?.destroy();
    panel?.destroy();
    for (const p of [provider, stateProvider, notesProvider]) p?.destroy();
    // Destroying a document ends its awareness's timer too.
    for (const d of [doc, stateDoc, notesDoc]) d?.destroy();
  };
}
