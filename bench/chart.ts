/**
 * The call-overhead chart (bench/results/bench.svg): one panel per C function, one horizontal
 * bar per path, sorted fastest first, on a shared log scale of ns per call (the paths span
 * four orders of magnitude). Each bar is the median, with a whisker from min to max and the
 * ratio to C printed after it. Colours mark families: C and JS, the hand-written baselines,
 * koffi, cbridge (its cpyext rows too), and the peers. The CPython extension calls get one panel
 * per case after the C functions' (bench/cpyext.ts).
 */

import type { Timing } from './calls.js';
import type { MachineInfo } from './machine.js';
import { el, svgDocument, text } from './svg.js';

const WIDTH = 920;
const LABEL = 170; // path labels to the left of the plot
const PLOT = 560; // plot width
const ROW = 18;
const PANEL_GAP = 40;

const LEGEND: readonly (readonly [string, string])[] = [
  ['C, pure JS', '#888888'], ['hand-written addons', '#4c78a8'], ['koffi', '#f58518'], ['cbridge', '#54a24b'], ['peers', '#b279a2'],
];

function colour(path: string): string {
  if (path === 'c' || path === 'js') return '#888888';
  if (path.endsWith('-baseline')) return '#4c78a8';
  if (path === 'koffi') return '#f58518';
  if (path === 'abi' || path.startsWith('fast') || path.startsWith('cpyext')) return '#54a24b';
  return '#b279a2'; // peers
}

export function callChart(results: readonly Timing[], machine: MachineInfo, functions: readonly string[]): string {
  const panels = functions.map((fn) => ({ fn, rows: results.filter((r) => r.function === fn).sort((a, b) => a.ns.median - b.ns.median) })).filter((p) => p.rows.length > 0);
  const all = panels.flatMap((p) => p.rows);
  if (all.length === 0) return svgDocument(WIDTH, 60, text(10, 30, 'no results'));
  const lo = Math.floor(Math.log10(Math.min(...all.map((r) => r.ns.min))));
  const hi = Math.ceil(Math.log10(Math.max(...all.map((r) => r.ns.max))));
  const x = (ns: number) => LABEL + ((Math.log10(ns) - lo) / (hi - lo || 1)) * PLOT;
  const parts: string[] = [
    text(10, 22, 'Call overhead: ns per call (log scale), median of 9 runs, whisker min..max', { 'font-size': 15, 'font-weight': 'bold' }),
    text(10, 40, `node ${machine.node} (V8 ${machine.v8}), ${machine.cpu} x${machine.cores}, ${machine.compiler ?? 'no C compiler'}, ${machine.date.slice(0, 10)}`, { fill: '#555' }),
  ];
  let lx = 10;
  for (const [label, fill] of LEGEND) {
    parts.push(el('rect', { x: lx, y: 50, width: 12, height: 12, fill }), text(lx + 16, 60, label));
    lx += 30 + label.length * 7;
  }
  let y = 90;
  for (const { fn, rows } of panels) {
    const top = y + 8;
    const bottom = top + rows.length * ROW;
    parts.push(text(10, y, fn, { 'font-weight': 'bold', 'font-family': 'monospace', 'font-size': 13 }));
    for (let d = lo; d <= hi; d++) {
      const gx = x(10 ** d);
      parts.push(el('line', { x1: gx, y1: top - 2, x2: gx, y2: bottom + 2, stroke: '#dddddd' }));
      parts.push(text(gx, bottom + 15, d >= 0 ? String(10 ** d) : (10 ** d).toFixed(-d), { 'text-anchor': 'middle', fill: '#777', 'font-size': 10 }));
    }
    rows.forEach((r, i) => {
      const cy = top + i * ROW + ROW / 2;
      parts.push(text(LABEL - 8, cy + 4, r.path, { 'text-anchor': 'end', 'font-family': 'monospace', 'font-size': 11 }));
      parts.push(el('rect', { x: LABEL, y: cy - 6, width: Math.max(1, x(r.ns.median) - LABEL), height: 12, fill: colour(r.path) }, el('title', {}, `${r.path} ${fn}: ${r.ns.median.toFixed(2)} ns (${r.ns.min.toFixed(2)}..${r.ns.max.toFixed(2)})`)));
      parts.push(el('line', { x1: x(r.ns.min), y1: cy, x2: x(r.ns.max), y2: cy, stroke: '#222', 'stroke-width': 1 }));
      const ratio = r.ratioToC === null ? '' : ` (${r.ratioToC.toFixed(r.ratioToC < 10 ? 2 : 0)}x C)`;
      parts.push(text(Math.max(x(r.ns.max), x(r.ns.median)) + 6, cy + 4, `${r.ns.median.toFixed(2)} ns${ratio}`, { 'font-size': 11 }));
    });
    y = bottom + PANEL_GAP;
  }
  return svgDocument(WIDTH, y - PANEL_GAP / 2, el('rect', { width: '100%', height: '100%', fill: 'white' }), ...parts);
}
