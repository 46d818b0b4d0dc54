/* détente dashboard: relations over time with drill-down to the sentence, quotes, network, search.
 * Talks only to this server's /api.  Text from the store is always inserted with textContent or
 * text nodes, so an article containing <script> shows as text. */
"use strict";

const $ = sel => document.querySelector(sel);
const state = { series: null, changes: [], eventsQuery: null, eventsOffset: 0 };

function node(tag, attrs, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") n.className = v;
    else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v);
  }
  for (const c of children) n.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return n;
}

async function api(path, params) {
  const url = new URL("/api/" + path, location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  const res = await fetch(url);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = Array.isArray(body.detail) ? body.detail.map(d => `${d.loc.slice(-1)[0]}: ${d.msg}`).join("; ") : body.detail;
    throw new Error(detail || res.statusText);
  }
  return body;
}

function showError(err) {
  const box = $("#error");
  if (!err) { box.hidden = true; return; }
  box.textContent = String(err.message || err);
  box.hidden = false;
}

const guarded = fn => async (...args) => {
  try { showError(null); await fn(...args); } catch (err) { showError(err); }
};

/* ---- controls and URL state ---- */

function controls() {
  return { a: $("#a").value.trim().toUpperCase(), b: $("#b").value.trim().toUpperCase(),
    direction: $("#direction").value, by: $("#by").value, unit: $("#unit").value, sensitivity: $("#sensitivity").value,
    start: $("#start").value.trim(), end: $("#end").value.trim() };
}

function setControls(c) {
  for (const k of ["a", "b", "direction", "by", "unit", "sensitivity", "start", "end"]) if (c[k] !== undefined) $("#" + k).value = c[k];
}

function saveHash(extra) {
  const params = new URLSearchParams(Object.entries(Object.assign(controls(), extra || {})).filter(([, v]) => v));
  history.replaceState(null, "", "#" + params.toString());
}

/* ---- relations ---- */

const showDyad = guarded(async () => {
  const c = controls();
  if (!c.a || !c.b) throw new Error("choose two actors");
  saveHash();
  const params = { by: c.by, direction: c.direction, unit: c.unit, start: c.start, end: c.end };
  const [series, changes] = await Promise.all([
    api(`dyads/${encodeURIComponent(c.a)}/${encodeURIComponent(c.b)}/series`, params),
    api(`dyads/${encodeURIComponent(c.a)}/${encodeURIComponent(c.b)}/changes`, Object.assign({ sensitivity: c.sensitivity }, params))]);
  state.series = series;
  state.changes = changes.changes;
  const arrow = { both: "–", forward: "→", backward: "←" }[c.direction];
  $("#series-title").textContent = `${series.a} ${arrow} ${series.b}, ${series.unit} per ${series.by}`;
  $("#legend").hidden = false;
  redraw();
  seriesNote(series);
  renderChanges();
  document.body.dataset.ready = "series";
});

function seriesNote(series) {
  const total = series.points.reduce((s, p) => s + p.count, 0);
  const other = {};
  for (const p of series.points) for (const [k, v] of Object.entries(p.other)) other[k] = (other[k] || 0) + v;
  const imprecise = Object.values(series.imprecise).reduce((s, v) => s + v, 0);
  const parts = [`${total} counted ${series.unit} (asserted, historical, reported)`];
  const extra = Object.entries(other).filter(([, v]) => v).map(([k, v]) => `${v} ${k}`);
  if (extra.length) parts.push(`not counted: ${extra.join(", ")}`);
  if (imprecise) parts.push(`${imprecise} with a date coarser than a ${series.by}`);
  $("#series-note").textContent = parts.join(" · ") + ". Click a bar for its events, a ▲/▼ marker for a turning point.";
}

function renderChanges() {
  const list = $("#changes");
  list.textContent = "";
  $("#changes-card").hidden = !state.changes.length;
  for (const cp of state.changes) {
    const li = node("li", { class: "change-item", "data-period": cp.period },
      node("strong", {}, `${cp.period}: ${cp.kind}`),
      ` (net cooperative per period ${cp.before.net} → ${cp.after.net})`,
      cp.when === "before" ? node("span", { class: "note" }, " — what ended:") : "");
    const ul = node("ul", {});
    for (const e of cp.events) ul.append(node("li", {}, node("a", { href: "#", class: "event-link", onclick: ev => { ev.preventDefault(); openEvent(e); } },
      `${e.event_date} ${e.source_code || "?"} ${e.cameo_name} ${e.target_code || "?"}`), ` — ${e.evidence}`));
    li.append(ul);
    list.append(li);
  }
}

function periodBounds(period, by) {
  if (by === "day") return [period, period];
  if (by === "week") {
    const d = new Date(period + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 6);
    return [period, d.toISOString().slice(0, 10)];
  }
  return [period, period];  // month "2017-04" and year "2017" are valid API bounds as they are
}

