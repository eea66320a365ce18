// A live pad (`#/pad/TOKEN`): the link's token is the credential and its
// role decides what the page shows. Everyone edits the code together (Yjs
// over the judge's y-websocket endpoint, bound to CodeMirror with each
// participant's cursor and name), switches the shared language (each
// language keeps its own buffer, its starter put in by the server), and
// runs the code on custom input: the server runs it and writes the result
// into the shared document, so everyone, late joiners too, sees every run.
// The interviewers' link also shows private notes (a separate document the
// candidate's link cannot open), the candidate's link, and End.
//
// The documents: `code` (a `code:<language>` text per language) everyone
// edits; `state`, which only the server writes (a `pad` map: `language`,
// `running`, who started the run in progress, `seeded:<language>`; a
// `runs` array of JSON results, oldest first), so that no one can forge a
// run; and the interviewers' `notes`.

import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { ApiError, call } from "../api";
import { padEditor } from "../editor";
import { button, field, h, message, verdictBadge } from "../ui";

interface PadInfo {
  id: string; title: string; candidate_name: string; problem?: string; language: string;
  created_at: string; ended_at?: string; role: "candidate" | "interviewer";
  links?: { candidate: string; interviewer: string }; languages: { id: string; name: string }[];
}

interface PadRun {
  by: string; language: string; status: string; stdout: string; stderr: string;
  compile_log?: string; time_ms: number; fuel: number; at_ms: number;
}

const COLOURS = ["#0a58ca", "#a40e26", "#116329", "#7d4e00", "#6f1e9c", "#0b6a6a"];

