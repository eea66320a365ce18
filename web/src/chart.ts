// Line charts for the status page, drawn as SVG: one path per series over
// the time the history covers, the scale's top and middle labelled. Each
// chart also says its latest values in words (its caption and the SVG's
// label), so the figures never depend on reading a line's colour. The SVG
// element and legend-key helpers serve the growth chart (growth.ts) too.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640, HEIGHT = 170, LEFT = 56, RIGHT = 8, TOP = 10, BOTTOM = 22;
const STYLES = [
  { colour: "#0a58ca", dash: "" },
  { colour: "#a40e26", dash: "6 3" },
  { colour: "#7d4e00", dash: "2 3" },
];

/** A legend's sample of a line drawn in `style`. */
export function legendKey(style: { colour: string; dash: string }): SVGElement {
  const key = svg("svg", { width: 24, height: 10, "aria-hidden": "true" });
  key.append(svg("line", { x1: 0, x2: 24, y1: 5, y2: 5, stroke: style.colour, "stroke-width": 2, "stroke-dasharray": style.dash }));
  return key;
}

export interface Series { name: string; values: (number | null | undefined)[] }

/** An SVG element with `attrs` (and `text`). */
export function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** How long ago, for the time axis's left end. */
function ago(ms: number): string {
  return ms < 120_000 ? `−${Math.round(ms / 1000)} s` : `−${Math.round(ms / 60_000)} min`;
}

/** The least of 1, 2, 2.5, 5 × 10^k at or above `v`: a scale's top that reads well. */
function niceTop(v: number): number {
  const unit = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 2.5, 5, 10].find((step) => step * unit >= v) ?? 10) * unit;
}

/** A chart of `series` at `times` (Unix ms), values shown by `format`;
 * `floor` is the least top of the scale (so an idle service draws flat at 0). */
export function lineChart(title: string, times: number[], series: Series[], format: (v: number) => string, floor = 0): HTMLElement {
  const start = times[0] ?? 0, end = times[times.length - 1] ?? 1;
  const span = Math.max(end - start, 1);
  const peak = Math.max(floor, ...series.flatMap((s) => s.values.filter((v): v is number => typeof v === "number")));
  const top = niceTop(peak > 0 ? peak * 1.05 : 1);
  const x = (t: number) => LEFT + ((t - start) / span) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => TOP + (1 - v / top) * (HEIGHT - TOP - BOTTOM);
  const latest = series.map((s) => {
    const last = [...s.values].reverse().find((v) => typeof v === "number");
    return `${s.name} ${typeof last === "number" ? format(last) : "no data"}`;
  }).join(", ");

  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": `${title}: ${latest}` });
  for (const level of [0, 0.5, 1]) {
    const value = top * level;
    chart.append(
      svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value), class: "grid" }),
      svg("text", { x: LEFT - 6, y: y(value) + 4, "text-anchor": "end", class: "axis" }, format(value)));
  }
  chart.append(
    svg("text", { x: LEFT, y: HEIGHT - 4, class: "axis" }, ago(end - start)),
    svg("text", { x: WIDTH - RIGHT, y: HEIGHT - 4, "text-anchor": "end", class: "axis" }, "now"));
  series.forEach((s, index) => {
    let d = "", drawing = false;
    s.values.forEach((v, i) => {
      if (typeof v !== "number") { drawing = false; return; }
      d += `${drawing ? "L" : "M"}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`;
      drawing = true;
    });
    const style = STYLES[index % STYLES.length];
    chart.append(svg("path", { d: d || "M0,0", fill: "none", stroke: style.colour, "stroke-width": 2,
      "stroke-dasharray": style.dash, "vector-effect": "non-scaling-stroke" }));
  });

  const legend = document.createElement("ul");
  legend.className = "legend";
  series.forEach((s, index) => {
    const style = STYLES[index % STYLES.length];
    const item = document.createElement("li");
    item.append(legendKey(style), ` ${s.name}`);
    legend.append(item);
  });
  const figure = document.createElement("figure");
  figure.className = "chart";
  const caption = document.createElement("figcaption");
  caption.append(Object.assign(document.createElement("strong"), { textContent: title }), ` · now: ${latest}`);
  figure.append(caption, chart, legend);
  return figure;
}
