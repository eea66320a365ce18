// A pad's replay (`#/pad/TOKEN/replay`, the interviewers' link): the pad's
// documents rebuilt from their update logs (`GET .../timeline`) at any step
// of a timeline, with runs, submissions, pastes and focus changes marked;
// playback at 1x to 10x with idle stretches cut to a second; and, at any
// step, a re-run of the code as it was then (`POST .../replay/run`): runs
// are deterministic, so a run's re-run gets the fuel the candidate's got.

import * as Y from "yjs";
import type { EditorView } from "codemirror";
import { call } from "../api";
import { codeView } from "../editor";
import { button, field, h, message, select } from "../ui";
import { runView } from "../pad/runs";
import { signalText } from "../pad/interviewer";
import { type PadRun, type Signal, fileNames, linkPath, post, runsOf } from "../pad/shared";

interface Logged { seq: number; at_ms: number; update: string }
interface Timeline { created_ms: number; ended_ms?: number; code: Logged[]; state: Logged[]; signals: Signal[] }
interface RunResult { status: string; stdout: string; stderr: string; compile_log?: string; fuel: number; time_ms: number }

/** One step of the timeline: an update of the code or of the state. */
interface Step { at_ms: number; room: "code" | "state"; data: Uint8Array; seq: number }

/** Pauses longer than this play as this long: idle stretches skipped. */
const IDLE_MS = 1000;

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString("en");
}

function bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export async function replayPage(main: HTMLElement, token: string, current: () => boolean): Promise<() => void> {
  const timeline = await call<Timeline>("GET", linkPath(token, "/timeline"));
  if (!current()) return () => {};
  const steps: Step[] = [
    ...timeline.code.map((u) => ({ at_ms: u.at_ms, room: "code" as const, data: bytes(u.update), seq: u.seq })),
    ...timeline.state.map((u) => ({ at_ms: u.at_ms, room: "state" as const, data: bytes(u.update), seq: u.seq })),
  ].sort((a, b) => a.at_ms - b.at_ms || (a.room === b.room ? a.seq - b.seq : a.room === "state" ? -1 : 1));
  // The documents at step `at` (the steps before it applied), rebuilt from
  // the start when going back.
  let code = new Y.Doc();
  let state = new Y.Doc();
  let applied = 0;
  let codeSeq = 0;
  const goTo = (at: number) => {
    if (at < applied) {
      code.destroy();
      state.destroy();
      code = new Y.Doc();
      state = new Y.Doc();
      applied = 0;
      codeSeq = 0;
    }
    for (; applied < at; applied++) {
      const step = steps[applied];
      Y.applyUpdate(step.room === "code" ? code : state, step.data);
      if (step.room === "code") codeSeq = Math.max(codeSeq, step.seq);
    }
  };
  // Marks: where the runs ended, and the signals, at their steps.
  const marks: { step: number; label: string; run?: PadRun }[] = [];
  {
    const probe = new Y.Doc();
    let seen = 0;
    const kept = probe.getArray<string>("runs");
    steps.forEach((step, i) => {
      if (step.room !== "state") return;
      Y.applyUpdate(probe, step.data);
      // Runs are only ever appended: only the new ones are read.
      for (; seen < kept.length; seen++) {
        const run = JSON.parse(kept.get(seen)) as PadRun;
        const what = run.kind === "submit" ? `Submission: ${run.verdict}` : `Run ${run.file ?? ""}: ${run.status}`;
        // The code it ran is the code before the run began.
        const ran = run.code_seq !== undefined ? steps.findIndex((s) => s.room === "code" && s.seq > run.code_seq!) : -1;
        marks.push({ step: ran === -1 ? i : ran, label: `${clock(run.started_ms ?? run.at_ms)} · ${what} (by ${run.by})`, run });
      }
    });
    probe.destroy();
    for (const signal of timeline.signals) {
      const at = steps.findIndex((s) => s.at_ms > signal.at_ms);
      marks.push({ step: at === -1 ? steps.length : at, label: signalText(signal) });
    }
    marks.sort((a, b) => a.step - b.step);
  }

  const slider = h("input", { id: "replay-at", type: "range", min: "0", max: String(steps.length), value: String(steps.length),
    list: "replay-marks", "aria-label": "Point in the pad's history" }) as HTMLInputElement;
  // The marked moments as ticks on the slider's track.
  const ticks = h("datalist", { id: "replay-marks" }, ...marks.map((mark) => h("option", { value: String(mark.step) })));
  const when = h("p", { class: "replay-time", "aria-live": "polite" });
  const files = h("div", { class: "files-then" });
  const area = h("div", { class: "editor" });
  const results = h("div", { class: "runs" });
  const stdin = h("textarea", { id: "replay-stdin", rows: "3", spellcheck: "false" }) as HTMLTextAreaElement;
  const rerunOut = h("div", { class: "runs", "aria-live": "polite" });
  let view: EditorView | null = null;
  let openFile = "";
  let original: PadRun | null = null;
  const language = () => (state.getMap<string>("pad").get("language") ?? "");
  const draw = () => {
    const at = Number(slider.value);
    goTo(at);
    const ms = at === 0 ? timeline.created_ms : steps[at - 1].at_ms;
    const minutes = Math.floor((ms - timeline.created_ms) / 60000);
    const seconds = Math.floor(((ms - timeline.created_ms) % 60000) / 1000);
    when.textContent = `Step ${at} of ${steps.length} · ${clock(ms)} (${minutes} min ${seconds} s in)`;
    const lang = language();
    const names = lang ? fileNames(code, lang) : [];
    const entry = state.getMap<string>("pad").get(`entry:${lang}`) ?? names[0] ?? "";
    if (!names.includes(openFile)) openFile = entry;
    files.replaceChildren(...names.map((name) => {
      const pick = h("button", { type: "button", class: name === openFile ? "file open" : "file", "aria-current": String(name === openFile) }, name, name === entry ? " ★" : "");
      pick.addEventListener("click", () => { openFile = name; draw(); });
      return pick;
    }));
    view?.destroy();
    area.replaceChildren();
    view = codeView(area, lang, code.getMap<Y.Text>(`files:${lang}`).get(openFile)?.toString() ?? "");
    const runs = runsOf(state.getArray<string>("runs"));
    results.replaceChildren(...runs.reverse().slice(0, 5).map(runView));
  };
  slider.addEventListener("input", () => { original = null; draw(); });

  let timer: number | null = null;
  const speed = select("replay-speed", [["1", "1x"], ["2", "2x"], ["5", "5x"], ["10", "10x"]], "5");
  const play = button("Play", () => {
    if (timer !== null) return stop();
    if (Number(slider.value) >= steps.length) slider.value = "0";
    play.textContent = "Pause";
    const next = () => {
      const at = Number(slider.value);
      if (at >= steps.length) return stop();
      slider.value = String(at + 1);
      draw();
      const gap = at + 1 < steps.length ? Math.min(steps[at + 1].at_ms - steps[at].at_ms, IDLE_MS) : 0;
      timer = window.setTimeout(next, gap / Number(speed.value));
    };
    next();
  });
  const stop = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    play.textContent = "Play";
  };
  const markList = h("ol", { class: "marks", "aria-label": "Marked moments" }, ...marks.map((mark) => {
    const jump = h("button", { type: "button", class: "link" }, mark.label);
    jump.addEventListener("click", () => {
      stop();
      slider.value = String(mark.step);
      original = mark.run ?? null;
      if (mark.run?.stdin !== undefined) stdin.value = mark.run.stdin;
      if (mark.run?.file) openFile = mark.run.file;
      draw();
    });
    return h("li", {}, jump);
  }));
  const rerun = button("Re-run the code as it was here", async () => {
    rerunOut.replaceChildren(message("Running…", "info"));
    try {
      const result = await post<RunResult>(token, "/replay/run", {
        code_seq: codeSeq, language: original?.language ?? language(), file: openFile, stdin: stdin.value,
      });
      // A run whose input was too long to keep cannot be compared.
      const comparable = original?.fuel !== undefined && original.stdin_kept !== false;
      const same = comparable && original ?
        (original.fuel === result.fuel ? ` · the same fuel as the candidate's run (${original.fuel})` : ` · the candidate's run used ${original.fuel}`) : "";
      rerunOut.replaceChildren(runView({ by: "you (re-run)", language: original?.language ?? language(), file: openFile, at_ms: Date.now(), ...result }),
        h("p", { class: "fuel-then" }, `Fuel ${result.fuel}${same}`));
    } catch (error) {
      rerunOut.replaceChildren(message((error as Error).message));
    }
  });
  main.replaceChildren(
    h("div", { class: "title-row" }, h("h1", {}, "Replay"), h("a", { href: `#/pad/${encodeURIComponent(token)}` }, "Back to the pad")),
    h("div", { class: "replay-controls" }, slider, ticks, h("div", { class: "actions" }, play, field("Speed", speed))),
    when,
    h("div", { class: "split" },
      h("section", { "aria-label": "Code then" }, files, area),
      h("section", { "aria-label": "Moments and runs" },
        h("h2", {}, "Marked moments"), marks.length ? markList : h("p", { class: "muted" }, "No runs or signals."),
        h("h2", {}, "Re-run"), field("Input", stdin), h("div", { class: "actions" }, rerun), rerunOut,
        h("h2", {}, "Results by then"), results)),
  );
  draw();
  return () => { stop(); view?.destroy(); code.destroy(); state.destroy(); };
}
