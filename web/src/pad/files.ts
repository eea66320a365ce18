// The pad's file tree for the shared language: every file (the entry point
// starred), the one open here, and add, rename, delete and "make entry
// point", which the server does (it checks names and limits) so that
// everyone sees the same tree. Which file is open is each page's own.

import * as Y from "yjs";
import { button, h, message } from "../ui";
import { fileNames, post } from "./shared";

export interface FileTree {
  element: HTMLElement;
  /** The file open here (the entry point unless another was chosen). */
  open(): string;
  /** Opens `name`. */
  show(name: string): void;
  draw(): void;
  disable(off: boolean): void;
}

/** The file tree of `language()`'s files in `doc`; `changed` runs when the
 * file open here changes. */
export function fileTree(token: string, doc: Y.Doc, shared: Y.Map<unknown>, language: () => string,
  changed: () => void): FileTree {
  let chosen = "";
  let disabled = false;
  const list = h("ul", { class: "files", "aria-label": "Files" });
  const note = h("div", {});
  const entry = () => (shared.get(`entry:${language()}`) as string | undefined) ?? "";
  const open = () => {
    const names = fileNames(doc, language());
    if (names.includes(chosen)) return chosen;
    return names.includes(entry()) ? entry() : (names[0] ?? "");
  };
  const change = async (body: object) => {
    note.replaceChildren();
    try {
      await post(token, "/files", { language: language(), ...body });
    } catch (error) {
      note.replaceChildren(message((error as Error).message));
    }
  };
  const add = button("New file", async () => {
    const name = prompt("New file's name (letters, digits, '.', '_', '-'):")?.trim();
    if (!name) return;
    await change({ op: "add", name });
    chosen = name;
    changed();
  });
  const rename = button("Rename", async () => {
    const from = open();
    const to = prompt(`Rename ${from} to:`, from)?.trim();
    if (!to || to === from) return;
    await change({ op: "rename", name: from, to });
    chosen = to;
    changed();
  });
  const remove = button("Delete", async () => {
    const name = open();
    if (!confirm(`Delete ${name} for everyone?`)) return;
    await change({ op: "delete", name });
  });
  const makeEntry = button("Make entry point", () => change({ op: "entry", name: open() }));
  const draw = () => {
    const current = open();
    list.replaceChildren(...fileNames(doc, language()).map((name) => {
      const pick = h("button", { type: "button", class: name === current ? "file open" : "file", "aria-current": String(name === current) },
        name, name === entry() ? h("span", { class: "entry", title: "Entry point: Run and Submit start here" }, " ★") : null);
      pick.addEventListener("click", () => { chosen = name; changed(); draw(); });
      return h("li", {}, pick);
    }));
    makeEntry.toggleAttribute("disabled", disabled || current === entry());
    remove.toggleAttribute("disabled", disabled || current === entry());
    for (const control of [add, rename]) control.toggleAttribute("disabled", disabled);
  };
  return {
    element: h("div", { class: "file-tree" }, list, h("div", { class: "actions small" }, add, rename, remove, makeEntry), note),
    open,
    show(name: string) { if (name !== chosen) { chosen = name; draw(); changed(); } },
    draw,
    disable(off: boolean) { disabled = off; draw(); },
  };
}
