// Small DOM helpers every page uses: elements built from text (never from
// HTML), buttons, messages, verdict badges and number formats.

export const VERDICTS: Record<string, string> = {
  AC: "Accepted", WA: "Wrong answer", TLE: "Time limit exceeded", MLE: "Memory limit exceeded",
  OLE: "Output limit exceeded", RTE: "Run-time error", CE: "Compile error", IE: "Internal error",
};

type Child = Node | string | null | undefined;

/** An element with attributes and children; text is always text, never HTML. */
export function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

export function button(label: string, onclick: () => void | Promise<void>, attrs: Record<string, string> = {}): HTMLElement {
  const element = h("button", { type: "button", ...attrs }, label);
  element.addEventListener("click", () => void onclick());
  return element;
}

/** A verdict's code and name: the words say it, the colour only repeats it. */
export function verdictBadge(code: string | undefined): HTMLElement {
  const name = code ? `${code} · ${VERDICTS[code] ?? code}` : "pending";
  return h("span", { class: `verdict v-${code ?? "pending"}` }, name);
}

export function message(text: string, kind: "error" | "info" = "error"): HTMLElement {
  return h("p", { class: `message ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** A table with a caption, column headings and rows of cells; the columns
 * at `phoneHides` are left out on a phone's narrow screen. */
export function table(caption: string, headings: string[], rows: Child[][], captionHidden = false, phoneHides: number[] = []): HTMLElement {
  const attrs = (index: number): Record<string, string> => (phoneHides.includes(index) ? { class: "wide-only" } : {});
  return h("table", {},
    h("caption", captionHidden ? { class: "sr-only" } : {}, caption),
    h("thead", {}, h("tr", {}, ...headings.map((name, i) => h("th", { scope: "col", ...attrs(i) }, name)))),
    h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((cell, i) => h("td", attrs(i), cell))))));
}

/** `1234567` as `1.23 M`: fuel at a glance. */
export function compact(n: number): string {
  return new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: 3 }).format(n);
}

export function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

export function when(rfc3339: string): string {
  return new Date(rfc3339).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

/** A labelled form control. */
export function field(label: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control);
}

export function select(id: string, options: [string, string][], chosen: string): HTMLSelectElement {
  return h("select", { id }, ...options.map(([value, label]) =>
    h("option", { value, ...(value === chosen ? { selected: "" } : {}) }, label))) as HTMLSelectElement;
}

/** A problem's sample: its input beside its expected output. */
export function sampleTable(sample: { name: string; input: string; output: string }): HTMLElement {
  return h("table", { class: "sample" },
    h("caption", {}, sample.name),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Input"), h("th", { scope: "col" }, "Output"))),
    h("tbody", {}, h("tr", {}, h("td", {}, h("pre", {}, sample.input)), h("td", {}, h("pre", {}, sample.output)))));
}
