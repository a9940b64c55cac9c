// tally: the series chart. Draws what the page's chart data says (the JSON of
// tally_app::chart::Chart in <script id="chart-data">, decided in Rust as for `tally chart`):
// each source's figures in its colour, a point as a dot, a floor ("over 5,000") as a dot with
// an arrow up, a ceiling with an arrow down, a range as a bar; the best estimate with its
// low and high as step lines (uPlot, vendored); a linear or log value axis, the data's
// choice first. A point's source, value as written, date and evidence show when the pointer
// is near it or when it is chosen with the arrow keys. The claims (/api/claims) give the
// value as written. No inline script: the page's Content-Security-Policy allows scripts
// from the server only.
(function () {
  "use strict";
  var el = document.getElementById("chart");
  var dataEl = document.getElementById("chart-data");
  if (!el || !dataEl) return;
  if (typeof uPlot === "undefined") {
    el.textContent = "The chart library did not load.";
    el.dataset.ready = "error";
    return;
  }
  var chart;
  try {
    chart = JSON.parse(dataEl.textContent);
  } catch (error) {
    chart = null;
  }
  if (!chart || !Array.isArray(chart.marks) || !Array.isArray(chart.steps)) {
    el.textContent = "The chart's data could not be read.";
    el.dataset.ready = "error";
    return;
  }
  var params = { actor: el.dataset.actor, role: el.dataset.role, metric: el.dataset.metric };
  // A running total is the default; counts over periods say so (the claims of a total
  // include increments counted over periods, so a total's claims are not filtered by scope).
  if (el.dataset.scope && el.dataset.scope !== "total") params.scope = el.dataset.scope;
  // "Published by": only what documents published by that day said.
  if (el.dataset.publishedBy) params.published_by = el.dataset.publishedBy;
  // "Known on": the ledger as it stood at that moment.
  if (el.dataset.knownOn) params.known_on = el.dataset.knownOn;
  // A subgroup's series is its own ("children", "journalists").
  if (el.dataset.group) params.group = el.dataset.group;
  var NEAR = 30; // pixels: how close the pointer must be to a figure
  var DAY = 86400;
  var BEST = "#1d2330", BAND = "#6b7488";

  function day(s) {
    return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 1000;
  }
  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function link(href, text) {
    var a = node("a", null, text);
    a.href = href;
    return a;
  }
  function query(extra) {
    var q = new URLSearchParams(params);
    Object.keys(extra || {}).forEach(function (k) { q.set(k, extra[k]); });
    return q.toString();
  }
  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }
  function thousands(v) {
    return v.toLocaleString("en-US", { maximumFractionDigits: v < 10 ? 1 : 0 });
  }

  // Every claim of the series by id, page by page (at most 5,000): the values as written.
  function claimsOfSeries() {
    var byId = new Map();
    function page(offset, left) {
      return getJson("/api/claims?" + query({ limit: "1000", offset: String(offset) })).then(function (p) {
        p.claims.forEach(function (c) { byId.set(c.id, c); });
        return p.next != null && left > 1 ? page(p.next, left - 1) : byId;
      });
    }
    return page(0, 5);
  }

  // The number as the text wrote it: evidence offsets are UTF-8 bytes.
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  function written(claim) {
    if (!claim || !claim.evidence) return null;
    var ev = claim.evidence;
    var bytes = encoder.encode(ev.text || "");
    var start = ev.number.start - ev.sentence.start;
    var end = ev.number.end - ev.sentence.start;
    if (start < 0 || end > bytes.length || start >= end) return null;
    return decoder.decode(bytes.slice(start, end));
  }

  var claims = new Map();
  claimsOfSeries()
    .then(function (found) { claims = found; if (current) describe(current, details, true); })
    .catch(function () { /* the values as written are a help, not the chart */ });

  // The days: every figure's and every estimate's, in order.
  var xsSet = new Set();
  chart.steps.forEach(function (s) { xsSet.add(day(s.date)); });
  chart.marks.forEach(function (m) { xsSet.add(day(m.date)); });
  var xs = Array.from(xsSet).sort(function (a, b) { return a - b; });
  if (xs.length === 0) {
    el.textContent = "No dated figure to draw.";
    el.dataset.ready = "empty";
    return;
  }
  var at = new Map(xs.map(function (x, i) { return [x, i]; }));
  var best = xs.map(function () { return null; });
  var low = best.slice();
  var high = best.slice();
  chart.steps.forEach(function (s) {
    var i = at.get(day(s.date));
    best[i] = s.best; low[i] = s.low; high[i] = s.high;
  });
  // The estimate holds until the next day one is placed.
  var firstStep = chart.steps.length ? day(chart.steps[0].date) : Infinity;
  for (var i = 1; i < xs.length; i++) {
    if (best[i] == null && xs[i] > firstStep) { best[i] = best[i - 1]; low[i] = low[i - 1]; high[i] = high[i - 1]; }
  }
  // The marks in date order, and whether each source is shown.
  var marks = chart.marks.map(function (m, k) { return { k: k, m: m, x: day(m.date) }; });
  var hidden = chart.sources.map(function () { return false; });

  var scale = chart.scale;
  var tip = node("div", "chart-tip");
  tip.setAttribute("aria-hidden", "true");
  var details = document.getElementById("point");
  var current = null; // the mark described in the panel
  var plot = null;

  // Where a mark's glyph sits: a range's middle (geometric on a log axis).
  function anchor(m) {
    if (m.low != null && m.high != null) {
      return scale === "log" && m.low > 0 ? Math.sqrt(m.low * m.high) : (m.low + m.high) / 2;
    }
    return m.low != null ? m.low : m.high;
  }
  function clampY(v) {
    var range = chart[scale];
    return Math.min(Math.max(v, range[0]), range[1]);
  }
  function visible() {
    return marks.filter(function (t) { return !hidden[t.m.source]; });
  }

  function describe(target, into, withLinks) {
    while (into.firstChild) into.removeChild(into.firstChild);
    var f = target.m;
    var source = chart.sources[f.source];
    var box = node("div", "figure");
    var swatch = node("span", "swatch");
    swatch.style.background = source.color;
    box.appendChild(swatch);
    box.appendChild(node("strong", "source", source.name));
    box.appendChild(document.createTextNode(" · " + f.display + " · " + f.date));
    if (f.as_of) box.appendChild(document.createTextNode(" (as of " + f.as_of[0] + "–" + f.as_of[1] + ")"));
    if (f.confidence) box.appendChild(document.createTextNode(" · " + f.confidence));
    var shape = { point: "a figure", floor: "a floor: at least this", ceiling: "a ceiling: at most this", range: "a range" }[f.shape];
    box.appendChild(node("div", "shape", shape));
    var first = f.reports.length ? claims.get(f.reports[0].claim) : null;
    var asWritten = written(first);
    if (asWritten) {
      var w = node("div", "as-written");
      w.appendChild(document.createTextNode("as written: “"));
      w.appendChild(node("span", "written", asWritten));
      w.appendChild(document.createTextNode("”"));
      box.appendChild(w);
    }
    if (withLinks) {
      var ev = node("div", "evidence", "evidence: ");
      f.reports.forEach(function (r, n) {
        if (r.claim == null) return;
        var claim = claims.get(r.claim);
        if (n > 0) ev.appendChild(document.createTextNode(", "));
        ev.appendChild(link("/claims/" + r.claim, "claim #" + r.claim));
        if (claim) {
          ev.appendChild(document.createTextNode(" in "));
          ev.appendChild(link("/documents/" + claim.document + "#claim-" + r.claim, r.doc));
        }
      });
      box.appendChild(ev);
    } else {
      box.appendChild(node("div", "reports-count", f.n_reports + (f.n_reports === 1 ? " report" : " reports")));
    }
    into.appendChild(box);
  }

  function position(u, t) {
    return { x: u.valToPos(t.x, "x"), y: u.valToPos(clampY(anchor(t.m)), "y") };
  }

  // The figure nearest the pointer, within NEAR pixels (a range: anywhere along its bar).
  function nearest(u) {
    var left = u.cursor.left, top = u.cursor.top;
    if (left == null || left < 0) return null;
    var found = null, bestDistance = NEAR;
    visible().forEach(function (t) {
      var x = u.valToPos(t.x, "x");
      var y;
      if (t.m.shape === "range") {
        var y1 = u.valToPos(clampY(t.m.high), "y"), y2 = u.valToPos(clampY(t.m.low), "y");
        y = Math.min(Math.max(top, y1), y2);
      } else {
        y = u.valToPos(clampY(anchor(t.m)), "y");
      }
      var d = Math.sqrt((x - left) * (x - left) + (y - top) * (y - top));
      if (d < bestDistance) { bestDistance = d; found = t; }
    });
    return found;
  }

  function show(u, target) {
    if (!target) {
      tip.classList.remove("on");
      return;
    }
    describe(target, tip, false);
    var p = position(u, target);
    var width = u.over.clientWidth;
    tip.classList.add("on");
    // Beside the figure, above it in the lower half so that the axis stays readable.
    tip.style.left = Math.min(p.x + 12, Math.max(0, width - tip.offsetWidth - 4)) + "px";
    var below = p.y < u.over.clientHeight / 2;
    tip.style.top = (below ? p.y + 12 : Math.max(0, p.y - tip.offsetHeight - 12)) + "px";
    choose(target);
  }

  function choose(target) {
    if (current === target) return;
    current = target;
    describe(target, details, true);
    details.dataset.source = chart.sources[target.m.source].name;
    if (plot) plot.redraw(false, false);
  }

  // The glyphs, drawn on uPlot's canvas after its own lines.
  function drawMarks(u) {
    var ctx = u.ctx;
    var ratio = window.devicePixelRatio || 1;
    var r = 5 * ratio, arrow = 22 * ratio, head = 6 * ratio;
    ctx.save();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    visible().forEach(function (t) {
      var m = t.m;
      var color = chart.sources[m.source].color;
      var x = u.valToPos(t.x, "x", true);
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      if (m.as_of && m.as_of[0] < m.as_of[1]) {
        // The period the figure covers, as a faint line at its value.
        var y0 = u.valToPos(clampY(anchor(m)), "y", true);
        ctx.globalAlpha = 0.45;
        ctx.lineWidth = 2 * ratio;
        ctx.beginPath();
        ctx.moveTo(u.valToPos(day(m.as_of[0]), "x", true), y0);
        ctx.lineTo(Math.max(x, u.valToPos(day(m.as_of[1]), "x", true)), y0);
        ctx.stroke();
        ctx.globalAlpha = 1;
      }
      if (m.shape === "range") {
        var top = u.valToPos(clampY(m.high), "y", true), bottom = u.valToPos(clampY(m.low), "y", true);
        ctx.lineWidth = 4 * ratio;
        ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
        ctx.lineWidth = 2 * ratio;
        ctx.beginPath();
        ctx.moveTo(x - head, top); ctx.lineTo(x + head, top);
        ctx.moveTo(x - head, bottom); ctx.lineTo(x + head, bottom);
        ctx.stroke();
      } else {
        var y = u.valToPos(clampY(anchor(m)), "y", true);
        if (m.shape === "floor" || m.shape === "ceiling") {
          var dir = m.shape === "floor" ? -1 : 1; // canvas y grows downwards
          var tipY = y + dir * arrow;
          ctx.lineWidth = 2 * ratio;
          ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x, tipY - dir * head); ctx.stroke();
          ctx.beginPath();
          ctx.moveTo(x - head, tipY - dir * head); ctx.lineTo(x + head, tipY - dir * head); ctx.lineTo(x, tipY);
          ctx.closePath(); ctx.fill();
        }
        ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill();
        ctx.lineWidth = 1 * ratio;
        ctx.strokeStyle = "rgba(29, 35, 48, 0.7)";
        ctx.stroke();
      }
      if (current === t) {
        // The chosen figure: a ring around its glyph.
        var cy = u.valToPos(clampY(anchor(m)), "y", true);
        ctx.strokeStyle = BEST;
        ctx.lineWidth = 2 * ratio;
        ctx.beginPath(); ctx.arc(x, cy, r + 4 * ratio, 0, 2 * Math.PI); ctx.stroke();
      }
    });
    ctx.restore();
  }

  // Where each figure is drawn (for tests that hover them), once the chart is drawn.
  function mapTargets(u) {
    var targets = visible().map(function (t) {
      var p = position(u, t);
      return { source: chart.sources[t.m.source].name, shape: t.m.shape, x: Math.round(p.x), y: Math.round(p.y) };
    });
    el.dataset.targets = JSON.stringify(targets);
    el.dataset.scale = scale;
    el.dataset.ready = "true";
  }

  // Day labels far enough apart never to run into each other, shorter as the ticks part.
  function dayLabels(u, splits, axisIdx, foundSpace, foundIncr) {
    return splits.map(function (ts) {
      var iso = new Date(ts * 1000).toISOString();
      if (foundIncr >= 365 * DAY) return iso.slice(0, 4);
      if (foundIncr >= 28 * DAY) return iso.slice(0, 7);
      return iso.slice(0, 10);
    });
  }
  // On a log axis, ticks, lines and labels at 1, 2 and 5 times a power of ten, or at
  // powers of ten alone when the axis spans more than three decades.
  function logTicks(u, splits) {
    var decades = Math.log10(chart.log[1] / chart.log[0]);
    return splits.map(function (v) {
      var mantissa = Math.round(v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)));
      var keep = decades > 3 ? mantissa === 1 : (mantissa === 1 || mantissa === 2 || mantissa === 5);
      return keep ? v : null;
    });
  }
  function valueLabels(u, splits) {
    return splits.map(function (v) { return v == null ? "" : thousands(v); });
  }

  function size() {
    return { width: Math.max(200, el.clientWidth), height: el.clientWidth < 480 ? 260 : 320 };
  }

  function build() {
    if (plot) plot.destroy();
    var floor = function (values) {
      return scale === "log" ? values.map(function (v) { return v == null ? null : clampY(v); }) : values;
    };
    var stepped = uPlot.paths.stepped({ align: 1 });
    var series = [
      {},
      { label: "best estimate", stroke: BEST, width: 2, paths: stepped, points: { show: false }, spanGaps: true },
      { label: "low", stroke: BAND, width: 1, dash: [4, 4], paths: stepped, points: { show: false }, spanGaps: true },
      { label: "high", stroke: BAND, width: 1, dash: [4, 4], paths: stepped, points: { show: false }, spanGaps: true }
    ];
    var dims = size();
    var opts = {
      width: dims.width,
      height: dims.height,
      series: series,
      legend: { show: false },
      padding: [12, 16, 0, 0],
      cursor: { lock: true, points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: function () { return [day(chart.days[0]), day(chart.days[1])]; } },
        y: scale === "log"
          ? { distr: 3, log: 10, range: function () { return chart.log.slice(); } }
          : { range: function () { return chart.linear.slice(); } }
      },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      axes: [
        {
          // Whole days: figures are placed at days, never at hours.
          space: 100,
          incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY, 730 * DAY, 1826 * DAY, 3652 * DAY],
          values: dayLabels
        },
        { label: chart.series.metric + (scale === "log" ? " (log scale)" : ""), size: 72, values: valueLabels, space: 36,
          filter: scale === "log" ? logTicks : undefined,
          ticks: scale === "log" ? { filter: logTicks } : {},
          grid: scale === "log" ? { filter: logTicks } : {} }
      ],
      hooks: {
        setCursor: [function (u) { show(u, nearest(u)); }],
        draw: [drawMarks, mapTargets]
      }
    };
    plot = new uPlot(opts, [xs, floor(best), floor(low), floor(high)], el);
    plot.over.appendChild(tip);
  }

  // The scale switch: two buttons, the one in use pressed.
  var controls = document.getElementById("chart-controls");
  var buttons = {};
  if (controls) {
    controls.appendChild(node("span", "label", "Scale: "));
    ["linear", "log"].forEach(function (name) {
      var b = node("button", "scale", name === "log" ? "log" : "linear");
      b.type = "button";
      b.dataset.scale = name;
      b.addEventListener("click", function () {
        scale = name;
        Object.keys(buttons).forEach(function (k) { buttons[k].setAttribute("aria-pressed", String(k === scale)); });
        build();
      });
      buttons[name] = b;
      controls.appendChild(b);
    });
    Object.keys(buttons).forEach(function (k) { buttons[k].setAttribute("aria-pressed", String(k === scale)); });
    controls.appendChild(node("span", "muted", chart.spread >= 100
      ? " (the figures span " + Math.floor(Math.log10(chart.spread)) + " orders of magnitude: log by default)"
      : ""));
  }

  // The legend, one entry per source with its number of figures: a button that hides or
  // shows the source's figures. Past the palette's colours, the other sources in one entry.
  var legend = document.getElementById("legend");
  function swatch(cls, color) {
    var s = node("span", "swatch " + cls);
    if (color) s.style.background = color;
    return s;
  }
  var best_entry = node("span", "entry");
  best_entry.appendChild(swatch("swatch-best"));
  best_entry.appendChild(document.createTextNode("best estimate (low and high dashed)"));
  legend.appendChild(best_entry);
  var otherIdx = [];
  chart.sources.forEach(function (source, s) {
    if (source.other) { otherIdx.push(s); return; }
    legend.appendChild(toggle([s], source.name + " (" + source.n_figures + ")", source.color));
  });
  if (otherIdx.length) {
    var n = otherIdx.reduce(function (sum, s) { return sum + chart.sources[s].n_figures; }, 0);
    legend.appendChild(toggle(otherIdx, otherIdx.length + " other sources (" + n + ")", chart.sources[otherIdx[0]].color));
  }
  function toggle(indexes, label, color) {
    var b = node("button", "entry");
    b.type = "button";
    b.setAttribute("aria-pressed", "true");
    b.title = "Show or hide these figures";
    b.appendChild(swatch("", color));
    b.appendChild(document.createTextNode(label));
    b.addEventListener("click", function () {
      var hide = b.getAttribute("aria-pressed") === "true";
      indexes.forEach(function (s) { hidden[s] = hide; });
      b.setAttribute("aria-pressed", String(!hide));
      if (current && hidden[current.m.source]) tip.classList.remove("on");
      plot.redraw(false, false);
    });
    return b;
  }
  var key = document.getElementById("legend-key");
  if (key) {
    [["glyph-point", "a figure"], ["glyph-floor", "a floor: over N"], ["glyph-ceiling", "a ceiling: up to N"], ["glyph-range", "a range: low to high"]].forEach(function (g) {
      var item = node("span", "entry");
      item.appendChild(node("span", "glyph " + g[0]));
      item.appendChild(document.createTextNode(g[1]));
      key.appendChild(item);
    });
  }

  build();

  // The keyboard: the chart takes the focus; the left and right arrows (Home, End) step
  // through the figures in date order, each described in the panel below (read aloud).
  el.tabIndex = 0;
  el.setAttribute("role", "application");
  el.setAttribute("aria-roledescription", "chart");
  el.setAttribute("aria-label", "Timeline of " + chart.marks.length + " figures. Use the left and right arrow keys to step through them; each is described below the chart.");
  el.addEventListener("keydown", function (event) {
    var list = visible();
    if (!list.length) return;
    var idx = current ? list.indexOf(current) : -1;
    var next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowUp") next = list[Math.min(list.length - 1, idx + 1)];
    else if (event.key === "ArrowLeft" || event.key === "ArrowDown") next = list[Math.max(0, idx < 0 ? list.length - 1 : idx - 1)];
    else if (event.key === "Home") next = list[0];
    else if (event.key === "End") next = list[list.length - 1];
    else if (event.key === "Escape") { tip.classList.remove("on"); return; }
    if (!next) return;
    event.preventDefault();
    show(plot, next);
  });
  el.addEventListener("blur", function () { tip.classList.remove("on"); });

  // Start with the latest figure described, so the panel is never empty.
  var latest = visible().slice(-1)[0];
  if (latest) choose(latest);

  // The chart follows its box's width (a window resized or turned, a panel narrowed).
  var pending = null;
  var drawnWidth = size().width;
  function follow() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      var dims = size();
      if (dims.width !== drawnWidth) { drawnWidth = dims.width; plot.setSize(dims); }
    }, 100);
  }
  if (typeof ResizeObserver === "function") new ResizeObserver(follow).observe(el);
  window.addEventListener("resize", follow);
})();
