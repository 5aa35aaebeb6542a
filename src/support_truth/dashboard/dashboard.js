// support-truth dashboard: every chart is drawn here from a JSON spec the Python side embedded
// (div.chart-slot[data-spec]); the filterable parts (headline cards, gap, weekly trends) are
// re-computed from the embedded cube: sums of numerators and denominators over the selected
// weeks x channels x intent clusters, then divided (docs/decisions.md D-2012). No network.
'use strict';
var DATA = JSON.parse(document.getElementById('dashboard-data').textContent);
var PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
var Z95 = 1.959963984540054;  // the marts' Wilson z (macro wilson_lower / wilson_upper)
var SVGNS = 'http://www.w3.org/2000/svg';

function fmt(value, kind) {
  if (value === null || value === undefined || !isFinite(value)) { return 'n/a'; }
  if (kind === 'pct') { return (100 * value).toFixed(1) + '%'; }
  if (kind === 'pts') { return (value >= 0 ? '+' : '-') + Math.abs(100 * value).toFixed(1) + ' pts'; }
  if (kind === 'usd') {
    var text = Math.abs(value).toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2});
    return (value < 0 ? '-$' : '$') + text;
  }
  if (kind === 'count') { return Math.round(value).toLocaleString('en-US'); }
  if (Math.abs(value) < 100) { return value.toFixed(3); }
  return Math.round(value).toLocaleString('en-US');
}

// Wilson score interval of k successes in n trials, as the marts compute it; null when n = 0.
function wilson(k, n) {
  if (!(n > 0)) { return null; }
  var p = k / n, z2 = Z95 * Z95;
  var centre = p + z2 / (2 * n);
  var spread = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return [(centre - spread) / (1 + z2 / n), (centre + spread) / (1 + z2 / n)];
}

function niceMax(value) {
  if (!(value > 0)) { return 1; }
  var steps = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
  for (var i = 0; i < steps.length; i++) { if (value <= steps[i]) { return steps[i]; } }
  return value;
}

