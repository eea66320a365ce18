// What only the interviewers' link shows: private notes and the scorecard
// (the `notes` document, which the candidate's link cannot open), the
// candidate page's signals (focus lost, large pastes), the candidate's
// link, and the controls: lock the editor, turn the candidate's runs off,
// follow the candidate's cursor, replay, end.

import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { ApiError } from "../api";
import { padEditor } from "../editor";
import { button, h } from "../ui";
import { type PadInfo, type Signal, post } from "./shared";

/** The scorecard's criteria, each rated 1-4 with a comment. */
const CRITERIA = ["Problem solving", "Code quality", "Testing and verification", "Communication"];
const RATINGS: [string, string][] = [["", "Not rated"], ["1", "1 · Strong no"], ["2", "2 · No"], ["3", "3 · Yes"], ["4", "4 · Strong yes"]];

function scorecard(map: Y.Map<string>): { element: HTMLElement; draw(): void } {
  const rows = CRITERIA.map((criterion, i) => {
    const rating = h("select", { id: `rating-${i}`, "aria-label": `${criterion}: rating` },
      ...RATINGS.map(([value, label]) => h("option", { value }, label))) as HTMLSelectElement;
    const comment = h("textarea", { id: `comment-${i}`, rows: "2", "aria-label": `${criterion}: comment`, placeholder: "Evidence, examples…" }) as HTMLTextAreaElement;
    rating.addEventListener("change", () => map.set(`${criterion}:rating`, rating.value));
    comment.addEventListener("input", () => map.set(`${criterion}:comment`, comment.value));
    const draw = () => {
      rating.value = map.get(`${criterion}:rating`) ?? "";
      // Not while it is being typed in: the typist's text is the newest.
      if (document.activeElement !== comment) comment.value = map.get(`${criterion}:comment`) ?? "";
    };
    return { element: h("div", { class: "criterion" }, h("label", { for: `rating-${i}` }, criterion), rating, comment), draw };
  });
  return {
    element: h("div", { class: "scorecard" }, ...rows.map((row) => row.element)),
    draw: () => rows.forEach((row) => row.draw()),
  };
}

/** A signal, said for a person. */
export function signalText(signal: Signal): string {
  const at = new Date(signal.at_ms).toLocaleTimeString("en");
  return signal.kind === "blur"
    ? `${at} · the candidate's tab lost focus for ${Math.round((signal.duration_ms ?? 0) / 1000)} s`
    : `${at} · the candidate pasted ${signal.chars} characters`;
}

export interface InterviewerPanel {
  elements: HTMLElement[];
  following(): boolean;
  destroy(): void;
}

/** The interviewers' side panel; `notesProvider` joined `notesDoc`. */
export function interviewerPanel(token: string, pad: PadInfo, shared: Y.Map<unknown>, notesDoc: Y.Doc,
  notesProvider: WebsocketProvider, say: (error: Error) => void): InterviewerPanel {
  const notesArea = h("div", { class: "editor notes" });
  // The notes stay writable after the end: feedback is written then.
  const notesView = padEditor(notesArea, "", notesDoc.getText("notes"), notesProvider.awareness, false, "Private notes");
  const card = scorecard(notesDoc.getMap<string>("scorecard"));
  notesDoc.getMap("scorecard").observe(card.draw);
  card.draw();
  const signals = notesDoc.getArray<string>("signals");
  const signalList = h("ul", { class: "signals", "aria-label": "Signals" });
  const drawSignals = () => {
    const all = signals.toArray().map((json) => JSON.parse(json) as Signal);
    signalList.replaceChildren(...(all.length ? all.reverse().slice(0, 50).map((s) => h("li", {}, signalText(s))) :
      [h("li", { class: "muted" }, "None yet: the candidate's page reports when its tab loses focus and large pastes.")]));
  };
  signals.observe(drawSignals);
  drawSignals();

  const flag = (name: string) => shared.get(name) as boolean | undefined;
  const control = (label: (on: boolean) => string, name: string, body: (on: boolean) => object) => {
    const on = () => flag(name) === (name === "locked");
    const toggle = button(label(on()), async () => {
      try {
        await post(token, "/controls", body(!on()));
      } catch (error) {
        say(error as Error);
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
  let follow = false;
  const followButton = button("Follow the candidate", () => {
    follow = !follow;
    followButton.setAttribute("aria-pressed", String(follow));
  }, { "aria-pressed": "false" });
  const end = button("End the pad", async () => {
    if (!confirm("End the pad? It becomes read-only for everyone.")) return;
    try {
      await post(token, "/end");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      say(error);
    }
  });
  const replay = h("a", { href: `#/pad/${encodeURIComponent(token)}/replay`, class: "button-link" }, "Replay");
  const link = pad.links ? `${location.origin}${pad.links.candidate}` : "";
  return {
    elements: [
      h("h2", {}, "Notes (interviewers only)"), notesArea,
      h("h2", {}, "Scorecard"), card.element,
      h("h2", {}, "Signals"), signalList,
      h("h2", {}, "Candidate's link"),
      h("input", { id: "candidate-link", type: "text", readonly: "", value: link, "aria-label": "Candidate's link" }),
      h("h2", {}, "Controls"), h("div", { class: "actions" }, lock, runsOff, followButton, replay, end),
    ],
    following: () => follow,
    destroy: () => notesView.destroy(),
  };
}

