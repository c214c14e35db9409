// renfort's page: plain JavaScript on the public API. Every text from the data (names,
// ids, messages) goes through textContent, never innerHTML.
"use strict";

// Script errors and refused loads, kept for the browser tests (and visible in a console).
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(String(e.message)));
window.addEventListener("unhandledrejection", e => window.__errors.push(String(e.reason)));
document.addEventListener("securitypolicyviolation", e => window.__errors.push("CSP: " + e.violatedDirective));

const TOKEN = new URLSearchParams(location.search).get("token") || "";
let LANG = localStorage.getItem("renfort-lang") || "fr";
const state = { dataset: null, plan: null, view: null, poll: null };

const EN = {
  tab_data: "Data", tab_plans: "Plans", tab_plan: "Plan", tab_audit: "Log",
  data_title: "Drop a dataset", data_help: "The workbook dataset.xlsx, a zip of the CSV files, or the CSV files one by one.",
  upload: "Upload", col_code: "Code", col_file: "File", col_line: "Line", col_column: "Column", col_what: "What is expected",
  datasets_title: "Datasets", col_name: "Name", col_month: "Month", col_created: "Uploaded",
  plans_title: "Plan", time_limit: "Time limit (s)", solver: "Method", whatif: "What if… (other rules)",
  cap: "Days per month per doctor", policy: "Policy (TOML)", plan: "Plan",
  scenario: "Scenario (new site, dropout…: docs/whatif.md)", simulate: "Simulate the scenario", deltas: "Scenario against the dataset's own plan",
  objective: "objective", demand_doctor_days: "doctor-days wanted", uncovered_doctor_days: "uncovered doctor-days",
  covered_site_days: "site-days covered", longest_gap: "longest gap", assigned_days: "vacations", cost_eur: "cost (EUR)",
  metric: "Metric", baseline: "Without", with_scenario: "With", delta: "Difference",
  col_kind: "Kind", col_status: "Status", col_objective: "Objective", col_progress: "Progress",
  plan_title: "Plan", replan: "Re-plan around my edits", publish: "Publish",
  cancel_title: "A doctor cancels", cancel: "Repair the plan", breakdown: "Objective term by term",
  col_term: "Term", col_value: "Value", col_weight: "Weight", col_cost: "Cost",
  by_site: "Calendar by site", grid_help: "Click a vacation to pin or remove it, an uncovered day to see who could take it.",
  by_volunteer: "Timeline by doctor", report: "Report", audit_title: "Log",
  col_at: "When", col_who: "Who", col_action: "Action", col_detail: "Detail",
  open: "Open", stop: "Stop", use: "Plan this dataset", pin: "Pin", remove: "Remove", assign: "Assign",
  uploaded: "Dataset uploaded", too_big: "The selection weighs {size}; this server accepts at most {limit} (renfort serve --max-upload-mb).", errors: "The dataset has errors: nothing is planned until they are fixed.",
  queued: "Plan queued", published: "Published: this plan is the month's plan and the history of the next month.",
  refused: "Refused", candidates: "Who could take", none: "Nobody can take this day without breaking a rule.",
  gain: "gain", uncovered: "uncovered doctor-days", breaks: "breaks", travel: "km", cost: "EUR", vacations: "vacations",
  history: "history vacations", sites: "sites", volunteers: "volunteers", offered: "offered days",
  all_days: "all days", changes: "Changes", close: "Close", edited: "Edit saved",
  weighted_uncovered: "uncovered days (weighted)", long_gap_excess: "excess of long gaps",
  kept: "kept", cancelled: "cancelled", removed: "removed", moved: "moved", added: "added", newly_uncovered: "newly uncovered",
  travel_km: "km travelled", bed_nights: "nights", preference_misses: "zones not preferred", new_pairs: "new doctor-site pairs",
};
// The page's own French is in index.html; these are the words the script writes.
const FR = {
  col_objective: "Objectif", deltas: "Le scénario face au plan du jeu de données",
  objective: "objectif", demand_doctor_days: "jours-médecin demandés", uncovered_doctor_days: "jours-médecin non couverts",
  covered_site_days: "jours-site couverts", longest_gap: "plus longue absence", assigned_days: "vacations", cost_eur: "coût (EUR)",
  metric: "Indicateur", baseline: "Sans", with_scenario: "Avec", delta: "Écart",
  weighted_uncovered: "jours non couverts (pondérés)", long_gap_excess: "excès de longues absences",
  kept: "gardées", cancelled: "annulée", removed: "retirée", moved: "déplacée", added: "ajoutée", newly_uncovered: "nouvellement non couvert",
  travel_km: "km parcourus", bed_nights: "nuitées", preference_misses: "zones non préférées", new_pairs: "nouveaux couples médecin-site",
  pin: "Épingler", remove: "Retirer", assign: "Affecter", open: "Ouvrir", stop: "Arrêter", use: "Planifier ce jeu",
  uploaded: "Jeu de données déposé", too_big: "La sélection pèse {size} ; ce serveur accepte au plus {limit} (renfort serve --max-upload-mb).", errors: "Le jeu de données a des erreurs : rien n'est planifié tant qu'elles ne sont pas corrigées.",
  queued: "Plan en file d'attente", published: "Publié : ce plan est le plan du mois et l'historique du mois suivant.",
  refused: "Refusé", candidates: "Qui pourrait prendre", none: "Personne ne peut prendre ce jour sans enfreindre une règle.",
  gain: "gain", uncovered: "jours-médecin non couverts", breaks: "ruptures", travel: "km", cost: "EUR", vacations: "vacations",
  history: "vacations d'historique", sites: "sites", volunteers: "volontaires", offered: "jours offerts",
  all_days: "tous les jours", changes: "Changements", close: "Fermer", edited: "Modification enregistrée",
};

