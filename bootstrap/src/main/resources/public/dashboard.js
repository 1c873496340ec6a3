/* The dashboard: live status over Server-Sent Events, per-source charts, quarantine with redrive, lineage. */
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const STAGES = {
    ingest: "waiting to be written to the lake", raw: "waiting to be cleaned",
    transformed: "waiting to be prepared for analysis", staged: "waiting to be counted"
  };
  /* The step that consumes each stage's queue, as the redrive API names it. */
  const STEP_OF = { ingest: "write_raw", raw: "transform", transformed: "stage", staged: "aggregate" };
  const redriven = {};      /* stage -> { text, error }: the last redrive's outcome, kept across status updates */
  const WINDOW = { minute: 30 * 60e3, hour: 24 * 3600e3, day: 30 * 86400e3 };
  /* "1 record", "2 records": a number with its noun, as a person writes it. */
  const counted = (n, noun, nouns = noun + "s") => `${Charts.number(n)} ${n === 1 ? noun : nouns}`;
  let token = keyFromLink() || localStorage.getItem("tributary.token") || "";
  let events = null;

  /* A link from `tributary run` carries the key after '#': browsers never send that part to a server. It is kept
     for the next visit and taken out of the address bar, so it does not end up in a bookmark or a screenshot. */
  function keyFromLink() {
    const match = /^#key=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!match) return "";
    localStorage.setItem("tributary.token", match[1]);
    history.replaceState(null, "", location.pathname + location.search);
    return match[1];
  }

  /* --- API access: every call carries the read (or operator) key --- */
  async function api(path, init) {
    const headers = Object.assign({ Accept: "application/json" }, init && init.headers);
    if (token) headers.Authorization = "Bearer " + token;
    const response = await fetch(path, Object.assign({}, init, { headers }));
    if (response.status === 401) { askForToken(); throw new Error("A key is needed."); }
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    if (!response.ok) throw new Error(body?.detail || `The server answered ${response.status}.`);
    return body;
  }

  function askForToken() {
    $("token-form").hidden = false;
    $("live").dataset.state = "lost";
    $("live").textContent = "Waiting for a key";
  }

  $("token-form").addEventListener("submit", e => {
    e.preventDefault();
    token = $("token").value.trim();
    localStorage.setItem("tributary.token", token);
    $("token-form").hidden = true;
    start();
  });

  /* --- live status --- */
  function listen() {
    if (events) events.close();
    events = new EventSource("/api/events" + (token ? "?access_token=" + encodeURIComponent(token) : ""));
    events.addEventListener("status", e => showStatus(JSON.parse(e.data)));
    events.addEventListener("problem", e => setLive("lost", JSON.parse(e.data).detail));
    events.onerror = () => setLive("lost", "Connection lost — reconnecting…");
  }

  function setLive(state, text) {
    $("live").dataset.state = state;
    $("live").textContent = text;
  }

  function seconds(s) {
    return s < 10 ? s.toFixed(1) : Math.round(s).toLocaleString();
  }

  /** How long, in words: "45 seconds", "2 minutes", "1 hour 5 minutes". */
  function lasted(s) {
    if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} minute${m === 1 ? "" : "s"}`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  /** A plain banner while a part is down: which, since when, and that nothing is lost meanwhile. */
  function showOutages(s) {
    const box = $("outage"), outages = s.outages || [];
    box.hidden = outages.length === 0;
    if (box.hidden) { box.replaceChildren(); return; }
    const lines = outages.map(o => {
      const p = document.createElement("p"), b = document.createElement("b");
      b.textContent = `${o.dependency} is unavailable`;
      p.append(b, ` since ${new Date(o.since).toLocaleTimeString()} (${lasted(o.downSeconds)}).`);
      return p;
    });
    const calm = Object.assign(document.createElement("p"), { className: "calm", textContent:
      "Incoming data is kept safely in the queue and will be counted automatically once it is back; nothing is lost. "
      + "Figures that need it show as “unknown” until then." });
    box.replaceChildren(...lines, calm);
  }

  function showStatus(s) {
    setLive("live", "Live · updated " + new Date(s.at).toLocaleTimeString());
    showOutages(s);
    const known = s.lastMinute != null;
    const waiting = s.backlog.reduce((n, b) => n + b.waiting, 0);
    const dead = s.backlog.reduce((n, b) => n + b.deadLetters, 0);
    const quarantined = s.perMinute.reduce((n, m) => n + m.rejected, 0);
    $("t-rate").textContent = known ? Charts.number(s.lastMinute.records) : "unknown";
    $("t-fresh").textContent = known && s.lastMinute.batches ? seconds(s.lastMinute.freshnessP50Seconds) : known ? "–" : "unknown";
    $("t-waiting").textContent = Charts.number(waiting);
    $("t-quarantine").textContent = known ? Charts.number(quarantined) : "unknown";
    $("t-dead").textContent = Charts.number(dead);
    showFlow(s);
    $("freshness").dataset.empty = known ? "No batch has been counted in the last 30 minutes yet."
      : "Not known while the database is unavailable.";
    Charts.line($("freshness"), [
      { label: "typical (median)", points: s.perMinute.map(m => [Date.parse(m.from), m.freshnessP50Seconds]) },
      { label: "slowest 1%", points: s.perMinute.map(m => [Date.parse(m.from), m.freshnessP99Seconds]) }
    ], { unit: "seconds from arrival to dashboard" });
  }

  function showFlow(s) {
    const q = Object.fromEntries(s.backlog.map(b => [b.stage, b]));
    const last = s.lastMinute || { records: "unknown", rejected: "unknown", batches: 0 };
    const n = v => typeof v === "number" ? Charts.number(v) : v;
    const queue = (b) => !b ? [["handed over directly (no queue to watch here)"]] : [
      [`<b>${Charts.number(b.waiting)}</b> ${STAGES[b.stage]}`],
      [`<b>${Charts.number(b.inFlight)}</b> being processed`],
      [`oldest waiting <b>${seconds(b.oldestWaitingSeconds)} s</b>`],
      [`<b>${Charts.number(b.deadLetters)}</b> given up`]
    ].concat(b.deadLetters > 0 ? [[`<button type="button" class="redrive" data-stage="${STEP_OF[b.stage]}"
        data-queue="${b.stage}">Send dead letters again</button>`]] : [])
     .concat(redriven[b.stage] ? [[`<span class="result${redriven[b.stage].error ? " error" : ""}"
        data-queue="${b.stage}"></span>`]] : []);
    const level = (b) => !b ? "" : b.deadLetters > 0 ? "bad" : b.oldestWaitingSeconds > 30 ? "warn" : "";
    const steps = [
      ["Ingest API", [[`<b>${n(last.records)}</b> records in the last minute`]], ""],
      ["Queue", queue(q.ingest), level(q.ingest)],
      ["Raw zone", queue(q.raw), level(q.raw)],
      ["Cleaned zone", queue(q.transformed).concat(
        [[`<b>${n(last.rejected)}</b> set aside in the last minute`]]), level(q.transformed)],
      ["Staged zone (Parquet)", queue(q.staged), level(q.staged)],
      ["Aggregators", [[s.aggregators.now < 0 ? "running count: see the ECS service" : `<b>${s.aggregators.now}</b> running`],
        [`scales between ${s.aggregators.min} and ${s.aggregators.max}`]], ""],
      s.batchesApplied == null
        ? ["PostgreSQL", [["<b>unavailable</b>"], ["counting resumes by itself when it is back"]], "bad"]
        : ["PostgreSQL", [[`<b>${Charts.number(s.batchesApplied)}</b> batches counted`],
          [`<b>${Charts.number(last.batches)}</b> in the last minute`],
          [`<b>${last.batches ? seconds(last.freshnessP99Seconds) : "–"} s</b> slowest 1% lag`]], ""]
    ];
    $("flow").innerHTML = steps.map(([title, lines, cls]) =>
      `<li class="${cls}" data-step="${title}"><h3>${title}</h3>${lines.map(l => `<p>${l}</p>`).join("")}</li>`).join("");
    /* set as text, not markup: a problem's detail is the server's words */
    $("flow").querySelectorAll(".result").forEach(r => { r.textContent = redriven[r.dataset.queue].text; });
  }

  /* One listener for the redrive buttons: the flow is redrawn every second, so they come and go. Needs an operator
     key; a read key's 403 shows the problem's detail next to the counts. */
  $("flow").addEventListener("click", async e => {
    const button = e.target.closest("button.redrive");
    if (!button) return;
    button.disabled = true;
    const queue = button.dataset.queue;
    try {
      const r = await api("/api/dead-letters/redrive", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ stage: button.dataset.stage }) });
      redriven[queue] = { text: `Sent again: ${counted(r.moved, "message")}`, error: false };
    } catch (err) {
      redriven[queue] = { text: err.message, error: true };
    } finally {
      button.disabled = false;
    }
  });

  /* --- sources --- */
  async function loadSources() {
    const sources = await api("/api/sources");
    const box = $("sources");
    if (sources.length === 0) {
      box.innerHTML = `<p class="empty">No sources are configured. Add a source YAML file and restart.</p>`;
      return [];
    }
    box.replaceChildren(...sources.map(sourceCard));
    return sources;
  }

  function sourceCard(source) {
    const card = document.createElement("article");
    card.className = "source";
    card.dataset.source = source.name;
    card.innerHTML = `<h3></h3><p class="desc"></p><p class="unknown" hidden></p><div class="choices"><select class="what" aria-label="What to show"></select>
      <select class="per" aria-label="Time step"></select></div><div class="chart series"></div><div class="chart breakdown"></div>
      <div class="replay"><button type="button" class="more replay-start">Recompute history with the current rules</button>
      <progress hidden></progress><span class="result" role="status"></span></div>`;
    card.querySelector("h3").textContent = source.title;
    card.querySelector(".desc").textContent = source.description;
    const what = card.querySelector(".what"), per = card.querySelector(".per");
    source.aggregations.forEach((a, i) => a.measures.forEach((m, j) => {
      what.append(new Option(`${m.description} per ${a.bucket}${a.dimensions.length ? " by " + a.dimensions.join(", ") : ""}`, `${i}/${j}`));
    }));
    what.addEventListener("change", () => { offerBuckets(card, source); drawSource(card, source); });
    per.addEventListener("change", () => drawSource(card, source));
    offerBuckets(card, source);
    drawSource(card, source);
    card.querySelector(".replay-start").addEventListener("click", () => replay(card, source));
    return card;
  }

  /** A replay of the source (operator key): started, followed with a progress bar, ended with what it changed. */
  async function replay(card, source) {
    const button = card.querySelector(".replay-start"), bar = card.querySelector(".replay progress");
    const said = card.querySelector(".replay .result");
    button.disabled = true;
    said.className = "result";
    try {
      let state = await api("/api/replays", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ source: source.name }) });
      bar.hidden = false;
      while (state.phase === "queued" || state.phase === "running") {
        bar.max = Math.max(1, state.batchesKnown);
        bar.value = state.batchesDone;
        said.textContent = `Recomputing: ${Charts.number(state.batchesDone)} of ${counted(state.batchesKnown, "batch", "batches")}, ${counted(state.records, "record")}`;
        await new Promise(r => setTimeout(r, 500));
        state = await api(`/api/replays/${state.id}`);
      }
      if (state.phase === "failed") throw new Error(`The replay stopped: ${state.error}. Start it again to resume.`);
      const changed = state.report.tables.map(t =>
        `${t.table}: ${counted(t.changed, "row")} changed, ${Charts.number(t.added)} added, ${Charts.number(t.removed)} removed`);
      said.textContent = `Recomputed ${counted(state.report.batches, "batch", "batches")} with rules version ${state.report.version}. ${changed.join("; ")}.`;
      drawSource(card, source);
    } catch (err) {
      said.textContent = err.message;
      said.className = "result error";
    } finally {
      bar.hidden = true;
      button.disabled = false;
    }
  }

  /** The time steps the chosen aggregation can be shown in: its own and coarser ones (minutes add up to hours and days). */
  function offerBuckets(card, source) {
    const agg = source.aggregations[Number(card.querySelector(".what").value.split("/")[0])];
    const per = card.querySelector(".per"), kept = per.value;
    per.replaceChildren(...agg.buckets.map(b => new Option(`per ${b}`, b)));
    if (agg.buckets.includes(kept)) per.value = kept;
    per.hidden = agg.buckets.length < 2;
  }

  async function drawSource(card, source) {
    const [i, j] = card.querySelector(".what").value.split("/").map(Number);
    const agg = source.aggregations[i], measure = agg.measures[j];
    const bucket = card.querySelector(".per").value || agg.bucket, rolled = bucket !== agg.bucket;
    const from = new Date(Date.now() - WINDOW[bucket]).toISOString();
    const series = card.querySelector(".series"), breakdown = card.querySelector(".breakdown");
    try {
      const table = await api(`/api/aggregates/${source.name}/${agg.table}?from=${from}&limit=5000${rolled ? "&bucket=" + bucket : ""}`);
      const t = table.columns.indexOf(bucket), m = table.columns.indexOf(measure.column);
      const byTime = new Map();
      table.rows.forEach(r => byTime.set(r[t], (byTime.get(r[t]) || 0) + Number(r[m] || 0)));
      const unit = `${measure.description} per ${bucket}`;
      Charts.line(series, [{ label: measure.description, points: [...byTime].map(([k, v]) => [Date.parse(k), v]) }],
        { unit, day: bucket === "day", empty: `Nothing counted for ${source.title.toLowerCase()} in this period yet.` });
      if (agg.dimensions.length === 0) { breakdown.replaceChildren(); return; }
      const dim = agg.dimensions[0], d = table.columns.indexOf(dim);
      const latest = table.rows.length ? table.rows[0][t] : null;
      const byValue = new Map();
      table.rows.filter(r => r[t] === latest).forEach(r => byValue.set(r[d], (byValue.get(r[d]) || 0) + Number(r[m] || 0)));
      const items = [...byValue].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value).slice(0, 8);
      const since = !latest ? "" : bucket === "day" ? new Date(latest).toLocaleDateString() : new Date(latest).toLocaleTimeString();
      // A bar's lineage is traced per row of the aggregation; a rolled-up bar adds up many rows, so it is not clickable.
      Charts.bars(breakdown, items, { unit: `${measure.description} by ${dim}, ${bucket} from ${since}` },
        rolled ? undefined : bar => showLineage(source, agg, latest, { [dim]: bar.label }));
    } catch (e) {
      series.innerHTML = `<p class="error">Could not load this chart: ${e.message}</p>`;
    }
  }

  /* --- lineage --- */
  async function showLineage(source, agg, bucket, dims) {
    const body = $("lineage-body");
    body.innerHTML = `<p class="empty">Looking up batches…</p>`;
    $("lineage-title").textContent = `Where "${Object.values(dims).join(", ")}" at ${new Date(bucket).toLocaleString()} comes from`;
    $("lineage").showModal();
    try {
      const params = new URLSearchParams(Object.assign({ bucket }, dims));
      const l = await api(`/api/lineage/${source.name}/${agg.table}?${params}`);
      if (l.batches.length === 0) { body.innerHTML = `<p class="empty">No batch found (${l.examined} checked).</p>`; return; }
      body.innerHTML = `<p>${l.batches.length} batches contributed${l.complete ? "" : ` (the first ${l.examined} received were checked)`}.</p>
        <table><tr><th>Batch</th><th>Records in this number</th><th>Arrived</th><th>Rules version</th><th>Raw file</th></tr>${l.batches.map(b =>
        `<tr><td>${b.batchId.slice(0, 13)}…</td><td>${b.records}</td><td>${new Date(b.receivedAt).toLocaleTimeString()}</td><td>${b.definitionVersion ?? "before versions"}</td><td>${b.rawObject}</td></tr>`).join("")}</table>`;
    } catch (e) {
      body.innerHTML = `<p class="error">${e.message}</p>`;
    }
  }

  /* --- quarantine --- */
  const Q_PAGE = 10;
  let quarantineShown = Q_PAGE;

  /** Reloads as many of the newest batches as are shown, so a refresh keeps what "Show more" opened. */
  async function loadQuarantine() {
    const box = $("quarantine");
    try {
      const page = await api(`/api/quarantine?limit=${Math.min(200, quarantineShown)}`);
      if (page.batches.length === 0) { box.innerHTML = `<p class="empty">Nothing is set aside: every record passed its rules.</p>`; return; }
      box.replaceChildren(...page.batches.map(quarantineCard));
      if (page.next) box.append(showMore(page.next));
    } catch (e) {
      box.innerHTML = `<p class="error">Could not load the quarantine: ${e.message}</p>`;
    }
  }

  function showMore(next) {
    const button = Object.assign(document.createElement("button"), { type: "button", id: "q-more", className: "more",
      textContent: "Show more" });
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const page = await api(`/api/quarantine?limit=${Q_PAGE}&after=${encodeURIComponent(next)}`);
        quarantineShown += page.batches.length;
        button.replaceWith(...page.batches.map(quarantineCard), ...(page.next ? [showMore(page.next)] : []));
      } catch (e) {
        button.disabled = false;
        button.textContent = `Show more (failed: ${e.message})`;
      }
    });
    return button;
  }

  function quarantineCard(q) {
    const div = document.createElement("div");
    div.className = "qbatch";
    div.dataset.object = q.object;
    div.innerHTML = `<header><span><b></b> · <span class="when"></span> · ${q.records.length} record(s)</span>
      <span><button type="button">Send again</button> <span class="result"></span></span></header><ul></ul>`;
    div.querySelector("b").textContent = q.source;
    div.querySelector(".when").textContent = new Date(q.receivedAt).toLocaleString();
    div.querySelector("ul").replaceChildren(...q.records.slice(0, 5).map(r => Object.assign(document.createElement("li"),
      { textContent: `record ${r.record}${r.field ? ", " + r.field : ""}: ${r.reason}` })));
    const button = div.querySelector("button"), result = div.querySelector(".result");
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const r = await api("/api/quarantine/redrive", { method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ object: q.object }) });
        result.className = "result";
        result.dataset.batchId = r.batchId;
        result.textContent = `Sent again: ${r.records} record(s) as batch ${r.batchId.slice(0, 13)}…`;
      } catch (e) {
        result.className = "result error";
        result.textContent = e.message;
      } finally {
        button.disabled = false;
      }
    });
    return div;
  }

  /** Fields producers send that a source does not declare: said on its card, so nobody loses them unknowingly. */
  async function loadUnknownFields() {
    try {
      const fields = await api("/api/unknown-fields");
      document.querySelectorAll(".source").forEach(card => {
        const mine = fields.filter(f => f.source === card.dataset.source);
        const line = card.querySelector(".unknown");
        line.hidden = mine.length === 0;
        line.textContent = mine.length === 0 ? "" : "New fields arriving: " + mine.map(f =>
          `${f.field} (${counted(f.records, "record")}, first seen ${new Date(f.firstSeen).toLocaleString()}, last seen ${new Date(f.lastSeen).toLocaleString()})`).join("; ")
          + ". The source does not declare them: add them to its definition to keep them.";
      });
    } catch (e) {
      /* the next round tries again; the cards keep what they showed */
    }
  }

  /* --- start --- */
  async function start() {
    listen();
    try {
      const sources = await loadSources();
      loadQuarantine();
      loadUnknownFields();
      setInterval(loadUnknownFields, 20000);
      setInterval(() => document.querySelectorAll(".source").forEach(card =>
        drawSource(card, sources.find(s => s.name === card.dataset.source))), 10000);
      setInterval(loadQuarantine, 30000);
    } catch (e) {
      $("sources").innerHTML = `<p class="error">Could not load the sources: ${e.message}</p>`;
    }
  }

  start();
})();
