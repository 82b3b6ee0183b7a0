// Draws fitscore's report charts with uPlot from the JSON specs in the page; marks the page when done so
// that a headless browser check can tell the charts were drawn.
(function () {
  var specs = JSON.parse(document.getElementById("fitscore-charts").textContent);
  var host = document.getElementById("charts");
  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
  var drawn = 0;
  specs.forEach(function (spec, i) {
    var box = document.createElement("div");
    box.className = "chart";
    box.dataset.kind = spec.kind;
    var h = document.createElement("h3");
    h.textContent = spec.title;
    box.appendChild(h);
    host.appendChild(box);
    var made = spec.kind === "scatter" ? scatter(spec) : bars(spec);
    new uPlot(made.opts, made.data, box);
    drawn++;
  });
  document.body.dataset.chartsDrawn = String(drawn);

  function points() {
    return { show: true, size: 4, fill: null };
  }

  function scatter(spec) {
    // uPlot draws series over a shared, sorted x: points are sorted by x, one series per group.
    var groups = spec.groups && spec.groups.length ? spec.groups : spec.x.map(function () { return ""; });
    var names = Array.from(new Set(groups));
    var order = spec.x.map(function (_, i) { return i; }).sort(function (a, b) { return spec.x[a] - spec.x[b]; });
    var xs = order.map(function (i) { return spec.x[i]; });
    var data = [xs];
    var series = [{ label: spec.x_label }];
    names.forEach(function (name, g) {
      data.push(order.map(function (i) { return groups[i] === name ? spec.y[i] : null; }));
      series.push({ label: name || spec.y_label, stroke: palette[g % palette.length], paths: function () { return null; },
        points: { show: true, size: 5, stroke: palette[g % palette.length], fill: palette[g % palette.length] } });
    });
    if (spec.diagonal) {
      data.push(xs.slice());
      series.push({ label: "y = x", stroke: "#888", width: 1, dash: [4, 4], points: { show: false } });
    }
    return { data: data, opts: { width: 520, height: 360, mode: 1, legend: { show: names.length > 1 || spec.diagonal }, scales: { x: { time: false } }, series: series,
      axes: [{ label: spec.x_label }, { label: spec.y_label }], cursor: { drag: { x: false, y: false } } } };
  }

  // Figures a run did not have arrive as null (or "NaN"): gaps, not zeros.
  function clean(values) {
    return values.map(function (v) { return typeof v === "number" && isFinite(v) ? v : null; });
  }

  function bars(spec) {
    var xs = spec.categories.map(function (_, i) { return i; });
    var data = [xs];
    var series = [{ label: "" , value: function (u, v) { return v == null ? "" : spec.categories[v]; } }];
    var names = Object.keys(spec.series);
    names.forEach(function (name, s) {
      data.push(clean(spec.series[name]));
      series.push({ label: name, stroke: palette[s % palette.length], fill: palette[s % palette.length] + "99",
        // One series: centred on its category; two: side by side (uPlot aligns a bar left or right of its x).
        paths: uPlot.paths.bars({ size: [names.length > 1 ? 0.38 : 0.6, 80], align: names.length > 1 ? (s === 0 ? -1 : 1) : 0 }),
        points: { show: false } });
    });
    Object.keys(spec.lines || {}).forEach(function (name, l) {
      data.push(clean(spec.lines[name]));
      series.push({ label: name, stroke: palette[(names.length + l) % palette.length], width: 2 });
    });
    // Bars start at zero (or below, for negative values) so that their heights compare.
    var all = [].concat.apply([], data.slice(1)).filter(function (v) { return v != null; });
    var lo = Math.min(0, Math.min.apply(null, all));
    var hi = Math.max(0, Math.max.apply(null, all));
    var pad = (hi - lo) * 0.05 || 1;
    var slanted = spec.categories.length > 6 || spec.categories.some(function (c) { return c.length > 12; });
    return { data: data, opts: { width: Math.max(420, Math.min(1100, 80 + spec.categories.length * 42)), height: slanted ? 380 : 320,
      legend: { show: names.length + Object.keys(spec.lines || {}).length > 1 }, padding: [12, slanted ? 60 : 16, 0, 8],
      scales: { x: { time: false, range: [-0.6, spec.categories.length - 0.4] },
        y: { range: [lo < 0 ? lo - pad : 0, hi + pad] } }, series: series,
      axes: [{ space: 8, incrs: [1], rotate: slanted ? -40 : 0, size: slanted ? 110 : 40,
        values: function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) ? spec.categories[v] || "" : ""; }); } },
        { label: spec.y_label }] } };
  }
})();
