// What every part of a pad page shares: the pad as `GET /v1/pad-links/TOKEN`
// describes it, the documents' shapes, and joining a document over the
// judge's y-websocket endpoint.
//
// The documents (the server's `api/pads/edits.rs` says the same):
// - `code`: a map `files:<language>` per language, file name to Y.Text;
//   everyone edits the texts, the server adds, renames and deletes files.
// - `state`, only the server writes: a map `pad` (`language`, `running`,
//   `judging`, `locked`, `candidate_runs`, `seeded:<language>`,
//   `entry:<language>`), an array `runs` of JSON results, oldest first,
//   and an array `judged` of the submission in progress's tests.
// - `notes`, interviewers only: a text `notes`, a map `scorecard`, and an
//   array `signals` (the candidate page's, written by the server).

import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { call } from "../api";
import type { Growth } from "../types";

export interface PadInfo {
  id: string; title: string; candidate_name: string; problem?: string; language: string;
  created_at: string; ended_at?: string; role: "candidate" | "interviewer";
  links?: { candidate: string; interviewer: string }; languages: { id: string; name: string }[];
  problem_view?: { name: string; statement?: string; samples: { name: string; input: string; output: string }[] };
}

export interface TestResult { name: string; verdict: string; time_ms: number; fuel: number; sample: boolean; score?: number }

/** A run or a submission as the state document keeps it. */
export interface PadRun {
  kind?: "run" | "submit"; by: string; language: string; file?: string; stdin?: string;
  stdin_kept?: boolean; code_seq?: number; started_ms?: number; at_ms: number;
  // Runs.
  status?: string; stdout?: string; stderr?: string; compile_log?: string; time_ms?: number; fuel?: number;
  output?: { stream: "stdout" | "stderr"; text: string }[];
  // Submissions.
  submission?: string; verdict?: string; score?: number; max_score?: number; tests?: TestResult[];
  growth?: Growth;
}

/** The submission in progress, as the server writes it (`judging`; its
 * tests so far are the array `judged`). */
export interface Judging { submission: string; by: string; language: string; total?: number }

export interface Signal { kind: "blur" | "paste"; at_ms: number; duration_ms?: number; chars?: number }

export const COLOURS = ["#0a58ca", "#a40e26", "#116329", "#7d4e00", "#6f1e9c", "#0b6a6a"];

/** The API path of a link's route. */
export function linkPath(token: string, rest = ""): string {
  return `/v1/pad-links/${encodeURIComponent(token)}${rest}`;
}

/** POSTs to a link's route. */
export function post<T = null>(token: string, rest: string, body?: unknown): Promise<T> {
  return call<T>("POST", linkPath(token, rest), body);
}

/** A document joined over the pad's WebSocket; y-websocket stops
 * reconnecting on the server's 44xx codes (pad ended, link refused). */
export function join(token: string, room: string, doc: Y.Doc): WebsocketProvider {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const base = `${scheme}://${location.host}${linkPath(token, "/ws")}`;
  return new WebsocketProvider(base, room, doc, { disableBc: true });
}

/** The runs kept in a state document, oldest first. */
export function runsOf(runs: Y.Array<string>): PadRun[] {
  return runs.toArray().map((json) => JSON.parse(json) as PadRun);
}

/** A plain file name, as the server makes them. */
const PLAIN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** A language's files in a code document, sorted by name: texts under
 * plain names only (what a hostile client put there besides is not shown). */
export function fileNames(doc: Y.Doc, language: string): string[] {
  const files = doc.getMap<unknown>(`files:${language}`);
  return [...files.entries()].filter(([name, value]) => value instanceof Y.Text && PLAIN.test(name))
    .map(([name]) => name).sort();
}