const showPeriod = guarded(async point => {
  const c = controls();
  const [start, end] = periodBounds(point.period, state.series.by);
  state.eventsQuery = { a: state.series.a, b: state.series.b, direction: c.direction, unit: c.unit, start, end, sort: "-goldstein" };
  state.eventsTitle = `Events in ${point.period}`;
  state.eventsOffset = 0;
  await loadEvents(false);
});

const showChange = guarded(async cp => {
  const [start] = periodBounds(cp.period, state.series.by);
  const c = controls();
  state.eventsQuery = { a: state.series.a, b: state.series.b, direction: c.direction, unit: c.unit, start, end: c.end,
    sort: cp.direction === "conflict" ? "goldstein" : "-goldstein" };
  state.eventsTitle = `Events from ${cp.period} (${cp.kind})`;
  state.eventsOffset = 0;
  await loadEvents(false);
});

async function loadEvents(append) {
  const page = await api("events", Object.assign({ limit: 50, offset: state.eventsOffset }, state.eventsQuery));
  const body = $("#events tbody");
  if (!append) body.textContent = "";
  $("#events-card").hidden = false;
  $("#events-title").textContent = `${state.eventsTitle}: ${page.total}`;
  for (const e of page.items) {
    body.append(node("tr", { class: "event-row q" + e.quad_class, "data-id": e.id, tabindex: 0, onclick: () => openEvent(e),
      onkeydown: ev => { if (ev.key === "Enter") openEvent(e); } },
      node("td", {}, e.event_date), node("td", { title: e.source_text || "" }, e.source_code || "?"),
      node("td", { title: e.cameo_name }, `${e.cameo} ${e.cameo_name}`), node("td", { title: e.target_text || "" }, e.target_code || "?"),
      node("td", {}, e.status), node("td", {}, String(e.mentions)), node("td", { class: "evidence-cell" }, e.evidence)));
  }
  state.eventsOffset = page.next_offset;
  $("#events-more").hidden = page.next_offset === null;
  document.body.dataset.ready = "events";
}

/* ---- article view ---- */

function redraw() {
  if (state.series) Charts.timeline($("#timeline"), state.series.points, state.changes, { onBar: showPeriod, onChange: showChange });
}

function showArticlePanel(open) {
  const changed = document.body.classList.contains("article-open") !== open;
  document.body.classList.toggle("article-open", open);
  $("#article").hidden = !open;
  if (changed) redraw();
}

const openEvent = guarded(async e => { await openArticle(e.article_id, e); });

function detail(e) {
  const dl = $("#event-detail");
  dl.textContent = "";
  const rows = [["source", `${e.source_code || "?"} — ${e.source_text || ""}`], ["target", `${e.target_code || "?"} — ${e.target_text || ""}`],
    ["type", `${e.cameo} ${e.cameo_name} (quad class ${e.quad_class}, Goldstein ${e.goldstein})`],
    ["status", `${e.status}, event date ${e.event_date} (${e.date_basis})`], ["rule", `${e.rule} · confidence ${e.confidence}`],
    ["reports", `${e.mentions} mention(s) in ${e.articles} article(s)`]];
  if (e.speaker_name || e.speaker_code) rows.push(["speaker", e.speaker_name || e.speaker_code]);
  for (const [k, v] of rows) dl.append(node("dt", {}, k), node("dd", { class: "detail-" + k }, v));
  dl.hidden = false;
}

/* Renders the text as text nodes, wrapping the sentence and the evidence span in <mark>. */
function renderText(text, sentence, evidence) {
  const box = $("#article-text");
  box.textContent = "";
  const cuts = new Set([0, text.length]);
  for (const r of [sentence, evidence]) if (r) { cuts.add(r.start); cuts.add(r.end); }
  const points = [...cuts].filter(x => x >= 0 && x <= text.length).sort((x, y) => x - y);
  let sentMark = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, t] = [points[i], points[i + 1]];
    const piece = document.createTextNode(text.slice(s, t));
    const inSent = sentence && s >= sentence.start && t <= sentence.end;
    const inEv = evidence && s >= evidence.start && t <= evidence.end;
    let target = box;
    if (inSent) {
      if (!sentMark) { sentMark = node("mark", { class: "sentence" }); box.append(sentMark); }
      target = sentMark;
    } else sentMark = null;
    if (inEv) { const m = node("mark", { class: "evidence" }); m.append(piece); target.append(m); }
    else target.append(piece);
  }
}

async function openArticle(id, event) {
  const art = await api("articles/" + encodeURIComponent(id));
  showArticlePanel(true);
  $("#article-title").textContent = art.title || "(untitled)";
  $("#article-meta").textContent = [art.date, art.source, art.dateline_place].filter(Boolean).join(" · ");
  if (event) {
    const full = art.events.find(x => x.id === event.id) || event;
    detail(full);
    const sent = art.sentences.find(s => s.idx === full.sentence);
    renderText(art.text, sent, { start: full.start, end: full.end });
  } else {
    $("#event-detail").hidden = true;
    renderText(art.text, null, event);
  }
  const mark = $("#article-text mark.evidence") || $("#article-text mark");
  if (mark) mark.scrollIntoView({ block: "center" });
  document.body.dataset.ready = "article";
}

