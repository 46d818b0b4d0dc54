/* détente charts: plain SVG, no library, no network.
 * timeline(): cooperation bars up, conflict bars down, the cooperation–conflict index as a line,
 * change points as dashed markers.  bars(): a small count chart.  network(): a force layout.
 * Every label is set with textContent, never parsed as HTML. */
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, value, attrs) {
    const t = el("text", Object.assign({ x, y }, attrs || {}), parent);
    t.textContent = value;
    return t;
  }

  function tip(node, lines) {
    const title = el("title", {}, node);
    title.textContent = lines.join("\n");
  }

  function niceMax(v) {
    if (v <= 0) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function labelEvery(n, width) {
    return Math.max(1, Math.ceil(n / Math.max(1, Math.floor(width / 70))));
  }

  /* points: series.points; changes: change points; handlers: {onBar(point), onChange(cp)} */
  function timeline(container, points, changes, handlers) {
    container.textContent = "";
    const W = Math.max(container.clientWidth, 480), H = 300;
    const m = { l: 44, r: 52, t: 16, b: 34 };
    const iw = W - m.l - m.r, ih = H - m.t - m.b, mid = m.t + ih / 2;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
      "aria-label": "cooperation and conflict per period" }, container);
    const n = points.length;
    if (!n) { text(svg, W / 2, H / 2, "no events for this dyad and period", { "text-anchor": "middle", class: "muted" }); return; }
    const maxCount = niceMax(Math.max(1, ...points.map(p => Math.max(p.coop, p.conflict))));
    const ccis = points.map(p => p.cci).filter(v => v !== null);
    const maxCci = niceMax(Math.max(1, ...ccis.map(Math.abs)));
    const step = iw / n, bw = Math.max(1, Math.min(40, step * 0.7));
    const y = v => mid - (v / maxCount) * (ih / 2);
    const yc = v => mid - (v / maxCci) * (ih / 2);
    const x = i => m.l + i * step + step / 2;

    // axes and grid
    for (const v of [-maxCount, -maxCount / 2, 0, maxCount / 2, maxCount]) {
      el("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: v === 0 ? "axis" : "grid" }, svg);
      text(svg, m.l - 6, y(v) + 4, String(Math.abs(v)), { "text-anchor": "end", class: "tick" });
    }
    for (const v of [-maxCci, 0, maxCci]) text(svg, W - m.r + 6, yc(v) + 4, String(v), { class: "tick cci-tick" });
    text(svg, m.l + 4, m.t + 10, "cooperation ↑", { class: "tick" });
    text(svg, m.l + 4, H - m.b - 4, "conflict ↓", { class: "tick" });
    const every = labelEvery(n, iw);
    points.forEach((p, i) => {
      if (i % every === 0) text(svg, x(i), H - m.b + 16, p.period, { "text-anchor": "middle", class: "tick" });
    });

    // bars: one clickable group per period
    points.forEach((p, i) => {
      const g = el("g", { class: "bar", "data-period": p.period, tabindex: 0, role: "button" }, svg);
      el("rect", { x: m.l + i * step, y: m.t, width: step, height: ih, class: "hit" }, g);
      if (p.coop) el("rect", { x: x(i) - bw / 2, y: y(p.coop), width: bw, height: mid - y(p.coop), class: "coop" }, g);
      if (p.conflict) el("rect", { x: x(i) - bw / 2, y: mid, width: bw, height: y(-p.conflict) - mid, class: "conflict" }, g);
      tip(g, [p.period, `cooperative ${p.coop} · conflictual ${p.conflict}`,
        `Goldstein mean ${p.goldstein_mean ?? "–"} · articles ${p.coverage}`, `index ${p.cci ?? "–"}`]);
      const go = () => handlers.onBar(p);
      g.addEventListener("click", go);
      g.addEventListener("keydown", e => { if (e.key === "Enter") go(); });
    });

    // cooperation–conflict index line (gaps where coverage is zero)
    let d = "";
    points.forEach((p, i) => {
      if (p.cci === null) { d += " "; return; }
      d += (d === "" || d.endsWith(" ") ? "M" : "L") + x(i).toFixed(1) + "," + yc(p.cci).toFixed(1);
    });
    if (d.trim()) el("path", { d: d.trim().replace(/ +/g, " "), class: "cci" }, svg);
    points.forEach((p, i) => {
      if (p.cci !== null) el("circle", { cx: x(i), cy: yc(p.cci), r: n > 120 ? 1 : 2.5, class: "cci-dot" }, svg);
    });

    // change points
    for (const cp of changes) {
      const cx = m.l + cp.index * step;
      const g = el("g", { class: "change", "data-period": cp.period, tabindex: 0, role: "button" }, svg);
      el("line", { x1: cx, x2: cx, y1: m.t, y2: H - m.b, class: "change-line" }, g);
      el("rect", { x: cx - 7, y: m.t - 2, width: 14, height: 14, class: "change-hit" }, g);
      text(g, cx, m.t + 9, cp.direction === "conflict" ? "▼" : "▲", { "text-anchor": "middle", class: "change-mark" });
      tip(g, [`${cp.kind} from ${cp.period}`, `net per period ${cp.before.net} → ${cp.after.net}`]);
      g.addEventListener("click", () => handlers.onChange(cp));
    }
  }

  function bars(container, series, onBar) {
    container.textContent = "";
    const W = Math.max(container.clientWidth, 320), H = 120, m = { l: 30, r: 8, t: 8, b: 22 };
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H }, container);
    const n = series.length;
    if (!n) return;
    const max = niceMax(Math.max(1, ...series.map(s => s.quotes)));
    const step = (W - m.l - m.r) / n, ih = H - m.t - m.b;
    el("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, class: "axis" }, svg);
    text(svg, m.l - 4, m.t + 8, String(max), { "text-anchor": "end", class: "tick" });
    const every = labelEvery(n, W - m.l - m.r);
    series.forEach((s, i) => {
      const h = (s.quotes / max) * ih;
      const bw = Math.max(1, Math.min(40, step * 0.7));
      const r = el("rect", { x: m.l + i * step + (step - bw) / 2, y: H - m.b - h, width: bw,
        height: h, class: "quote-bar", "data-period": s.period }, svg);
      tip(r, [`${s.period}: ${s.quotes} quotes`]);
      if (onBar) r.addEventListener("click", () => onBar(s));
      if (i % every === 0) text(svg, m.l + i * step + step / 2, H - 6, s.period, { "text-anchor": "middle", class: "tick" });
    });
  }

  function goldsteinColour(g) {
    const t = Math.max(-1, Math.min(1, (g || 0) / 5));
    return t >= 0 ? `rgb(${Math.round(200 - 150 * t)},${Math.round(170 + 40 * t)},${Math.round(120 - 40 * t)})`
      : `rgb(${Math.round(200 + 20 * -t)},${Math.round(170 - 120 * -t)},${Math.round(120 - 70 * -t)})`;
  }

  /* A small force-directed layout (repulsion, springs, gravity), computed before drawing. */
  function layout(nodes, edges, W, H) {
    const pos = new Map(nodes.map((nd, i) => {
      const a = (2 * Math.PI * i) / nodes.length;
      return [nd.id, { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a), vx: 0, vy: 0 }];
    }));
    const k = Math.sqrt((W * H) / Math.max(1, nodes.length)) * 0.6;
    for (let it = 0; it < 300; it++) {
      const cool = 1 - it / 300;
      for (const a of nodes) for (const b of nodes) {
        if (a === b) continue;
        const p = pos.get(a.id), q = pos.get(b.id);
        const dx = p.x - q.x, dy = p.y - q.y, d2 = Math.max(dx * dx + dy * dy, 1);
        p.vx += (k * k * dx) / d2 / 50; p.vy += (k * k * dy) / d2 / 50;
      }
      for (const e of edges) {
        const p = pos.get(e.a), q = pos.get(e.b), dx = q.x - p.x, dy = q.y - p.y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1), f = (d - k) / d / 10;
        p.vx += dx * f; p.vy += dy * f; q.vx -= dx * f; q.vy -= dy * f;
      }
      for (const p of pos.values()) {
        p.vx += (W / 2 - p.x) * 0.01; p.vy += (H / 2 - p.y) * 0.01;
        p.x = Math.max(30, Math.min(W - 30, p.x + p.vx * cool));
        p.y = Math.max(20, Math.min(H - 20, p.y + p.vy * cool));
        p.vx *= 0.5; p.vy *= 0.5;
      }
    }
    return pos;
  }

  function network(container, data, handlers) {
    container.textContent = "";
    const W = Math.max(container.clientWidth, 480), H = 520;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": "actor network" }, container);
    if (!data.nodes.length) { text(svg, W / 2, H / 2, "no interactions in this period", { "text-anchor": "middle", class: "muted" }); return; }
    const pos = layout(data.nodes, data.edges, W, H);
    const maxE = Math.max(...data.edges.map(e => e.events)), maxN = Math.max(...data.nodes.map(nd => nd.events));
    for (const e of data.edges) {
      const p = pos.get(e.a), q = pos.get(e.b);
      const line = el("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge", "data-dyad": `${e.a}-${e.b}`,
        stroke: goldsteinColour(e.goldstein_mean), "stroke-width": 1 + 7 * (e.events / maxE) }, svg);
      tip(line, [`${e.a} – ${e.b}: ${e.events} events`, `cooperative ${e.coop} · conflictual ${e.conflict}`,
        `mean Goldstein ${e.goldstein_mean}`]);
      line.addEventListener("click", () => handlers.onEdge(e));
    }
    for (const nd of data.nodes) {
      const p = pos.get(nd.id);
      const g = el("g", { class: "node", "data-actor": nd.id }, svg);
      el("circle", { cx: p.x, cy: p.y, r: 6 + 14 * Math.sqrt(nd.events / maxN) }, g);
      text(g, p.x, p.y - 10 - 14 * Math.sqrt(nd.events / maxN), nd.id, { "text-anchor": "middle" });
      tip(g, [`${nd.name ? `${nd.name} (${nd.id})` : nd.id}: ${nd.events} events`]);
      g.addEventListener("click", () => handlers.onNode(nd));
    }
  }

  return { timeline, bars, network };
})();
