// A submission's growth rate: its fuel on the problem's scaling series
// against the input's size, on log-log axes, with the fitted line
// `fuel ≈ c·n^k` (fuel above the baseline, the smallest input's), and the
// reference solution's beside it. The fit and the comparison are said in
// words too, so nothing depends on reading a line's colour.

import { legendKey, svg } from "./chart";
import type { Growth, GrowthPoint } from "./types";
import { compact, h } from "./ui";

const WIDTH = 480, HEIGHT = 260, LEFT = 72, RIGHT = 12, TOP = 12, BOTTOM = 34;
const NOTATION: Record<string, string> = {
  constant: "O(1)", logarithmic: "O(log n)", linear: "O(n)", linearithmic: "O(n log n)",
  quadratic: "O(n²)", cubic: "O(n³)", exponential: "O(2ⁿ)",
};
let charts = 0;
const MINE = { colour: "#0a58ca", dash: "" }, REFERENCE = { colour: "#7d4e00", dash: "6 3" };

/** The points above the baseline (the smallest n), as [n, fuel above it]. */
function grown(points: GrowthPoint[]): [number, number][] {
  const base = points[0]?.fuel ?? 0;
  return points.slice(1).filter((p) => p.fuel > base && p.n > 1).map((p) => [p.n, p.fuel - base]);
}

/** The growth section: words, the chart, the points. */
export function growthSection(growth: Growth): HTMLElement {
  const mine = grown(growth.points), theirs = growth.reference ? grown(growth.reference.points) : [];
  const all = [...mine, ...theirs];
  const parts: (HTMLElement | string)[] = [
    h("p", {}, growth.words ? `Fuel grows ${growth.words}.` : "Too few sizes were measured to fit a growth rate."),
  ];
  if (growth.reference) parts.push(h("p", {}, `Compared with the reference solution: it ${growth.reference.words}.`));
  if (growth.stopped) parts.push(h("p", { class: "muted" }, `The series stopped early: ${growth.stopped}.`));
  if (all.length >= 2) parts.push(chart(growth, mine, theirs, all));
  parts.push(h("details", {}, h("summary", {}, `Fuel on each size (the series used ${compact(growth.series_fuel)} fuel)`),
    h("table", { class: "points" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "n"), h("th", { scope: "col" }, "Fuel"),
        ...(growth.reference ? [h("th", { scope: "col" }, "Reference's fuel")] : []))),
      h("tbody", {}, ...growth.points.map((p, i) => h("tr", {},
        h("th", { scope: "row" }, `${p.n.toLocaleString("en")}${i === 0 ? " (baseline)" : ""}`),
        h("td", {}, p.fuel.toLocaleString("en")),
        ...(growth.reference ? [h("td", {}, growth.reference.points.find((r) => r.n === p.n)?.fuel.toLocaleString("en") ?? "–")] : [])))))));
  if (growth.profile) parts.push(profileTable(growth.profile));
  return h("section", { "aria-label": "Growth rate", class: "growth" }, h("h3", {}, "Growth rate"), ...parts);
}

/** Where the fuel goes on one input of the series: per wasm function, or per Python source line. */
function profileTable(profile: NonNullable<Growth["profile"]>): HTMLElement {
  const lines = profile.unit === "line";
  const what = lines
    ? `each source line's own fuel under CPython's tracer (which slows every line; compare the shares), with the library code it calls: the top ${profile.functions.length} of ${profile.functions_run} lines that ran`
    : `each function's own fuel, not its callees': the top ${profile.functions.length} of ${profile.functions_run} functions that ran`;
  return h("div", { class: "profile" },
    h("h4", {}, "Where the fuel goes"),
    h("p", {}, `On ${profile.input} (n = ${profile.n.toLocaleString("en")}; the run ${profile.ended}), ${what}.`),
    h("table", { class: "points" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Share"), h("th", { scope: "col" }, lines ? "Line" : "Function"),
        h("th", { scope: "col" }, lines ? "Fuel (traced)" : "Fuel"), h("th", { scope: "col" }, lines ? "Runs" : "Calls"))),
      h("tbody", {}, ...profile.functions.map((f) => h("tr", {},
        h("td", {}, `${(f.share_permille / 10).toFixed(1)} %`),
        h("th", { scope: "row" }, h("code", {}, f.name)),
        h("td", {}, compact(f.fuel)),
        h("td", {}, f.calls.toLocaleString("en")))))));
}

