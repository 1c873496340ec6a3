/* Small hand-written SVG charts (no library, no CDN): a time-series line chart and a horizontal bar chart. */
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLORS = ["#2563eb", "#f59e0b", "#16a34a", "#9333ea"];

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function number(v) {
    if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (Math.abs(v) >= 1e4) return (v / 1e3).toFixed(0) + "k";
    if (Math.abs(v) >= 100 || Number.isInteger(v)) return Math.round(v).toLocaleString();
    return v.toFixed(1);
  }

  function clock(t) {
    return new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function empty(container, message) {
    container.replaceChildren(Object.assign(document.createElement("p"), { className: "empty", textContent: message }));
  }

  /** series: [{label, points: [[timeMillis, value], ...]}]; opts: {unit, empty, day} */
  function line(container, series, opts) {
    const all = series.flatMap(s => s.points);
    if (all.length === 0) return empty(container, opts.empty || container.dataset.empty || "No data yet.");
    const W = Math.max(280, container.clientWidth || 600), H = 200, L = 48, R = 10, T = 18, B = 24;
    const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
    let x0 = Math.min(...xs), x1 = Math.max(...xs);
    if (x0 === x1) { x0 -= 60000; x1 += 60000; }
    const y1 = Math.max(...ys) * 1.1 || 1;
    const x = t => L + (t - x0) / (x1 - x0) * (W - L - R), y = v => H - B - v / y1 * (H - T - B);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": opts.unit || "chart" });
    for (let i = 0; i <= 4; i++) {
      const v = y1 * i / 4;
      svg.append(el("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#e5e9ef" }));
      svg.append(el("text", { x: L - 4, y: y(v) + 4, "text-anchor": "end" }, number(v)));
    }
    for (let i = 0; i <= 4; i++) {
      const t = x0 + (x1 - x0) * i / 4;
      svg.append(el("text", { x: x(t), y: H - 6, "text-anchor": "middle" },
        opts.day ? new Date(t).toLocaleDateString([], { month: "short", day: "numeric" }) : clock(t)));
    }
    svg.append(el("text", { x: L, y: 11 }, opts.unit || ""));
    series.forEach((s, i) => {
      const pts = s.points.slice().sort((a, b) => a[0] - b[0]);
      const color = COLORS[i % COLORS.length];
      svg.append(el("polyline", { points: pts.map(p => `${x(p[0])},${y(p[1])}`).join(" "), fill: "none",
        stroke: color, "stroke-width": 2, class: "series" }));
      pts.forEach(p => {
        const dot = el("circle", { cx: x(p[0]), cy: y(p[1]), r: 2.5, fill: color });
        dot.append(el("title", {}, `${s.label}, ${clock(p[0])}: ${number(p[1])}`));
        svg.append(dot);
      });
      if (series.length > 1) {
        svg.append(el("rect", { x: W - R - 150, y: 4 + i * 14, width: 10, height: 3, fill: color }));
        svg.append(el("text", { x: W - R - 136, y: 9 + i * 14 }, s.label));
      }
    });
    container.replaceChildren(svg);
  }

  /** bars: [{label, value}], largest first; onClick(bar) when given. */
  function bars(container, items, opts, onClick) {
    if (items.length === 0) return empty(container, opts.empty || "No data yet.");
    const W = Math.max(280, container.clientWidth || 600), row = 22, L = 120, R = 60, H = items.length * row + 20;
    const max = Math.max(...items.map(b => b.value)) || 1;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": opts.unit || "breakdown" });
    svg.append(el("text", { x: 0, y: 11 }, opts.unit || ""));
    items.forEach((b, i) => {
      const top = 18 + i * row, width = Math.max(1, b.value / max * (W - L - R));
      const g = el("g", { class: "bar", style: onClick ? "cursor:pointer" : "" });
      g.append(el("text", { x: L - 6, y: top + 14, "text-anchor": "end" }, b.label));
      g.append(el("rect", { x: L, y: top + 3, width, height: row - 6, rx: 3, fill: COLORS[0] }));
      g.append(el("text", { x: L + width + 4, y: top + 14 }, number(b.value)));
      g.append(el("title", {}, `${b.label}: ${number(b.value)}`));
      if (onClick) g.addEventListener("click", () => onClick(b));
      svg.append(g);
    });
    container.replaceChildren(svg);
  }

  return { line, bars, empty, number };
})();
