// The what-if page: every change of a lever asks the server for a new
// comparison. Requests carry this page's id and an increasing number; a
// newer request aborts the older one here and supersedes it on the server,
// and an answer is only shown if it belongs to the newest request.
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("words").textContent);
  var form = document.getElementById("levers");
  var client = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : String(Math.random()).slice(2) + String(Date.now());
  // How long to wait for more input before asking for an update: a slider
  // sends many events while it moves, a typed number many keystrokes.
  var SLIDER_PAUSE_MS = 150;
  var TYPING_PAUSE_MS = 400;
  var seq = 0;
  var pending = null;
  var timer = null;

  function fields() { return form.querySelectorAll("[name]"); }

  // A field's value as sent: numbers as numbers, anything else as typed,
  // so that the server's validation judges it.
  function valueOf(el) {
    if (el.dataset.kind === "months-or-none") {
      var none = form.querySelector('[data-none-for="' + el.name + '"]');
      if (none && none.checked) { return "none"; }
    }
    if (el.type === "number") {
      var text = el.value.trim();
      if (text !== "" && isFinite(Number(text))) { return Number(text); }
      return el.value;
    }
    return el.value;
  }

  function settings() {
    var s = { replications: null, levers: {} };
    fields().forEach(function (el) {
      if (el.name === "replications") { s.replications = valueOf(el); }
      else { s.levers[el.name] = valueOf(el); }
    });
    return s;
  }

  function apply(s) {
    fields().forEach(function (el) {
      var v = el.name === "replications" ? s.replications : (s.levers || {})[el.name];
      if (v === undefined || v === null) { return; }
      if (el.dataset.kind === "months-or-none") {
        var none = form.querySelector('[data-none-for="' + el.name + '"]');
        none.checked = (v === "none");
        if (v !== "none") { el.value = v; }
      } else {
        el.value = v;
      }
    });
    syncAll();
  }

  function syncAll() {
    form.querySelectorAll("input[type=range]").forEach(function (r) {
      var field = form.querySelector('[name="' + r.dataset.for + '"]');
      if (field && field.value !== "") { r.value = field.value; }
    });
    form.querySelectorAll("[data-none-for]").forEach(function (c) {
      var field = form.querySelector('[name="' + c.dataset.noneFor + '"]');
      var range = form.querySelector('[data-for="' + c.dataset.noneFor + '"]');
      field.disabled = c.checked;
      if (range) { range.disabled = c.checked; }
    });
    form.querySelectorAll("[data-when-key]").forEach(function (div) {
      var field = form.querySelector('[name="' + div.dataset.whenKey + '"]');
      div.classList.toggle("hidden", !!field && field.value !== div.dataset.whenValue);
    });
  }

  function clearProblems() {
    form.querySelectorAll(".invalid").forEach(function (el) { el.classList.remove("invalid"); });
    form.querySelectorAll("output.problem").forEach(function (o) { o.hidden = true; o.textContent = ""; });
    var m = document.getElementById("message");
    m.hidden = true;
    m.textContent = "";
  }

  function showMessage(text) {
    var m = document.getElementById("message");
    m.textContent = text;
    m.hidden = false;
  }

  function showInvalid(body) {
    var key = body.key || "";
    var field = form.querySelector('[name="' + (window.CSS && CSS.escape ? CSS.escape(key) : key) + '"]');
    if (!field && key.indexOf("economy.shocks.") === 0) {
      field = form.querySelector('[name="economy.shocks.0.' + key.split(".").pop() + '"]');
    }
    var text = words.invalid + ": " + (body.problem || "") +
      (body.allowed ? " (" + words.allowed + ": " + body.allowed + ")" : "");
    if (field) {
      field.classList.add("invalid");
      var out = form.querySelector('output[for="' + field.id + '"]');
      if (out) { out.textContent = text; out.hidden = false; }
    }
    showMessage(body.message || text);
  }

  // A table cell: a text, or a main line with a smaller second line.
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    if (Array.isArray(text)) {
      var main = document.createElement("span");
      main.textContent = text[0];
      td.appendChild(main);
      if (text.length > 1) {
        var sub = document.createElement("small");
        sub.textContent = text[1];
        td.appendChild(sub);
      }
    } else {
      td.textContent = text;
    }
    if (cls) { td.className = cls; }
    tr.appendChild(td);
  }

  function pct(x) {
    return x === null || x === undefined ? "–"
      : (100 * x).toLocaleString(words.lang, { maximumFractionDigits: 0 }) + "%";
  }

  function render(v, ms) {
    var body = document.querySelector("#metrics tbody");
    body.textContent = "";
    v.metrics.forEach(function (m) {
      var tr = document.createElement("tr");
      tr.className = m.verdict;
      tr.dataset.metric = m.id;
      tr.dataset.base = m.base.p50;
      tr.dataset.variant = m.variant.p50;
      tr.dataset.diff = m.diff_mean;
      cell(tr, m.label);
      cell(tr, [m.base.median_text, m.base.range_text], "n");
      cell(tr, [m.variant.median_text, m.variant.range_text], "n");
      cell(tr, [m.diff_mean_text + " · " + words[m.verdict], m.diff_range_text], "n diff");
      cell(tr, [pct(m.p_better)], "n");
      body.appendChild(tr);
    });
    var changes = document.getElementById("changes");
    changes.textContent = "";
    var p = document.createElement("p");
    if (v.changes.length === 0) {
      p.textContent = words.no_changes;
      changes.appendChild(p);
    } else {
      p.textContent = words.changed;
      changes.appendChild(p);
      var ul = document.createElement("ul");
      v.changes.forEach(function (c) {
        var li = document.createElement("li");
        li.textContent = c.label + ": " + c.from + " → " + c.to;
        ul.appendChild(li);
      });
      changes.appendChild(ul);
    }
    var findings = document.getElementById("findings");
    findings.textContent = "";
    (v.findings.length ? v.findings : [words.no_findings]).forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = f;
      findings.appendChild(li);
    });
    var charts = document.getElementById("charts");
    v.charts.forEach(function (c) {
      var fig = document.getElementById("chart-" + c.id);
      if (!fig) {
        fig = document.createElement("figure");
        fig.id = "chart-" + c.id;
        fig.className = "chart";
        charts.appendChild(fig);
      }
      fig.innerHTML = c.svg; // SVG drawn by the server from numbers only
    });
    document.getElementById("status").textContent = words.updated + " " +
      (ms / 1000).toLocaleString(words.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " s · " +
      v.replications + " " + words.replications + " · " + words.seed + " " + v.seed;
  }

  function update() {
    timer = null;
    syncAll();
    var s = settings();
    seq += 1;
    var mine = seq;
    if (pending) { pending.abort(); }
    pending = new AbortController();
    document.body.dataset.state = "busy";
    document.getElementById("status").textContent = words.updating;
    try { history.replaceState(null, "", "#" + encodeURIComponent(JSON.stringify(s))); } catch (e) { /* no history */ }
    var started = performance.now();
    fetch("api/run", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client: client, seq: mine, lang: words.lang, replications: s.replications, levers: s.levers }),
      signal: pending.signal
    }).then(function (res) {
      return res.json().then(function (body) { return { code: res.status, body: body }; });
    }).then(function (r) {
      if (mine !== seq) { return; } // an answer to an older request
      pending = null;
      clearProblems();
      var status = r.body && r.body.status;
      if (r.code === 200 && status === "superseded") {
        return; // a newer request of this page is on its way
      }
      if (r.code === 200 && status === "ok") {
        render(r.body, performance.now() - started);
        document.getElementById("download").href = "scenario.toml?s=" + encodeURIComponent(JSON.stringify(s));
        document.body.dataset.state = "ready";
        document.body.dataset.updates = String(Number(document.body.dataset.updates) + 1);
      } else if (r.code === 200 && status === "invalid") {
        showInvalid(r.body);
        document.body.dataset.state = "invalid";
        document.getElementById("status").textContent = "";
      } else {
        showMessage(words.failed + ": " + (r.body.message || r.code));
        document.body.dataset.state = "error";
      }
    }).catch(function (e) {
      if (e && e.name === "AbortError") { return; }
      if (mine !== seq) { return; }
      showMessage(words.unreachable);
      document.body.dataset.state = "error";
    });
  }

  function later(ms) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(update, ms);
  }

  form.addEventListener("input", function (e) {
    var t = e.target;
    if (t.type === "range") {
      var field = form.querySelector('[name="' + t.dataset.for + '"]');
      field.value = t.value;
      later(SLIDER_PAUSE_MS);
    } else if (t.type === "number") {
      later(TYPING_PAUSE_MS);
    }
  });
  form.addEventListener("change", function (e) {
    var t = e.target;
    // a choice made, or a field or slider left: update now
    if (t.tagName === "SELECT" || ["checkbox", "number", "range"].indexOf(t.type) >= 0) { later(0); }
  });
  document.getElementById("reset").addEventListener("click", function () {
    fields().forEach(function (el) {
      if (el.dataset.kind === "months-or-none") {
        var none = form.querySelector('[data-none-for="' + el.name + '"]');
        none.checked = el.dataset.initial === "none";
        if (el.dataset.initial !== "none") { el.value = el.dataset.initial; }
      } else {
        el.value = el.dataset.initial;
      }
    });
    later(0);
  });
  ["lang-nl", "lang-en"].forEach(function (id) {
    document.getElementById(id).addEventListener("click", function (e) {
      e.preventDefault();
      location.href = this.getAttribute("href") + location.hash;
    });
  });

  if (location.hash.length > 1) {
    try { apply(JSON.parse(decodeURIComponent(location.hash.slice(1)))); } catch (e) { /* ignore a bad hash */ }
  }
  update();
})();
