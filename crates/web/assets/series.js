// tally: the series chart. Reads the series' timeline (/api/timeline) and claims
// (/api/claims), draws each source's figures as points and the best estimate with its low
// and high as step lines (uPlot, vendored), and shows a point's source, value as written,
// date and links to its evidence when the pointer is near it. No inline script: the page's
// Content-Security-Policy allows scripts from the server only.
(function () {
  "use strict";
  var el = document.getElementById("chart");
  if (!el) return;
  if (typeof uPlot === "undefined") {
    el.textContent = "The chart library did not load.";
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
  var COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
  var NEAR = 30; // pixels: how close the pointer must be to a point

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

  // Every claim of the series by id, page by page (at most 5,000).
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

  Promise.all([getJson("/api/timeline?" + query()), claimsOfSeries()])
    .then(function (both) { draw(both[0], both[1]); })
    .catch(function (error) {
      el.textContent = "The timeline could not be loaded: " + error.message;
      el.dataset.ready = "error";
    });

  function draw(timeline, claims) {
    var counts = timeline.assertions.filter(function (a) { return a.kind === "count"; });
    var sources = [];
    counts.forEach(function (a) { if (sources.indexOf(a.source) < 0) sources.push(a.source); });
    var xsSet = new Set();
    timeline.points.forEach(function (p) { xsSet.add(day(p.date)); });
    counts.forEach(function (a) { xsSet.add(day(a.date)); });
    var xs = Array.from(xsSet).sort(function (a, b) { return a - b; });
    if (xs.length === 0) {
      el.textContent = "No dated figure to draw.";
      el.dataset.ready = "empty";
      return;
    }
    if (xs.length === 1) xs.push(xs[0] + 86400); // uPlot needs a span of time
    var at = new Map(xs.map(function (x, i) { return [x, i]; }));
    var best = xs.map(function () { return null; });
    var low = best.slice();
    var high = best.slice();
    timeline.points.forEach(function (p) {
      var i = at.get(day(p.date));
      best[i] = p.estimate.best;
      low[i] = p.estimate.low;
      high[i] = p.estimate.high;
    });
    // The estimate holds until the next day a figure was placed.
    for (var i = 1; i < xs.length; i++) {
      if (best[i] == null && timeline.points.length && xs[i] > day(timeline.points[0].date)) {
        best[i] = best[i - 1]; low[i] = low[i - 1]; high[i] = high[i - 1];
      }
    }
    var perSource = sources.map(function () { return xs.map(function () { return null; }); });
    var figures = sources.map(function () { return new Map(); });
    counts.forEach(function (a) {
      var s = sources.indexOf(a.source);
      var i = at.get(day(a.date));
      var v = a.low != null && a.high != null ? (a.low + a.high) / 2 : (a.low != null ? a.low : a.high);
      if (v == null) return;
      if (perSource[s][i] == null || v > perSource[s][i]) perSource[s][i] = v;
      if (!figures[s].has(i)) figures[s].set(i, []);
      figures[s].get(i).push(a);
    });

    var stepped = uPlot.paths.stepped({ align: 1 });
    var series = [
      {},
      { label: "best estimate", stroke: "#1d2330", width: 2, paths: stepped, points: { show: false }, spanGaps: true },
      { label: "low", stroke: "#8893a8", width: 1, dash: [4, 4], paths: stepped, points: { show: false }, spanGaps: true },
      { label: "high", stroke: "#8893a8", width: 1, dash: [4, 4], paths: stepped, points: { show: false }, spanGaps: true }
    ].concat(sources.map(function (source, k) {
      var color = COLORS[k % COLORS.length];
      return { label: source, stroke: color, paths: function () { return null; }, points: { show: true, size: 10, fill: color, stroke: color } };
    }));

    var tip = node("div", "chart-tip");
    var details = document.getElementById("point");
    var shown = null;

    // The source point nearest the pointer, within NEAR pixels.
    function nearest(u) {
      var left = u.cursor.left, top = u.cursor.top;
      if (left == null || left < 0) return null;
      var found = null, bestDistance = NEAR;
      perSource.forEach(function (values, s) {
        values.forEach(function (v, i) {
          if (v == null) return;
          var dx = u.valToPos(xs[i], "x") - left;
          var dy = u.valToPos(v, "y") - top;
          var d = Math.sqrt(dx * dx + dy * dy);
          if (d < bestDistance) { bestDistance = d; found = { s: s, i: i }; }
        });
      });
      return found;
    }

    function describe(target, into, withLinks) {
      while (into.firstChild) into.removeChild(into.firstChild);
      figures[target.s].get(target.i).forEach(function (f) {
        var box = node("div", "figure");
        box.appendChild(node("strong", "source", f.source));
        box.appendChild(document.createTextNode(" · " + f.display + " · " + f.date));
        if (f.as_of) box.appendChild(document.createTextNode(" (as of " + f.as_of[0] + "–" + f.as_of[1] + ")"));
        if (f.confidence) box.appendChild(document.createTextNode(" · " + f.confidence));
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
          box.appendChild(node("div", "muted", f.n_reports + (f.n_reports === 1 ? " report" : " reports")));
        }
        into.appendChild(box);
      });
    }

    function show(u, target) {
      if (!target) {
        tip.classList.remove("on");
        return;
      }
      describe(target, tip, false);
      var x = u.valToPos(xs[target.i], "x"), y = u.valToPos(perSource[target.s][target.i], "y");
      var width = u.over.clientWidth;
      tip.classList.add("on");
      // Beside the point, above it in the lower half so that the axis stays readable.
      tip.style.left = Math.min(x + 12, Math.max(0, width - tip.offsetWidth - 4)) + "px";
      var below = y < u.over.clientHeight / 2;
      tip.style.top = (below ? y + 12 : Math.max(0, y - tip.offsetHeight - 12)) + "px";
      if (!shown || shown.s !== target.s || shown.i !== target.i) {
        describe(target, details, true);
        details.dataset.source = sources[target.s];
        shown = target;
      }
    }

    // Where each point is drawn (for tests that hover them), once the chart is drawn.
    function mapTargets(u) {
      var targets = [];
      perSource.forEach(function (values, s) {
        values.forEach(function (v, i) {
          if (v != null) targets.push({ source: sources[s], x: Math.round(u.valToPos(xs[i], "x")), y: Math.round(u.valToPos(v, "y")) });
        });
      });
      el.dataset.targets = JSON.stringify(targets);
      el.dataset.ready = "true";
    }

    var opts = {
      width: Math.max(320, el.clientWidth),
      height: 320,
      series: series,
      legend: { show: false },
      padding: [12, 48, 0, 0],
      cursor: { lock: true, points: { show: false }, drag: { x: false, y: false } },
      // Room around the points, so that none sits on the edge of the plot.
      scales: {
        x: { time: true, range: function (u, min, max) { var pad = Math.max(86400, (max - min) * 0.04); return [min - pad, max + pad]; } },
        y: { range: function (u, min, max) { var pad = Math.max(1, (max - min) * 0.12, Math.abs(max) * 0.02); return [Math.max(0, min - pad), max + pad]; } }
      },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      axes: [
        {
          // Whole days: figures are placed at days, never at hours.
          space: 70,
          incrs: [86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 182 * 86400, 365 * 86400, 730 * 86400, 1826 * 86400, 3652 * 86400],
          values: function (u, splits) {
            return splits.map(function (ts) { return new Date(ts * 1000).toISOString().slice(0, 10); });
          }
        },
        { label: timeline.series.metric, size: 70 }
      ],
      hooks: { setCursor: [function (u) { show(u, nearest(u)); }], draw: [mapTargets] }
    };
    var data = [xs, best, low, high].concat(perSource);
    var plot = new uPlot(opts, data, el);
    plot.over.appendChild(tip);

    var legend = document.getElementById("legend");
    function entry(cls, label) {
      var item = node("span", "entry");
      item.appendChild(node("span", "swatch " + cls));
      item.appendChild(document.createTextNode(label));
      legend.appendChild(item);
    }
    entry("swatch-best", "best estimate (low and high dashed)");
    sources.forEach(function (s, k) { entry("swatch-" + (k % COLORS.length), s); });

    // Start with the latest figure described, so the panel is never empty.
    var latest = null;
    perSource.forEach(function (values, s) {
      values.forEach(function (v, i) { if (v != null && (!latest || i > latest.i)) latest = { s: s, i: i }; });
    });
    if (latest) { describe(latest, details, true); details.dataset.source = sources[latest.s]; shown = latest; }

    window.addEventListener("resize", function () { plot.setSize({ width: Math.max(320, el.clientWidth), height: 320 }); });
  }
})();
