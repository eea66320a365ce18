// The code editor: CodeMirror 6 with the highlighting of each language the
// judge has, and the last draft kept per problem and language.

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
    lua: () => StreamLanguage.define(lua),
    ruby: () => StreamLanguage.define(ruby),
    zig: () => zig,
  };
  return (modes[language] ?? (() => []))();
}

/** A starter program per language: read the input, print the answer. */
export const STARTERS: Record<string, string> = {
  c: '#include <stdio.h>\n\nint main(void) {\n    char line[1 << 16];\n    while (fgets(line, sizeof line, stdin)) {\n        /* ... */\n    }\n    return 0;\n}\n',
  cpp: '#include <bits/stdc++.h>\nusing namespace std;\n\nint main() {\n    ios::sync_with_stdio(false);\n    string line;\n    while (getline(cin, line)) {\n        // ...\n    }\n}\n',
  python: "import sys\n\n\ndef main() -> None:\n    for line in sys.stdin:\n        pass\n\n\nmain()\n",
  javascript: 'const lines = require("fs").readFileSync(0, "utf8").split("\\n");\n',
  rust: "use std::io::{self, Read};\n\nfn main() {\n    let mut input = String::new();\n    io::stdin().read_to_string(&mut input).unwrap();\n}\n",
  go: 'package main\n\nimport (\n\t"bufio"\n\t"os"\n)\n\nfunc main() {\n\tscanner := bufio.NewScanner(os.Stdin)\n\tfor scanner.Scan() {\n\t}\n}\n',
  zig: 'const std = @import("std");\n\npub fn main(init: std.process.Init) !void {\n    const io = init.io;\n    var buffer: [4096]u8 = undefined;\n    var stdin: std.Io.File.Reader = .init(.stdin(), io, &buffer);\n    const input = try stdin.interface.allocRemaining(init.arena.allocator(), .unlimited);\n    _ = input;\n}\n',
  lua: "for line in io.lines() do\nend\n",
  ruby: "STDIN.each_line do |line|\nend\n",
};

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

export interface Editor { view: EditorView; setLanguage(language: string): void }

/** An editor in `parent` for `problem`, keeping drafts in localStorage. */
export function editor(parent: HTMLElement, problem: string, language: string): Editor {
  const mode = new Compartment();
  let current = language;
  const key = (lang: string) => `draft:${problem}:${lang}`;
  const view = new EditorView({
    parent,
    doc: localStorage.getItem(key(language)) ?? STARTERS[language] ?? "",
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
    setLanguage(next: string) {
      current = next;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: localStorage.getItem(key(next)) ?? STARTERS[next] ?? "" },
        effects: mode.reconfigure(highlighting(next)),
      });
    },
  };
}