function t(key) {
  if (LANG === "en") return EN[key] || key;
  return FR[key] || key;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

async function api(method, path, body, type) {
  const headers = { Authorization: "Bearer " + TOKEN };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  } else if (type) headers["Content-Type"] = type;
  const r = await fetch(path, { method, headers, body: payload });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { const e = new Error(data.error || r.statusText); e.data = data; e.status = r.status; throw e; }
  return data;
}

function say(text, error) {
  const m = document.getElementById("message");
  m.textContent = text;
  m.className = error ? "error" : "";
}

function show(tab) {
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.tab === tab);
  for (const s of document.querySelectorAll("main > section")) s.classList.toggle("hidden", s.id !== "tab-" + tab);
  if (tab === "audit") loadAudit();
  if (tab === "plans") loadPlans();
}

function translate() {
  document.documentElement.lang = LANG;
  for (const e of document.querySelectorAll("[data-t]")) {
    if (!e.dataset.fr) e.dataset.fr = e.textContent;
    e.textContent = LANG === "en" ? (EN[e.dataset.t] || e.dataset.fr) : e.dataset.fr;
  }
  document.getElementById("lang").textContent = LANG === "en" ? "Français" : "English";
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function problems(list) {
  const table = document.getElementById("problems");
  table.classList.toggle("hidden", !list.length);
  fill(table.tBodies[0], list.map(p => el("tr", {}, el("td", {}, p.code), el("td", {}, p.file),
    el("td", {}, p.line ?? ""), el("td", {}, p.column ?? ""), el("td", {}, p.message))));
}

function mb(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }

async function upload() {
  const input = document.getElementById("upload-input");
  if (!input.files.length) return;
  // A body over the server's limit is cut off mid-send (the browser then shows a reset
  // connection, not the 413); the selection is weighed first so the planner reads why.
  const total = [...input.files].reduce((n, f) => n + f.size, 0);
  const limit = (await api("GET", "/api/health")).max_upload_bytes;
  if (limit && total > limit) {
    input.value = "";
    say(t("too_big").replace("{size}", mb(total)).replace("{limit}", mb(limit)), true);
    return;
  }
  const form = new FormData();
  for (const f of input.files) form.append("file", f, f.name);
  // The next upload starts from an empty selection (a browser adds to the one it has).
  input.value = "";
  try {
    const r = await api("POST", "/api/datasets", form);
    problems(r.warnings || []);
    say(t("uploaded") + " (#" + r.id + ")");
    await loadDatasets();
    await useDataset(r.id);
  } catch (e) {
    problems((e.data && e.data.errors) || []);
    say(e.data && e.data.errors ? t("errors") : e.message, true);
  }
}

async function loadDatasets() {
  const list = await api("GET", "/api/datasets");
  fill(document.querySelector("#datasets tbody"), list.map(d => el("tr", { "data-dataset": d.id },
    el("td", {}, d.id), el("td", {}, d.name), el("td", {}, d.month), el("td", {}, d.created),
    el("td", {}, el("button", { type: "button", class: "use", on: { click: () => useDataset(d.id) } }, t("use"))))));
  if (!state.dataset && list.length) await useDataset(list[0].id, true);
}

async function useDataset(id, quiet) {
  const d = await api("GET", "/api/datasets/" + id);
  state.dataset = d;
  const box = document.getElementById("digest");
  box.replaceChildren(el("div", { class: "figures" },
    ...[["sites", d.sites], ["volunteers", d.volunteers], ["offered", d.offered_days], ["history", d.history_vacations]]
      .map(([k, v]) => el("div", { class: "figure" }, el("b", {}, v), t(k)))));
  document.getElementById("current-dataset").textContent = "#" + d.id + " " + d.name + " (" + d.month + ")";
  if (!quiet) show("plans");
}

async function submitPlan(ev) {
  ev.preventDefault();
  if (!state.dataset) return;
  let model = document.getElementById("model").value;
  const cap = document.getElementById("cap").value;
  if (cap) model = "[rules]\nmax_days_per_month = " + parseInt(cap, 10) + "\n" + model;
  const body = { time_limit: Number(document.getElementById("time-limit").value) || 60,
    solver: document.getElementById("solver").value };
  if (model.trim()) body.model = model;
  try {
    const r = await api("POST", "/api/datasets/" + state.dataset.id + "/plans", body);
    say(t("queued") + " (#" + r.id + ")");
    loadPlans();
  } catch (e) {
    problems((e.data && e.data.errors) || []);
    say(e.message, true);
  }
}

async function submitWhatif() {
  if (!state.dataset) return;
  const body = { scenario: document.getElementById("scenario").value,
    time_limit: Number(document.getElementById("time-limit").value) || 60 };
  try {
    const r = await api("POST", "/api/datasets/" + state.dataset.id + "/whatif", body);
    say(t("queued") + " (#" + r.id + ")");
    await waitFor(r.id);
  } catch (e) {
    problems((e.data && e.data.errors) || []);
    say(e.message, true);
  }
}

function fmt(x) { return x === null || x === undefined ? "" : Number(x).toLocaleString(LANG, { maximumFractionDigits: 1 }); }

async function loadPlans() {
  const q = state.dataset ? "?dataset=" + state.dataset.id : "";
  const list = await api("GET", "/api/plans" + q);
  fill(document.querySelector("#plans tbody"), list.map(p => {
    const live = p.live ? fmt(p.live.seconds) + " s, " + fmt(p.live.best) + " / " + fmt(p.live.bound) : "";
    return el("tr", { "data-plan": p.id, "data-status": p.status },
      el("td", {}, p.id), el("td", {}, p.kind + (p.parent_id ? " ← #" + p.parent_id : "")),
      el("td", { class: "status" }, p.status + (p.published ? " ✔" : "")), el("td", {}, fmt(p.objective)),
      el("td", {}, live || (p.error ? p.error.slice(0, 200) : "")),
      el("td", {}, p.vacations !== null
        ? el("button", { type: "button", class: "open", on: { click: () => openPlan(p.id) } }, t("open")) : "",
        ["queued", "solving"].includes(p.status)
          ? el("button", { type: "button", class: "stop", on: { click: () => api("DELETE", "/api/plans/" + p.id).then(loadPlans) } }, t("stop")) : ""));
  }));
  const busy = list.some(p => ["queued", "solving"].includes(p.status));
  clearTimeout(state.poll);
  if (busy) state.poll = setTimeout(loadPlans, 500);
}

async function openPlan(id) {
  const [p, v] = await Promise.all([api("GET", "/api/plans/" + id), api("GET", "/api/plans/" + id + "/view?lang=" + LANG)]);
  state.plan = p; state.view = v;
  if (!document.getElementById("message").classList.contains("error")) say("");
  document.getElementById("plan-id").textContent = "#" + id;
  document.getElementById("plan-status").textContent = p.status + (p.published ? " — " + p.published : "");
  renderFigures(p.metrics, p.objective, v.breakdown);
  renderGrid(v);
  renderTimeline(v);
  renderChanges(p.changes);
  const sel = document.getElementById("cancel-volunteer");
  const planned = [...new Set(v.vacations.map(x => x.volunteer_id))];
  sel.replaceChildren(...planned.map(vid => {
    const name = (v.volunteers.find(x => x.id === vid) || {}).name || vid;
    return el("option", { value: vid }, name + " (" + vid + ")");
  }));
  const q = "?token=" + encodeURIComponent(TOKEN) + "&lang=" + LANG;
  document.getElementById("downloads").replaceChildren(...["plan.xlsx", "plan.csv", "report.html", "calendars.zip", "convocations.zip", "summary.json"]
    .map(n => el("a", { href: "/api/plans/" + id + "/files/" + n + q, download: n }, n)));
  document.getElementById("report").src = "/api/plans/" + id + "/files/report.html" + q;
  document.getElementById("offers").classList.add("hidden");
  show("plan");
}

function renderFigures(m, objective, breakdown) {
  m = m || {};
  document.getElementById("figures").replaceChildren(
    ...[[fmt(objective), t("col_objective")], [m.assigned_days, t("vacations")], [m.uncovered_doctor_days + " / " + m.demand_doctor_days, t("uncovered")],
      [m.breaks, t("breaks")], [fmt(m.travel_km), t("travel")], [fmt(m.cost_eur), t("cost")]]
      .map(([v, k]) => el("div", { class: "figure" }, el("b", {}, v ?? ""), k)));
  fill(document.querySelector("#breakdown tbody"), (breakdown || []).map(b =>
    el("tr", {}, el("td", { title: b.term }, b.term === "breaks" ? t("breaks") : t(b.term)), el("td", {}, fmt(b.value)), el("td", {}, fmt(b.weight)), el("td", {}, fmt(b.cost)))));
}

function renderGrid(v) {
  const grid = document.getElementById("grid");
  const head = el("tr", {}, el("th", {}, ""), ...v.days.map(d => el("th", {}, d.slice(8))));
  const rows = v.sites.map(s => {
    const cells = v.days.map(d => {
      const here = v.vacations.filter(x => x.site_id === s.id && x.date === d);
      const miss = v.uncovered.find(u => u.site_id === s.id && u.date === d);
      const td = el("td", { class: miss ? "uncovered" : here.length ? "covered" : "", "data-site": s.id, "data-date": d });
      if (miss) {
        td.title = miss.why;
        td.addEventListener("click", ev => { if (ev.target === td) showOffers(s, d); });
      }
      for (const x of here) {
        td.append(el("span", { class: "vac" + (x.pinned ? " pinned" : ""), "data-volunteer": x.volunteer_id, title: x.volunteer + " (" + fmt(x.km) + " km)",
          on: { click: () => vacationMenu(x) } }, initials(x.volunteer)));
      }
      return td;
    });
    return el("tr", {}, el("th", { title: s.id }, s.name), ...cells);
  });
  grid.replaceChildren(head, ...rows);
}

// "Dr Mathieu N'Diaye" -> "MN": the title says nothing in a calendar cell.
function initials(name) {
  const words = name.split(/\s+/).filter(w => w && !/^(dr|dre|pr)\.?$/i.test(w));
  return words.map(w => w[0]).join("").slice(0, 3);
}

function renderTimeline(v) {
  const grid = document.getElementById("timeline");
  const head = el("tr", {}, el("th", {}, ""), ...v.days.map(d => el("th", {}, d.slice(8))));
  const ids = [...new Set(v.vacations.map(x => x.volunteer_id))];
  const rows = ids.map(id => {
    const mine = v.vacations.filter(x => x.volunteer_id === id);
    return el("tr", {}, el("th", {}, mine[0].volunteer),
      ...v.days.map(d => { const x = mine.find(y => y.date === d); return el("td", { class: x ? "covered" : "", title: x ? x.site : "" }, x ? x.site.slice(0, 4) : ""); }));
  });
  grid.replaceChildren(head, ...rows);
}

function renderChanges(c) {
  const box = document.getElementById("changes");
  if (c && c.deltas) {
    box.replaceChildren(el("h3", {}, t("deltas")), el("table", { id: "deltas" },
      el("tr", {}, el("th", {}, t("metric")), el("th", {}, t("baseline")), el("th", {}, t("with_scenario")), el("th", {}, t("delta"))),
      ...c.deltas.map(d => el("tr", {}, el("td", { title: d.metric }, t(d.metric)), el("td", {}, fmt(d.baseline)),
        el("td", {}, fmt(d.scenario)), el("td", {}, (d.delta > 0 ? "+" : "") + fmt(d.delta))))));
    return;
  }
  if (!c || !c.changes) { box.replaceChildren(); return; }
  const name = (list, id) => ((state.view[list] || []).find(x => x.id === id) || {}).name || id;
  box.replaceChildren(el("h3", {}, t("changes") + " (" + t("kept") + " " + c.kept + "/" + c.keepable + ")"),
    el("table", { id: "diff" }, ...c.changes.map(x => el("tr", { "data-kind": x.kind }, el("td", {}, t(x.kind)), el("td", {}, x.date),
      el("td", { title: x.site }, name("sites", x.site)), el("td", { title: x.volunteer }, x.volunteer ? name("volunteers", x.volunteer) : ""),
      el("td", {}, x.detail)))));
}

async function edit(action, x) {
  try {
    await api("POST", "/api/plans/" + state.plan.id + "/edits",
      { action, volunteer_id: x.volunteer_id, site_id: x.site_id, date: x.date });
    await openPlan(state.plan.id);
    say(t("edited"));
  } catch (e) {
    say(t("refused") + ": " + ((e.data && e.data.broken) || [e.message]).join("; "), true);
  }
}

function vacationMenu(x) {
  const box = document.getElementById("offers");
  box.replaceChildren(el("p", {}, x.volunteer + " — " + x.site + " — " + x.date),
    el("button", { type: "button", id: "pin-button", on: { click: () => edit("pin", x) } }, t("pin")),
    el("button", { type: "button", id: "remove-button", on: { click: () => edit("remove", x) } }, t("remove")),
    el("button", { type: "button", on: { click: () => box.classList.add("hidden") } }, t("close")));
  box.classList.remove("hidden");
}

async function showOffers(site, date) {
  const box = document.getElementById("offers");
  const list = await api("GET", "/api/plans/" + state.plan.id + "/offers?site=" + encodeURIComponent(site.id) + "&date=" + date);
  box.replaceChildren(el("p", {}, t("candidates") + " — " + site.name + " — " + date),
    list.length ? el("table", {}, ...list.map(o => el("tr", { "data-offer": o.volunteer_id }, el("td", {}, o.name), el("td", {}, fmt(o.km) + " km"),
      el("td", {}, t("gain") + " " + fmt(o.gain)),
      el("td", {}, el("button", { type: "button", class: "assign", on: { click: () => edit("assign", { volunteer_id: o.volunteer_id, site_id: site.id, date }) } }, t("assign"))))))
      : el("p", {}, t("none")),
    el("button", { type: "button", on: { click: () => box.classList.add("hidden") } }, t("close")));
  box.classList.remove("hidden");
}

async function replan() {
  const r = await api("POST", "/api/plans/" + state.plan.id + "/replan", {});
  say(t("queued") + " (#" + r.id + ")");
  await waitFor(r.id);
}

async function waitFor(id) {
  show("plans");
  for (;;) {
    const p = await api("GET", "/api/plans/" + id);
    if (!["queued", "solving"].includes(p.status)) {
      if (p.vacations !== null) await openPlan(id); else say(p.status + " " + (p.error || ""), true);
      return;
    }
    await new Promise(r => setTimeout(r, 400));
  }
}

async function cancelDoctor(ev) {
  ev.preventDefault();
  const volunteer_id = document.getElementById("cancel-volunteer").value;
  const dates = document.getElementById("cancel-dates").value.split(/[\s,;]+/).filter(Boolean);
  try {
    const r = await api("POST", "/api/plans/" + state.plan.id + "/cancel", { volunteer_id, dates });
    say(t("queued") + " (#" + r.id + ")");
    await waitFor(r.id);
  } catch (e) { say(e.message, true); }
}

async function publish() {
  try {
    await api("POST", "/api/plans/" + state.plan.id + "/publish");
    await openPlan(state.plan.id);
    say(t("published"));
  } catch (e) { say(t("refused") + ": " + ((e.data && e.data.broken) || [e.message]).join("; "), true); }
}

async function loadAudit() {
  const list = await api("GET", "/api/audit");
  fill(document.querySelector("#audit tbody"), list.map(a => el("tr", {}, el("td", {}, a.at), el("td", {}, a.who), el("td", {}, a.action), el("td", {}, a.detail))));
}

function start() {
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => show(b.dataset.tab));
  document.getElementById("lang").addEventListener("click", () => {
    LANG = LANG === "fr" ? "en" : "fr"; localStorage.setItem("renfort-lang", LANG); translate();
    if (state.plan) openPlan(state.plan.id);
  });
  document.getElementById("upload-button").addEventListener("click", upload);
  const drop = document.getElementById("drop");
  drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", e => { e.preventDefault(); drop.classList.remove("over"); document.getElementById("upload-input").files = e.dataTransfer.files; upload(); });
  document.getElementById("plan-form").addEventListener("submit", submitPlan);
  document.getElementById("replan-button").addEventListener("click", replan);
  document.getElementById("whatif-button").addEventListener("click", submitWhatif);
  document.getElementById("publish-button").addEventListener("click", publish);
  document.getElementById("cancel-form").addEventListener("submit", cancelDoctor);
  translate();
  loadDatasets().catch(e => say(e.message, true));
}

document.addEventListener("DOMContentLoaded", start);
