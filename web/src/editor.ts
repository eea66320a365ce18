// The code editor: CodeMirror 6 with the highlighting of each language the
// judge has, and the last draft kept per problem and language (a new one
// starts with the language's starter, from `GET /v1/languages`).

import { basicSetup, EditorView } from "codemirror";
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type LanguageSupport } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { cpp } from "@codemirror/lang-cpp";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { rust } from "@codemirror/lang-rust";
import { go } from "@codemirror/lang-go";
import { lua } from "@codemirror/legacy-modes/mode/lua";
import { ruby } from "@codemirror/legacy-modes/mode/ruby";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { yCollab } from "y-codemirror.next";
import type * as Y from "yjs";

const zigKeywords = new Set(
  "const var fn pub return if else while for switch struct enum union try catch defer errdefer comptime break continue".split(" "),
);
const zig = StreamLanguage.define({
  token(stream) {
    if (stream.match("//")) return stream.skipToEnd(), "comment";
    if (stream.match(/^"(?:[^"\\]|\\.)*"/)) return "string";
    if (stream.match(/^\d[\d_]*/)) return "number";
    const word = stream.match(/^[A-Za-z_@][\w]*/) as RegExpMatchArray | null;
    if (word) return zigKeywords.has(word[0]) ? "keyword" : null;
    stream.next();
    return null;
  },
});

/** Colours with at least 4.5:1 contrast on white and on the active line's tint. */
const readable = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.definitionKeyword], color: "#6f1e9c" },
  { tag: [t.string, t.special(t.string), t.regexp], color: "#0b6a2d" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "#8a3a00" },
  { tag: [t.comment, t.lineComment, t.blockComment, t.meta], color: "#56606b", fontStyle: "italic" },
  { tag: [t.typeName, t.className, t.namespace, t.propertyName], color: "#0550ae" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "#7a3d00" },
  { tag: t.invalid, color: "#a40e26" },
]);

function highlighting(language: string): Extension {
  const modes: Record<string, () => LanguageSupport | Extension> = {
    c: cpp, cpp, python, javascript, rust, go,
    typescript: () => javascript({ typescript: true }),
    lua: () => StreamLanguage.define(lua),
    ruby: () => StreamLanguage.define(ruby),
    zig: () => zig,
  };
  return (modes[language] ?? (() => []))();
}

/** The page's Content-Security-Policy admits CodeMirror's one style
 * element by this response's nonce. */
function nonce(): Extension {
  return EditorView.cspNonce.of(document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? "");
}

/** Code to read (a submission's), highlighted, selectable, not editable. */
export function codeView(parent: HTMLElement, language: string, text: string): EditorView {
  const view = new EditorView({
    parent,
    doc: text,
    extensions: [
      basicSetup, syntaxHighlighting(readable), nonce(), highlighting(language),
      EditorState.readOnly.of(true),
      EditorView.contentAttributes.of({ "aria-label": "Submitted code" }),
    ],
  });
  // Long lines scroll sideways: the scroller takes the keyboard's focus so
  // that they can be read without a mouse.
  view.scrollDOM.tabIndex = 0;
  view.scrollDOM.setAttribute("aria-label", "Submitted code, scrollable");
  return view;
}

/** An editor of a pad's shared text: every participant's changes, cursor
 * and selection (with their name) through Yjs; read-only once the pad ended. */
export function padEditor(parent: HTMLElement, language: string, text: Y.Text, awareness: unknown,
  readOnly: boolean, label = "Shared code"): EditorView {
  const view = new EditorView({
    parent,
    doc: text.toString(),
    extensions: [
      basicSetup, syntaxHighlighting(readable), nonce(), highlighting(language),
      yCollab(text, awareness),
      EditorState.readOnly.of(readOnly),
      EditorView.contentAttributes.of({ "aria-label": label }),
    ],
  });
  // A long file scrolls: the scroller takes the keyboard's focus too.
  view.scrollDOM.tabIndex = 0;
  view.scrollDOM.setAttribute("aria-label", `${label}, scrollable`);
  return view;
}

export interface Editor { view: EditorView; setLanguage(language: string, starter: string): void }

/** An editor in `parent` for `problem`, keeping drafts in localStorage. */
export function editor(parent: HTMLElement, problem: string, language: string, starter: string): Editor {
  const mode = new Compartment();
  let current = language;
  const key = (lang: string) => `draft:${problem}:${lang}`;
  const view = new EditorView({
    parent,
    doc: localStorage.getItem(key(language)) ?? starter,
    extensions: [
      basicSetup,
      syntaxHighlighting(readable),
      nonce(),
      mode.of(highlighting(language)),
      EditorView.contentAttributes.of({ "aria-label": "Source code" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) localStorage.setItem(key(current), update.state.doc.toString());
      }),
    ],
  });
  return {
    view,
    setLanguage(next: string, nextStarter: string) {
      current = next;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: localStorage.getItem(key(next)) ?? nextStarter },
        effects: mode.reconfigure(highlighting(next)),
      });
    },
  };
}