async function openQuote(q) {
  const art = await api("articles/" + encodeURIComponent(q.article_id));
  showArticlePanel(true);
  $("#article-title").textContent = art.title || "(untitled)";
  $("#article-meta").textContent = [art.date, art.source, q.speaker_name || q.speaker_code].filter(Boolean).join(" · ");
  $("#event-detail").hidden = true;
  renderText(art.text, null, { start: q.start, end: q.end });
  const mark = $("#article-text mark");
  if (mark) mark.scrollIntoView({ block: "center" });
  document.body.dataset.ready = "article";
}

/* ---- quotes ---- */

const loadSpeakers = guarded(async () => {
  const c = controls();
  const speakers = await api("speakers", { start: c.start, end: c.end, limit: 40 });
  const ul = $("#speakers");
  ul.textContent = "";
  for (const s of speakers) ul.append(node("li", {}, node("a", { href: "#", class: "speaker", "data-speaker": s.speaker,
    onclick: ev => { ev.preventDefault(); showSpeaker(s.speaker); } }, s.speaker), ` ${s.quotes}`));
});

const showSpeaker = guarded(async name => {
  const c = controls();
  const data = await api(`speakers/${encodeURIComponent(name)}/quotes`, { by: c.by, start: c.start, end: c.end, limit: 100 });
  $("#speaker-title").textContent = `${name}: ${data.total} quotes`;
  Charts.bars($("#speaker-chart"), data.series);
  const ul = $("#speaker-quotes");
  ul.textContent = "";
  for (const q of data.quotes) ul.append(node("li", { class: "quote", onclick: () => guarded(openQuote)(q) },
    node("span", { class: "note" }, `${q.date || ""} · ${q.title || ""}`), node("q", {}, q.text)));
});

/* ---- network ---- */

const loadNetwork = guarded(async () => {
  const c = controls();
  const data = await api("actors/network", { start: c.start, end: c.end, limit: 60 });
  Charts.network($("#network"), data, {
    onEdge: e => { setControls({ a: e.a, b: e.b }); switchTab("relations"); showDyad(); },
    onNode: nd => { $("#a").value = nd.id; },
  });
});

/* ---- search ---- */

const runSearch = guarded(async () => {
  const q = $("#q").value.trim(), kind = $("#search-kind").value;
  const page = await api("search", { q, kind, limit: 50 });
  $("#search-count").textContent = `${page.total} ${kind} match`;
  const ul = $("#search-results");
  ul.textContent = "";
  for (const r of page.items) {
    const snip = node("p", { class: "snippet" });
    for (const seg of r.snippet) snip.append(seg.hit ? node("mark", {}, seg.text) : document.createTextNode(seg.text));
    const head = kind === "articles" ? `${r.date || ""} · ${r.title || "(untitled)"}` : `${r.date || ""} · ${r.speaker_name || r.speaker_code || "unknown"}`;
    ul.append(node("li", { class: "result", onclick: () => guarded(kind === "articles" ? openArticle : openQuote)(kind === "articles" ? r.id : r) },
      node("strong", {}, head), snip));
  }
});

/* ---- tabs and start-up ---- */

function switchTab(name) {
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.tab === name);
  for (const p of document.querySelectorAll(".tab-pane")) p.hidden = p.id !== "tab-" + name;
  if (name === "quotes") loadSpeakers();
  if (name === "network") loadNetwork();
}

const start = guarded(async () => {
  const [stats, actors, dyads] = await Promise.all([api("stats"), api("actors", { limit: 200 }), api("dyads/top", { limit: 12 })]);
  $("#stats").textContent = `${stats.articles} articles · ${stats.events} events · ${stats.quotes} quotes`
    + (stats.first_date ? ` · ${stats.first_date} – ${stats.last_date}` : "");
  const list = $("#actor-list");
  for (const a of actors) list.append(node("option", { value: a.actor }, a.name ? `${a.name} (${a.events})` : `${a.events} events`));
  const chips = $("#top-dyads");
  for (const d of dyads) chips.append(node("button", { class: "chip", type: "button", "data-a": d.a, "data-b": d.b,
    onclick: () => { setControls({ a: d.a, b: d.b }); showDyad(); } }, `${d.a} – ${d.b} (${d.events})`));
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get("a") && params.get("b")) { setControls(Object.fromEntries(params)); await showDyad(); }
  document.body.dataset.loaded = "1";
});

document.addEventListener("DOMContentLoaded", () => {
  $("#controls").addEventListener("submit", ev => { ev.preventDefault(); showDyad(); });
  $("#swap").addEventListener("click", () => { const a = $("#a").value; $("#a").value = $("#b").value; $("#b").value = a; });
  $("#events-more").addEventListener("click", guarded(() => loadEvents(true)));
  $("#article-close").addEventListener("click", () => showArticlePanel(false));
  window.addEventListener("resize", redraw);
  $("#search-form").addEventListener("submit", ev => { ev.preventDefault(); runSearch(); });
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => switchTab(b.dataset.tab));
  start();
});