function el(name, attrs, text) {
  var node = document.createElementNS(SVGNS, name);
  Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function tip(node, text) { node.appendChild(el('title', {}, text)); return node; }

// The tooltip of one value: value, n and the 95% interval when the spec carries them.
function pointText(series, label, i, kind) {
  var text = series.name + ' ' + label + ': ' + fmt(series.values[i], kind);
  if (series.n) { text += ' (n = ' + fmt(series.n[i], 'count') + ')'; }
  if (series.lower && series.lower[i] !== null && series.lower[i] !== undefined) {
    text += ', 95% CI ' + fmt(series.lower[i], kind) + ' to ' + fmt(series.upper[i], kind);
  }
  if (series.lowSample && series.lowSample[i]) { text += ', low sample'; }
  return text;
}

function frame(spec, width, height, points) {
  var svg = el('svg', {'class': 'chart', id: spec.id, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
    'aria-label': spec.title, 'data-points': points});
  return svg;
}

function yAxis(svg, box, low, high, kind) {
  for (var k = 0; k <= 4; k++) {
    var value = low + (high - low) * k / 4, y = box.y(value);
    svg.appendChild(el('line', {'class': 'grid', x1: box.left, x2: box.left + box.w, y1: y, y2: y}));
    svg.appendChild(el('text', {'class': 'axis', x: box.left - 6, y: y + 4, 'text-anchor': 'end'}, fmt(value, kind)));
  }
}

function legend(svg, box, series) {
  series.forEach(function (s, n) {
    var colour = s.colour || PALETTE[n % PALETTE.length];
    svg.appendChild(el('rect', {x: box.left + box.w + 12, y: box.top + 18 * n, width: 10, height: 10, fill: colour}));
    svg.appendChild(el('text', {'class': 'legend', x: box.left + box.w + 26, y: box.top + 9 + 18 * n}, s.name));
  });
}

function extent(spec) {
  var present = [];
  spec.series.forEach(function (s) {
    s.values.forEach(function (v, i) {
      if (v !== null && v !== undefined) {
        present.push(v);
        if (s.upper && s.upper[i] !== null && s.upper[i] !== undefined) { present.push(s.upper[i]); }
      }
    });
  });
  if (spec.refLine) { present.push(spec.refLine.value); }
  var low = Math.min(0, Math.min.apply(null, present.concat([0])));
  var high = Math.max.apply(null, present.concat([0]));
  return {count: spec.series.reduce(function (a, s) {
    return a + s.values.filter(function (v) { return v !== null && v !== undefined; }).length; }, 0),
  low: low < 0 ? -niceMax(-low) : 0, high: high > 0 ? niceMax(high) : (low < 0 ? 0 : 1)};
}

function box(width, height, left, right, top, bottom, low, high) {
  var b = {left: left, top: top, w: width - left - right, h: height - top - bottom};
  b.y = function (v) { return top + b.h * (1 - (v - low) / ((high - low) || 1)); };
  return b;
}

function refLine(svg, b, spec) {
  if (!spec.refLine) { return; }
  var y = b.y(spec.refLine.value);
  svg.appendChild(el('line', {'class': 'ref', x1: b.left, x2: b.left + b.w, y1: y, y2: y}));
  svg.appendChild(el('text', {'class': 'axis', x: b.left + b.w - 4, y: y - 4, 'text-anchor': 'end'}, spec.refLine.label));
}

function lineChart(spec) {
  var width = 720, height = 260, e = extent(spec), labels = spec.labels;
  var b = box(width, height, 56, 150, 16, 40, e.low, e.high);
  var count = Math.max(labels.length, 2);
  var x = function (i) { return b.left + b.w * i / (count - 1); };
  var svg = frame(spec, width, height, e.count);
  yAxis(svg, b, e.low, e.high, spec.kind);
  var step = Math.max(1, Math.floor(labels.length / 8));
  labels.forEach(function (label, i) {
    if (i % step === 0) {
      svg.appendChild(el('text', {'class': 'axis', x: x(i), y: height - 18, 'text-anchor': 'middle'}, label.slice(5)));
    }
  });
  if (spec.band) {
    var upper = spec.series[spec.band[0]].values, lower = spec.series[spec.band[1]].values, top = [], bottom = [];
    upper.forEach(function (u, i) {
      var lo = lower[i];
      if (u !== null && lo !== null && u !== undefined && lo !== undefined) {
        top.push(x(i) + ',' + b.y(u)); bottom.unshift(x(i) + ',' + b.y(lo));
      }
    });
    if (top.length) { svg.appendChild(tip(el('polygon', {'class': 'band', points: top.concat(bottom).join(' ')}), 'gap')); }
  }
  refLine(svg, b, spec);
  spec.series.forEach(function (s, n) {
    var colour = PALETTE[n % PALETTE.length], segment = [];
    s.values.concat([null]).forEach(function (v, i) {
      if (v !== null && v !== undefined) { segment.push(x(i) + ',' + b.y(v)); } else if (segment.length) {
        svg.appendChild(el('polyline', {fill: 'none', stroke: colour, 'stroke-width': 2, points: segment.join(' ')}));
        segment = [];
      }
    });
    s.values.forEach(function (v, i) {
      if (v === null || v === undefined) { return; }
      var low = s.lowSample && s.lowSample[i];
      svg.appendChild(tip(el('circle', {'class': 'point' + (low ? ' low' : ''), cx: x(i), cy: b.y(v), r: 3,
        fill: low ? '#fff' : colour, stroke: colour}), pointText(s, labels[i], i, spec.kind)));
    });
  });
  legend(svg, b, spec.series);
  return svg;
}

function barChart(spec) {
  var width = 720, height = 280, e = extent(spec), labels = spec.labels;
  var b = box(width, height, 72, 150, 16, 72, e.low, e.high);
  var svg = frame(spec, width, height, e.count);
  yAxis(svg, b, e.low, e.high, spec.kind);
  refLine(svg, b, spec);
  var groupW = b.w / Math.max(labels.length, 1), barW = groupW * 0.8 / Math.max(spec.series.length, 1);
  labels.forEach(function (label, c) {
    var x0 = b.left + groupW * c + groupW * 0.1, lx = x0 + groupW * 0.4, ly = height - 72 + 14;
    svg.appendChild(el('text', {'class': 'axis', x: lx, y: ly, 'text-anchor': 'end',
      transform: 'rotate(-25 ' + lx + ' ' + ly + ')'}, String(label).slice(0, 18)));
    spec.series.forEach(function (s, n) {
      var v = s.values[c];
      if (v === null || v === undefined) { return; }
      var colour = PALETTE[n % PALETTE.length], top = b.y(Math.max(v, 0)), base = b.y(Math.min(v, 0));
      var x = x0 + barW * n;
      svg.appendChild(tip(el('rect', {'class': 'point', x: x, y: top, width: barW * 0.92,
        height: Math.max(base - top, 0.5), fill: colour}), pointText(s, label, c, spec.kind)));
      if (s.lower && s.lower[c] !== null && s.lower[c] !== undefined) {
        var mid = x + barW * 0.46;
        svg.appendChild(el('line', {'class': 'whisker', x1: mid, x2: mid, y1: b.y(s.lower[c]), y2: b.y(s.upper[c])}));
      }
    });
  });
  legend(svg, b, spec.series);
  return svg;
}

// One row per metric, each on its own scale (the metrics have different units): the difference
// treatment - control with its 95% interval, a zero line, and the verdict with its reason.
function intervalChart(spec) {
  var rowH = 34, width = 720, left = 190, plotW = 300, height = 24 + rowH * spec.rows.length;
  var svg = frame(spec, width, height, spec.rows.length);
  svg.appendChild(el('text', {'class': 'axis', x: left + plotW / 2, y: 12, 'text-anchor': 'middle'},
    'treatment - control, 95% interval (each row on its own scale; 0 = no difference)'));
  spec.rows.forEach(function (r, i) {
    var y = 30 + rowH * i, reach = Math.max(Math.abs(r.lower || 0), Math.abs(r.upper || 0), Math.abs(r.value || 0)) * 1.15 || 1;
    var x = function (v) { return left + plotW * (0.5 + v / (2 * reach)); };
    svg.appendChild(el('text', {'class': 'legend', x: left - 8, y: y + 4, 'text-anchor': 'end'}, r.metric));
    svg.appendChild(el('line', {'class': 'grid', x1: left, x2: left + plotW, y1: y, y2: y}));
    svg.appendChild(el('line', {'class': 'zero', x1: x(0), x2: x(0), y1: y - 10, y2: y + 10}));
    var colour = r.good === true ? '#16a34a' : r.good === false ? '#dc2626' : '#64748b';
    if (r.lower !== null && r.upper !== null) {
      svg.appendChild(el('line', {x1: x(r.lower), x2: x(r.upper), y1: y, y2: y, stroke: colour, 'stroke-width': 3}));
    }
    if (r.value !== null) {
      svg.appendChild(tip(el('circle', {'class': 'point', cx: x(r.value), cy: y, r: 5, fill: colour}),
        r.metric + ': ' + r.text + ' (n = ' + r.n + ')'));
    }
    svg.appendChild(el('text', {'class': 'legend verdict', x: left + plotW + 12, y: y + 4}, r.verdict));
  });
  return svg;
}

var DRAW = {line: lineChart, bar: barChart, interval: intervalChart};

function draw(slot, spec) {
  var svg = DRAW[spec.type](spec);
  var figure = document.createElement('figure'), caption = document.createElement('figcaption');
  caption.textContent = spec.title;
  figure.appendChild(caption); figure.appendChild(svg);
  slot.replaceChildren(figure);
}

// ---- filters -----------------------------------------------------------------------------------
var CUBE = DATA.cube, COLUMN = {};
CUBE.columns.forEach(function (name, i) { COLUMN[name] = i; });

function weekMinus(week, days) {
  var d = new Date(week + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function selection() {
  var weeks = document.getElementById('filter-period').value;
  return {
    from: weeks === 'all' ? null : weekMinus(DATA.anchorWeek, 7 * (Number(weeks) - 1)),
    channel: document.getElementById('filter-channel').value,
    cluster: document.getElementById('filter-cluster').value,
  };
}

function selectedRows(sel) {
  return CUBE.rows.filter(function (r) {
    return (sel.from === null || r[COLUMN.week] >= sel.from) && r[COLUMN.week] <= DATA.anchorWeek
      && (sel.channel === 'all' || r[COLUMN.channel] === sel.channel)
      && (sel.cluster === 'all' || r[COLUMN.intent_cluster] === sel.cluster);
  });
}

function sums(rows) {
  var total = {};
  CUBE.columns.slice(3).forEach(function (name) { total[name] = 0; });
  rows.forEach(function (r) { CUBE.columns.slice(3).forEach(function (name) { total[name] += r[COLUMN[name]]; }); });
  return total;
}

// A metric of DATA.metrics over summed rows: value, n, interval (proportions only).
function measure(metric, total) {
  var m = DATA.metrics[metric], num = total[m.numerator], den = total[m.denominator];
  var out = {value: den > 0 ? num / den : null, n: den, numerator: num, interval: null};
  if (m.proportion) { out.interval = wilson(num, den); }
  return out;
}

function status(metric, value) {
  var t = DATA.metrics[metric].target;
  if (value === null || !t) { return 'no_data'; }
  var meets = function (threshold) {
    return threshold !== null && (t.direction === 'lower' ? value <= threshold : value >= threshold);
  };
  if (meets(t.best_in_class)) { return 'best_in_class'; }
  if (meets(t.ai_target)) { return 'meets_ai_target'; }
  if (meets(t.tier1_human)) { return 'meets_tier1'; }
  return t.tier1_human !== null ? 'below_tier1' : 'below_ai_target';
}

function updateCards(total) {
  var values = {};
  document.querySelectorAll('#headlines .card[data-metric]').forEach(function (card) {
    var metric = card.dataset.metric, kind = card.dataset.kind;
    if (metric === 'deflection_gap') { return; }
    var m = measure(metric, total), low = m.n < DATA.minSample;
    values[metric] = m;
    card.querySelector('.value').textContent = fmt(m.value, kind) + (low && m.value !== null ? '*' : '');
    card.dataset.value = m.value === null ? '' : String(m.value);
    card.dataset.n = String(m.n);
    card.dataset.lower = m.interval ? String(m.interval[0]) : '';
    card.dataset.upper = m.interval ? String(m.interval[1]) : '';
    var st = status(metric, m.value);
    card.className = 'card ' + (DATA.statusClass[st] || 'none') + (low ? ' low-sample' : '');
    card.querySelector('.status').textContent = st.replace(/_/g, ' ');
    card.title = 'n = ' + fmt(m.n, 'count') + (m.interval ? ', 95% CI ' + fmt(m.interval[0], kind) + ' to '
      + fmt(m.interval[1], kind) : '') + (low ? ', fewer than ' + DATA.minSample + ' (low sample)' : '');
  });
  var gap = document.querySelector('#headlines .card[data-metric="deflection_gap"]');
  var d = values.deflection_rate, t = values.true_resolution_rate;
  var g = d && t && d.value !== null && t.value !== null ? d.value - t.value : null;
  gap.querySelector('.value').textContent = fmt(g, 'pts');
  gap.dataset.value = g === null ? '' : String(g);
}

function weeklySpec(spec, rows) {
  var weeks = Array.from(new Set(rows.map(function (r) { return r[COLUMN.week]; }))).sort();
  var byWeek = {};
  weeks.forEach(function (w) { byWeek[w] = []; });
  rows.forEach(function (r) { byWeek[r[COLUMN.week]].push(r); });
  var totals = weeks.map(function (w) { return sums(byWeek[w]); });
  var series = spec.cube.map(function (c) {
    var s = {name: c.name, values: [], n: [], lower: [], upper: [], lowSample: []};
    totals.forEach(function (total) {
      if (c.count) {
        s.values.push(total[c.count]); s.n.push(total[c.count]); s.lower.push(null); s.upper.push(null);
        s.lowSample.push(false); return;
      }
      var m = measure(c.metric, total);
      s.values.push(m.value); s.n.push(m.n); s.lowSample.push(m.n < DATA.minSample);
      s.lower.push(m.interval ? m.interval[0] : null); s.upper.push(m.interval ? m.interval[1] : null);
    });
    return s;
  });
  return Object.assign({}, spec, {labels: weeks, series: series,
    title: spec.title + ' · ' + DATA.selectionLabel});
}

function apply() {
  var sel = selection(), rows = selectedRows(sel);
  var period = document.getElementById('filter-period');
  DATA.selectionLabel = period.options[period.selectedIndex].text + ', channel ' + sel.channel
    + ', intent cluster ' + sel.cluster;
  updateCards(sums(rows));
  document.querySelectorAll('.chart-slot[data-filtered]').forEach(function (slot) {
    draw(slot, weeklySpec(JSON.parse(slot.dataset.spec), rows));
  });
  // Mart tables with a week and/or intent-cluster per row follow the period / cluster filters.
  document.querySelectorAll('tr[data-week], tr[data-cluster], li[data-cluster]').forEach(function (tr) {
    var hidden = (tr.dataset.week && sel.from !== null && tr.dataset.week < sel.from)
      || (tr.dataset.cluster && sel.cluster !== 'all' && tr.dataset.cluster !== sel.cluster);
    tr.hidden = Boolean(hidden);
  });
  document.getElementById('selection').textContent = DATA.selectionLabel;
  document.body.dataset.selection = [period.value, sel.channel, sel.cluster].join('|');
}

document.querySelectorAll('.chart-slot:not([data-filtered])').forEach(function (slot) {
  draw(slot, JSON.parse(slot.dataset.spec));
});
['filter-period', 'filter-channel', 'filter-cluster'].forEach(function (id) {
  document.getElementById(id).addEventListener('change', apply);
});
apply();

document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () {
    var index = th.cellIndex;
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (row) {  // a rate cell sorts by its value, not by its interval and n
      var cell = row.cells[index], rate = cell.querySelector('.rate');
      var text = (rate ? rate.firstChild : cell).textContent.replace(/[$,%*+]/g, '').replace(' pts', '');
      var number = parseFloat(text);
      return isNaN(number) ? text : number;
    };
    var ascending = th.dataset.order !== 'asc';
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      return (x > y ? 1 : x < y ? -1 : 0) * (ascending ? 1 : -1);
    });
    th.dataset.order = ascending ? 'asc' : 'desc';
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
window.supportTruth = {wilson: wilson, measure: measure, sums: sums, selectedRows: selectedRows, selection: selection};
document.body.dataset.ready = 'true';