function socketBase(token: string): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/v1/pad-links/${encodeURIComponent(token)}/ws`;
}

/** A document joined over the pad's WebSocket; closes for good on the
 * server's 44xx codes (pad ended, link refused), as y-websocket does. */
function join(token: string, room: string, doc: Y.Doc, name: string, colour: string): WebsocketProvider {
  const provider = new WebsocketProvider(socketBase(token), room, doc, { disableBc: true });
  provider.awareness.setLocalStateField("user", { name, color: colour, colorLight: `${colour}33` });
  return provider;
}

/** Draws the pad unless the reader has moved on by the time it is loaded
 * (`current`); returns what ends its connections. */
export async function padPage(main: HTMLElement, token: string, current: () => boolean): Promise<() => void> {
  const pad = await call<PadInfo>("GET", `/v1/pad-links/${encodeURIComponent(token)}`);
  if (!current()) return () => {};
  const interviewer = pad.role === "interviewer";
  const name = interviewer ? "Interviewer" : pad.candidate_name || "Candidate";
  const doc = new Y.Doc();
  const colour = COLOURS[doc.clientID % COLOURS.length];
  const provider = join(token, "code", doc, name, colour);
  const stateDoc = new Y.Doc();
  const stateProvider = new WebsocketProvider(socketBase(token), "state", stateDoc, { disableBc: true });
  stateProvider.awareness.setLocalState(null);
  const shared = stateDoc.getMap<string>("pad");
  const runs = stateDoc.getArray<string>("runs");
  let ended = Boolean(pad.ended_at);
  let refused = "";
  let stopped = false;

  const state = h("p", { class: "pad-state", role: "status" });
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
  provider.awareness.on("change", drawPeople);
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

  // The code, in the shared language's buffer.
  const language = h("select", { id: "pad-language" }, ...pad.languages.map((l) =>
    h("option", { value: l.id }, l.name))) as HTMLSelectElement;
  const area = h("div", { class: "editor pad-editor" });
  let view: ReturnType<typeof padEditor> | null = null;
  let bound = "";
  const currentLanguage = () => shared.get("language") ?? pad.language;
  // A new view starts from the text as it is, so it is made after the Yjs
  // transaction that changed the language has ended (made inside it, it
  // would receive that transaction's text a second time).
  // The interviewers' controls (the server enforces them too).
  const flag = (name: string) => (shared.get(name) as unknown) as boolean | undefined;
  const lockedForMe = () => !interviewer && flag("locked") === true;
  const runsOffForMe = () => !interviewer && flag("candidate_runs") === false;
  let lockedShown = false;
  const rebind = (force = false) => {
    if (lockedForMe() !== lockedShown) {
      lockedShown = lockedForMe();
      force = true;
    }
    if (stopped || (view && bound === currentLanguage() && !force)) return;
    bound = currentLanguage();
    const focused = view?.hasFocus ?? false;
    view?.destroy();
    language.value = bound;
    view = padEditor(area, bound, doc.getText(`code:${bound}`), provider.awareness, ended || Boolean(refused) || lockedForMe());
    if (focused) view.focus();
  };
  shared.observe(() => { queueMicrotask(() => rebind()); drawRunning(); drawState(); });
  // The server switches it, putting the starter in a new buffer once.
  language.addEventListener("change", () => {
    call("POST", `/v1/pad-links/${encodeURIComponent(token)}/language`, { language: language.value })
      .catch((error: Error) => { state.replaceChildren(message(error.message)); language.value = currentLanguage(); });
  });
  rebind();

  // Runs: started here, run by the server, written into the document.
  const stdin = h("textarea", { id: "pad-stdin", rows: "4", spellcheck: "false" }) as HTMLTextAreaElement;
  const running = h("p", { class: "message info", "aria-live": "polite" });
  const output = h("div", { class: "runs" });
  const drawRunning = () => {
    run.toggleAttribute("disabled", ended || runsOffForMe());
    const by = shared.get("running");
    if (!by && runsOffForMe()) {
      running.textContent = "The interviewer has turned running code off for now.";
      return;
    }
    const last = runs.length ? JSON.parse(runs.get(runs.length - 1)) as PadRun : null;
    running.textContent = by ? `Running… (started by ${by})` :
      last ? `Last run: ${last.status}, by ${last.by}.` : "";
  };
  const drawRuns = () => {
    const all = runs.toArray().map((json) => JSON.parse(json) as PadRun).reverse();
    output.replaceChildren(...all.slice(0, 20).map((run) => h("section", { class: "run" },
      h("p", {}, run.status === "OK" ? h("span", { class: "verdict v-AC" }, "OK") : verdictBadge(run.status),
        ` · ${run.language} · ${run.time_ms.toFixed(1)} ms · run by ${run.by} at ${new Date(run.at_ms).toLocaleTimeString("en")}`),
      run.compile_log ? h("pre", { class: "log" }, run.compile_log) : null,
      h("pre", { class: "stdout" }, run.stdout),
      run.stderr ? h("pre", { class: "stderr", "aria-label": "Errors" }, run.stderr) : null)));
  };
  runs.observe(() => { drawRuns(); drawRunning(); });
  const run = button("Run", async () => {
    try {
      await call("POST", `/v1/pad-links/${encodeURIComponent(token)}/run`, { language: currentLanguage(), stdin: stdin.value, name });
    } catch (error) {
      running.replaceChildren(message((error as Error).message));
    }
  }, { class: "primary" });

  const side: (HTMLElement | null)[] = [
    field("Input for Run", stdin), h("div", { class: "actions" }, run), running, h("h2", {}, "Output"), output,
  ];
  let notesProvider: WebsocketProvider | null = null;
  const notesDocs: Y.Doc[] = [];
  let notesView: ReturnType<typeof padEditor> | null = null;
  if (interviewer) {
    const notesDoc = new Y.Doc();
    notesProvider = join(token, "notes", notesDoc, name, colour);
    const notesArea = h("div", { class: "editor notes" });
    // The notes stay writable after the end: feedback is written then.
    notesView = padEditor(notesArea, "", notesDoc.getText("notes"), notesProvider.awareness, false, "Private notes");
    notesDocs.push(notesDoc);
    const end = button("End the pad", async () => {
      if (!confirm("End the pad? It becomes read-only for everyone.")) return;
      try {
        await call("POST", `/v1/pad-links/${encodeURIComponent(token)}/end`);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        state.replaceChildren(message(error.message));
      }
    });
    const control = (label: (on: boolean) => string, name: string, body: (on: boolean) => object) => {
      const on = () => flag(name) === (name === "locked");
      const toggle = button(label(on()), async () => {
        try {
          await call("POST", `/v1/pad-links/${encodeURIComponent(token)}/controls`, body(!on()));
        } catch (error) {
          state.replaceChildren(message((error as Error).message));
        }
      }, { "aria-pressed": String(on()) });
      shared.observe(() => {
        toggle.textContent = label(on());
        toggle.setAttribute("aria-pressed", String(on()));
      });
      return toggle;
    };
    const lock = control((on) => (on ? "Unlock the editor" : "Lock the editor"), "locked", (on) => ({ locked: on }));
    const runsOff = control((on) => (on ? "Let the candidate run code" : "Turn the candidate's runs off"),
      "candidate_runs", (on) => ({ candidate_runs: !on }));
    const link = pad.links ? `${location.origin}${pad.links.candidate}` : "";
    side.push(
      h("h2", {}, "Notes (interviewers only)"), notesArea,
      h("h2", {}, "Candidate's link"),
      h("input", { id: "candidate-link", type: "text", readonly: "", value: link, "aria-label": "Candidate's link" }),
      h("h2", {}, "Controls"), h("div", { class: "actions" }, lock, runsOff, end));
  }

  main.replaceChildren(
    h("div", { class: "title-row" }, h("h1", {}, pad.title), h("span", { class: "role" }, interviewer ? "Interviewer" : "Candidate")),
    h("p", { class: "limits" }, `Candidate: ${pad.candidate_name || "–"}${pad.problem ? ` · problem ${pad.problem}` : ""}`),
    state, people,
    h("div", { class: "split" },
      h("section", { "aria-label": "Code" }, field("Language", language), area),
      h("section", { "aria-label": "Run and notes" }, ...side)),
  );
  // Once ended, nothing here changes the pad.
  const freeze = () => {
    if (!ended && !refused) return;
    for (const control of [language, stdin, run] as HTMLElement[]) control.setAttribute("disabled", "");
  };
  freeze();
  drawState();
  drawPeople();
  drawRuns();
  drawRunning();
  return () => {
    stopped = true;
    provider.awareness.off("change", drawPeople);
    view?.destroy();
    notesView?.destroy();
    for (const p of [provider, stateProvider, notesProvider]) p?.destroy();
    // Destroying a document ends its awareness's timer too.
    for (const d of [doc, stateDoc, ...notesDocs]) d.destroy();
  };
}