function chart(growth: Growth, mine: [number, number][], theirs: [number, number][], all: [number, number][]): HTMLElement {
  const lx = (n: number) => Math.log10(n), ly = (f: number) => Math.log10(f);
  const x0 = Math.floor(Math.min(...all.map(([n]) => lx(n))) * 4) / 4, x1 = Math.ceil(Math.max(...all.map(([n]) => lx(n))) * 4) / 4;
  const y0 = Math.floor(Math.min(...all.map(([, f]) => ly(f)))), y1 = Math.ceil(Math.max(...all.map(([, f]) => ly(f))));
  const x = (n: number) => LEFT + ((lx(n) - x0) / Math.max(x1 - x0, 0.25)) * (WIDTH - LEFT - RIGHT);
  const y = (f: number) => TOP + (1 - (ly(f) - y0) / Math.max(y1 - y0, 1)) * (HEIGHT - TOP - BOTTOM);
  const label = `Fuel above the baseline against n, log-log: ${growth.words ?? "no fit"}`;
  const clipId = `growth-plot-${++charts}`;
  const plot = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": label });
  for (let decade = y0; decade <= y1; decade++) {
    const f = 10 ** decade;
    plot.append(svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y(f), y2: y(f), class: "grid" }),
      svg("text", { x: LEFT - 6, y: y(f) + 4, "text-anchor": "end", class: "axis" }, compact(f)));
  }
  // The sizes measured, on the size axis.
  for (const n of [...new Set(all.map(([size]) => size))].sort((a, b) => a - b)) {
    plot.append(svg("line", { x1: x(n), x2: x(n), y1: TOP, y2: HEIGHT - BOTTOM, class: "grid" }),
      svg("text", { x: x(n), y: HEIGHT - BOTTOM + 16, "text-anchor": "middle", class: "axis" }, compact(n)));
  }
  plot.append(svg("text", { x: WIDTH - RIGHT, y: HEIGHT - 2, "text-anchor": "end", class: "axis" }, "n, the input's size →"),
    svg("text", { x: 12, y: (TOP + HEIGHT - BOTTOM) / 2, "text-anchor": "middle", class: "axis",
      transform: `rotate(-90 12 ${(TOP + HEIGHT - BOTTOM) / 2})` }, "fuel above the baseline"));
  const series: [typeof MINE, [number, number][], Growth["fit"], string][] = [
    [REFERENCE, theirs, growth.reference?.fit, "reference"], [MINE, mine, growth.fit, "this submission"]];
  for (const [style, points, fit] of series) {
    if (!points.length) continue;
    if (fit) {
      const from = 10 ** x0, to = 10 ** x1, at = (n: number) => fit.coefficient * n ** fit.exponent;
      plot.append(svg("line", { x1: x(from), y1: y(at(from)), x2: x(to), y2: y(at(to)), stroke: style.colour,
        "stroke-width": 2, "stroke-dasharray": style.dash, "clip-path": `url(#${clipId})` }));
    }
    for (const [n, f] of points) {
      plot.append(svg("circle", { cx: x(n), cy: y(f), r: 4, fill: style.colour }));
    }
  }
  const clip = svg("clipPath", { id: clipId });
  clip.append(svg("rect", { x: LEFT, y: TOP, width: WIDTH - LEFT - RIGHT, height: HEIGHT - TOP - BOTTOM }));
  const defs = svg("defs", {});
  defs.append(clip);
  plot.prepend(defs);
  const legend = h("ul", { class: "legend" });
  for (const [style, points, fit, name] of series) {
    if (!points.length) continue;
    legend.append(h("li", {}, legendKey(style), ` ${name}${fit ? ` · ${NOTATION[fit.class]}, k = ${fit.exponent.toFixed(2)}` : ""}`));
  }
  const figure = h("figure", { class: "chart" }, h("figcaption", {}, "Fuel above the baseline against the input's size n (both axes logarithmic), with the fitted lines c·nᵏ"));
  figure.append(plot, legend);
  return figure;
}
