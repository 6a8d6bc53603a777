/* clustergraph map explorer: focus, time, size/colour, edge filters, backbone, region,
   layout reset, physics, state in the address, PNG export. Offline, no server.
   Everything keyed by user data (ids, regions, types) lives in Map/Set, never in plain
   objects, so ids such as "__proto__" or "constructor" are ordinary names. */
(function () {
  "use strict";
  var missing = document.getElementById("cg-noassets");
  if (missing) { missing.parentNode.removeChild(missing); }  // the shared files did load
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  if (!data.world && data.geo && window.cgWorld) { data.world = window.cgWorld; }  // shared assets
  var $ = function (id) { return document.getElementById(id); };
  var FADE = {background: "#EEEEEE", border: "#DDDDDD"};
  var GREY = {background: "#E3E3E3", border: "#B5B5B5"};
  var PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#8C564B", "#17BECF", "#BCBD22", "#9467BD", "#2CA02C"];
  var OTHER = "#9A9A9A";
  var ALPHAS = [1, 0.5, 0.2, 0.1, 0.05, 0.01, 0.001];

  function tip(text) {
    var d = document.createElement("div");
    d.className = "cg-tip";
    d.textContent = text;           // text, never HTML
    return d;
  }
  function fmt(n) {  // 12,345 (toLocaleString's first call costs a tenth of a second)
    var t = String(Math.round(Number(n))), neg = t.charAt(0) === "-";
    if (neg) { t = t.slice(1); }
    return (neg ? "-" : "") + t.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  function edgeTip(e) {  // large maps: the tooltip of a link from its fields
    var a = N[e._a], b = N[e._b];
    var lines = [(a.cg_name || a.id) + (data.directed ? " -> " : " - ") + (b.cg_name || b.id)];
    if (e.cg_lt && e.cg_lt.length) { lines.push("Link type: " + e.cg_lt.join(", ")); }
    lines.push("Weight: " + e.cg_w + " (" + (e.cg_n || 1) + ((e.cg_n || 1) === 1 ? " link)" : " links)"));
    if (typeof e.cg_year === "number") {
      lines.push("Year: " + (e.cg_last && e.cg_last !== e.cg_year ? e.cg_year + "-" + e.cg_last : e.cg_year));
    }
    lines.push("Scope: " + (e.cg_scope || "unknown"));
    return lines.join("\n");
  }

  // ---------------------------------------------------------------- data
  // the links come as one table (offline.edge_table): keys once, a row per link, repeated values
  // (colours, scopes, end points ...) by index into t.dicts
  function edgeRows(t) {
    if (Array.isArray(t)) { return t; }
    var dicts = t.keys.map(function (k) { return (t.dicts && t.dicts[k]) || null; });
    return t.rows.map(function (row) {
      var e = {};
      for (var j = 0; j < t.keys.length; j++) {
        var v = row[j];
        if (v !== null) { e[t.keys[j]] = dicts[j] ? dicts[j][v] : v; }
      }
      return e;
    });
  }
  var N = data.nodes, E = edgeRows(data.edges);
  var byId = new Map();
  N.forEach(function (n, i) { byId.set(n.id, i); });
  var adj = N.map(function () { return []; });
  var links = N.map(function () { return 0; });  // links of each actor, suggested introductions not counted
  var nLinks = 0;
  E.forEach(function (e, k) {
    var a = byId.get(e.from), b = byId.get(e.to);
    e._a = a; e._b = b;
    if (a !== undefined && b !== undefined) {
      adj[a].push(k); adj[b].push(k);
      if (!e.cg_suggestion) { links[a]++; links[b]++; nLinks++; }
    }
  });
  // vis-network: the page draws the labels (largest first, no overlaps) and, on dense maps and the
  // geographic layout, the links (batched by style, one canvas path each); WebGL: sigma does both
  var ownLabels = !data.webgl;
  var dense = !data.webgl && !!data.edgeLayer;
  var orig = N.map(function (n) {
    return {x: n.x, y: n.y, value: n.value, color: n.color, label: n.label, grey: !!n.cg_grey};
  });
  var origEdge = E.map(function (e) { return e.color; });
  var years = [];
  E.forEach(function (e) { if (e.cg_year !== undefined && e.cg_year !== null) { years.push(e.cg_year); } });
  var minYear = years.length ? Math.min.apply(null, years) : null;
  var maxYear = years.length ? Math.max.apply(null, years) : null;
  var weights = E.filter(function (e) { return typeof e.cg_w === "number" && !e.cg_suggestion; })
    .map(function (e) { return e.cg_w; });
  var maxW = weights.length ? Math.max.apply(null, weights) : 1;
  var minW = weights.length ? Math.min.apply(null, weights) : 0;

  // region: null = all regions, "" = the actors without a region, else that region
  var S = {focus: null, steps: 1, year: null, region: null, size: 0, colour: "type", minw: minW,
    alpha: 1, hideT: new Set(), hideS: new Set(), hideL: new Set(), iso: true, geo: false, flags: true,
    mode: data.groups && !data.webgl ? "groups" : "actors"};
  var DEFAULT = {steps: 1, size: 0, colour: "type", minw: minW, alpha: 1, mode: S.mode};

  // ---------------------------------------------------------------- network
  var scaling = data.options.nodes && data.options.nodes.scaling;
  function keepValue(opts) {
    var sc = opts.nodes && opts.nodes.scaling;
    if (sc) {  // node "value" is the radius computed here or in Python: keep it as it is
      sc.customScalingFunction = function (lo, hi, total, value) {
        return Math.max(0, (value - sc.min) / (sc.max - sc.min));
      };
    }
  }
  keepValue(data.options);
  // vis-network keeps nodes in plain objects keyed by id (its physics overflows the stack on an
  // id such as "constructor"): it only ever sees ids made here, "n<index>" and "g<index>".
  function vid(i) { return "n" + i; }
  function idx(v) { return parseInt(String(v).slice(1), 10); }
  var current = {nodes: new Map(), edges: new Map()};  // what vis-network was last given, per item
  function nodeKey(hidden, color, label, value, font) {
    return [hidden, JSON.stringify(color), ownLabels ? "" : label, value, !ownLabels && !!font].join("|");
  }
  var visNodes = new vis.DataSet(N.map(function (n, i) {
    var c = Object.assign({}, n);
    c.id = vid(i); c.cg_id = n.id;
    if (n.cg_tip) { c.title = tip(n.cg_tip); }
    if (n.cg_grey) { c.color = GREY; }
    if (ownLabels) { delete c.label; }
    c.value = Math.round(n.value * 100) / 100;
    current.nodes.set(i, nodeKey(false, c.color, n.label, c.value, n.font && n.font.size >= 20));
    return c;
  }));
  var visEdges = new vis.DataSet(dense ? [] : E.map(function (e, k) {
    var c = Object.assign({}, e);
    delete c._a; delete c._b;
    c.from = vid(e._a); c.to = vid(e._b);
    if (!data.webgl) { c.title = tip(e.cg_tip || edgeTip(e)); }  // WebGL: tooltips on actors only
    c.hidden = !!(e.cg_suggestion && data.suggestionsInViews) || (!data.webgl && !!data.geoStart);
    current.edges.set(k, c.hidden + "|false");
    return c;
  }).filter(function (e, k) { return E[k]._a !== undefined && E[k]._b !== undefined; }));
  var groupNodes = null, groupEdges = null;
  if (data.groups) {
    keepValue(data.groups.options);
    var gIndex = new Map();
    data.groups.nodes.forEach(function (n, k) { gIndex.set(n.id, k); });
    groupNodes = new vis.DataSet(data.groups.nodes.map(function (n, k) {
      var c = Object.assign({}, n); c.id = "g" + k; c.cg_id = n.id;
      c.title = tip(n.cg_tip + "\nClick to open this region's actors"); return c;
    }));
    groupEdges = new vis.DataSet(data.groups.edges.map(function (e) {
      var c = Object.assign({}, e); c.from = "g" + gIndex.get(e.from); c.to = "g" + gIndex.get(e.to);
      c.title = tip(e.cg_tip); return c;
    }));
  }
  var container = $("mynetwork");
  var startGroups = S.mode === "groups";
  var sizeAtStart = container.clientWidth + "x" + container.clientHeight;
  var network = new vis.Network(container,
    startGroups ? {nodes: groupNodes, edges: groupEdges} : {nodes: visNodes, edges: visEdges},
    startGroups ? data.groups.options : data.options);
  var api = {network: network, nodes: visNodes, edges: visEdges, drawn: false, state: S, lastPng: null,
    vid: function (id) { var i = byId.get(id); return i === undefined ? null : vid(i); },
    uid: function (v) { var n = N[idx(v)]; return n ? n.id : null; }};
  // Add-on hook (e.g. skills.js): set api.mark = function (node) returning a colour (highlight the
  // actor), false (fade it) or null (leave it); call api.apply() to redraw. After every redraw the
  // page fires "cg:applied" on document (detail.focus: the focused actor's id, or null).
  api.mark = null;
  window.cgMap = api;
  // first drawn frame, in ms from the start of navigation (benchmarks/explorer_bench.py)
  network.once("afterDrawing", function () {
    api.firstDraw = performance.now(); api.drawn = true;
    // a page in a frame that had no size yet when it was built (the single-file report's map, drawn
    // only once scrolled into view) was fitted to nothing: fit it now that it has its size
    if (container.clientWidth + "x" + container.clientHeight !== sizeAtStart && S.focus === null && S.region === null) {
      network.fit({animation: false});
    }
  });
  api.dense = dense;

  // geographic layout: country outlines under the network (Natural Earth 1:110m, shipped in the page)
  function geoActive() { return !!data.geoStart || S.geo; }
  if (data.world && data.geo) {
    network.on("beforeDrawing", function (ctx) {
      if (S.mode !== "actors" || !geoActive()) { return; }
      ctx.save();
      ctx.strokeStyle = "#B9C4CC"; ctx.fillStyle = "#F3F5F6";
      ctx.lineWidth = 1 / Math.max(network.getScale(), 0.05);
      var kx = data.geo.kx / 10, ky = data.geo.ky / 10;
      data.world.forEach(function (ring) {
        ctx.beginPath();
        for (var k = 0; k < ring.length; k += 2) {
          var x = ring[k] * kx, y = -ring[k + 1] * ky;
          if (k === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
        }
        ctx.closePath(); ctx.fill(); ctx.stroke();
      });
      ctx.restore();
    });
  }
  // isolated actors: a labelled block under the drawing
  network.on("afterDrawing", function (ctx) {
    if (S.mode !== "actors" || !data.isolated || !S.iso || S.year !== null || S.region !== null || S.geo) { return; }
    ctx.save();
    ctx.font = "bold 16px Arial, Helvetica, sans-serif";
    ctx.fillStyle = "#555555";
    ctx.textAlign = "center";
    ctx.fillText(data.isolated.text, data.isolated.x, data.isolated.y);
    ctx.restore();
  });

  // ---------------------------------------------------------------- measures and colours
  var measureRange = (data.measures || []).map(function (_, k) {
    var lo = Infinity, hi = -Infinity;
    N.forEach(function (n) {
      var v = n.cg_m ? n.cg_m[k] : null;
      if (typeof v === "number") { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    });
    return [lo, hi];
  });
  function sizeOf(i) {
    if (!S.size || !N[i].cg_m) { return orig[i].value; }
    var v = N[i].cg_m[S.size], r = measureRange[S.size];
    if (typeof v !== "number" || !isFinite(r[0])) { return data.sizeMin; }
    if (r[1] - r[0] < 1e-12) { return (data.sizeMin + data.sizeMax) / 2; }
    return data.sizeMin + (data.sizeMax - data.sizeMin) * Math.sqrt((v - r[0]) / (r[1] - r[0]));
  }
  function nodeScope(i) {
    var c = new Map();
    adj[i].forEach(function (k) { var s = E[k].cg_scope || ""; c.set(s, (c.get(s) || 0) + 1); });
    var best = "", bn = -1;
    c.forEach(function (v, s) { if (v > bn || (v === bn && s < best)) { best = s; bn = v; } });
    return best;
  }
  function categoryOf(i) {
    var n = N[i];
    if (S.colour === "region") { return n.cg_region || ""; }
    if (S.colour === "country") { return n.cg_country || ""; }
    if (S.colour === "community") { return n.cg_comm === undefined || n.cg_comm < 0 ? "" : "Community " + n.cg_comm; }
    if (S.colour === "scope") { return nodeScope(i); }
    return n.cg_type || "";
  }
  var colourKey = new Map();   // category -> colour, for the current colour-by
  function buildColourKey() {
    colourKey = new Map();
    if (S.colour === "type") {
      (data.types || []).forEach(function (t) { colourKey.set(t[0], t[2]); });
      return;
    }
    var count = new Map();
    N.forEach(function (_, i) { var c = categoryOf(i); count.set(c, (count.get(c) || 0) + 1); });
    var cats = Array.from(count.keys()).filter(function (c) { return c !== ""; });
    if (S.colour === "scope") {
      (data.scopes || []).forEach(function (s) { if (s[0]) { colourKey.set(s[0], s[2]); } });
    } else {
      cats.sort(function (a, b) { return (count.get(b) - count.get(a)) || (a < b ? -1 : a > b ? 1 : 0); });
      cats.slice(0, PALETTE.length).forEach(function (c, k) { colourKey.set(c, PALETTE[k]); });
    }
    api.colourCounts = count;
  }
  function colourOf(i) {
    if (S.colour === "type") { return orig[i].color; }
    var c = colourKey.get(categoryOf(i)) || OTHER;
    return {background: c, border: orig[i].color && orig[i].color.border === "#000000" ? "#000000" : c,
      highlight: {background: c, border: "#000000"}, hover: {background: c, border: "#000000"}};
  }
  function typeLabel(t) {
    var found = (data.types || []).filter(function (x) { return x[0] === t; })[0];
    return found ? found[1] : (t || "Other / unknown");
  }
  function renderColourKey() {
    var box = $("cg-colour-key");
    if (!box) { return; }
    box.textContent = "";
    var entries = legendEntries();
    entries.forEach(function (en) {
      var row = document.createElement("div"); row.className = "cg-row";
      var dot = document.createElement("span"); dot.className = "cg-dot"; dot.style.background = en[1];
      var lab = document.createElement("span"); lab.className = "cg-lab"; lab.textContent = en[0];
      row.appendChild(dot); row.appendChild(lab); box.appendChild(row);
    });
  }
  function legendEntries() {
    var out = [];
    if (S.colour === "type") {
      (data.types || []).forEach(function (t) { out.push([t[1], t[2]]); });
      return out;
    }
    colourKey.forEach(function (c, cat) {
      var label = cat;
      if (S.colour === "scope") {
        var s = (data.scopes || []).filter(function (x) { return x[0] === cat; })[0];
        label = s ? s[1] : cat;
      }
      out.push([label, c]);
    });
    out.push(["Other / unknown", OTHER]);
    return out;
  }

  // ---------------------------------------------------------------- what is visible
  function edgeBasic(e) {
    if (e.cg_suggestion) { return !data.suggestionsInViews || S.region !== null; }
    if (S.hideS.has(e.cg_scope || "")) { return false; }
    if (e.cg_lt && e.cg_lt.length && e.cg_lt.every(function (t) { return S.hideL.has(t); })) { return false; }
    if (typeof e.cg_w === "number" && e.cg_w < S.minw) { return false; }
    if (typeof e.cg_alpha === "number" && S.alpha < 1 && e.cg_alpha > S.alpha) { return false; }
    if (S.year !== null && typeof e.cg_year === "number" && e.cg_year > S.year) { return false; }
    return true;
  }
  function compute() {
    var nodeOk = N.map(function (n) { return !S.hideT.has(n.cg_type || ""); });
    var edgeOk = E.map(function (e) {
      return e._a !== undefined && e._b !== undefined && edgeBasic(e) && nodeOk[e._a] && nodeOk[e._b];
    });
    var grey = N.map(function () { return false; });
    if (S.region !== null) {
      var inside = N.map(function (n) { return (n.cg_region || "") === S.region; });
      var partner = N.map(function () { return false; });
      E.forEach(function (e, k) {
        if (!edgeOk[k]) { return; }
        if (!(inside[e._a] || inside[e._b])) { edgeOk[k] = false; return; }
        if (!inside[e._a]) { partner[e._a] = true; }
        if (!inside[e._b]) { partner[e._b] = true; }
      });
      N.forEach(function (_, i) {
        nodeOk[i] = nodeOk[i] && (inside[i] || partner[i]);
        grey[i] = !inside[i];
      });
    }
    var isolated = N.map(function (_, i) { return links[i] === 0; });  // suggested partners do not count
    if (S.year !== null) {  // the network as it stood: actors appear with their first link
      var linked = N.map(function () { return false; });
      E.forEach(function (e, k) { if (edgeOk[k] && !e.cg_suggestion) { linked[e._a] = true; linked[e._b] = true; } });
      N.forEach(function (_, i) { nodeOk[i] = nodeOk[i] && linked[i]; });
      E.forEach(function (e, k) { edgeOk[k] = edgeOk[k] && nodeOk[e._a] && nodeOk[e._b]; });
    }
    if (!S.iso) { N.forEach(function (_, i) { if (isolated[i]) { nodeOk[i] = false; } }); }
    var near = null, nearEdges = 0;
    var f = S.focus === null ? undefined : byId.get(S.focus);
    if (f !== undefined && nodeOk[f]) {
      near = new Map([[f, 0]]);
      var frontier = [f];
      for (var step = 1; step <= S.steps; step++) {
        var next = [];
        frontier.forEach(function (i) {
          adj[i].forEach(function (k) {
            if (!edgeOk[k] || E[k].cg_suggestion) { return; }
            var j = E[k]._a === i ? E[k]._b : E[k]._a;
            if (nodeOk[j] && !near.has(j)) { near.set(j, step); next.push(j); }
          });
        });
        frontier = next;
      }
      E.forEach(function (e, k) { if (edgeOk[k] && near.has(e._a) && near.has(e._b)) { nearEdges++; } });
    }
    return {nodeOk: nodeOk, edgeOk: edgeOk, grey: grey, near: near, nearEdges: nearEdges};
  }

  var last = null;
  var labelOrder = [];  // node indices with a label to draw, most important first
  function edgesInLayer() { return dense || (geoActive() && !data.webgl); }
  function apply() {
    if (S.mode !== "actors") { return; }
    var r = compute();
    last = r;
    var nodeUpd = [], edgeUpd = [], named = [];
    N.forEach(function (n, i) {
      var hidden = !r.nodeOk[i];
      var faded = !hidden && r.near !== null && !r.near.has(i);
      var color = faded ? FADE : (r.grey[i] || orig[i].grey) ? GREY : colourOf(i);
      var mk = hidden || faded || !api.mark ? null : api.mark(n);  // add-on hook (skills.js)
      if (mk === false) { color = FADE; } else if (mk) { color = {background: mk, border: "#222222", highlight: {background: mk, border: "#000000"}, hover: {background: mk, border: "#000000"}}; }
      var label = orig[i].label;
      if (r.near !== null && r.near.has(i)) { label = n.cg_name || n.label; }
      if (faded || mk === false) { label = ""; }
      var value = Math.round(sizeOf(i) * 100) / 100;
      var focused = S.focus !== null && n.id === S.focus;
      // names: the focus first, then its neighbourhood (or the chosen region's own actors), then the rest
      var rank = focused ? 2 : (r.near !== null || (S.region !== null && !r.grey[i])) ? 1 : 0;
      if (!hidden && label) { named.push([rank, value, i, label, r.grey[i] || orig[i].grey]); }
      var key = nodeKey(hidden, color, label, value, focused);
      if (current.nodes.get(i) !== key) {
        current.nodes.set(i, key);
        var u = {id: vid(i), hidden: hidden, color: color, value: value};
        if (!ownLabels) {
          u.label = label;
          if (focused) { u.font = {size: 22, color: "#000000"}; } else if (n.font) { u.font = n.font; } else { u.font = {size: 14, color: "#222222"}; }
        }
        nodeUpd.push(u);
      }
    });
    named.sort(function (p, q) { return (q[0] - p[0]) || (q[1] - p[1]) || (p[2] - q[2]); });
    labelOrder = named;
    if (!dense) {
      var inLayer = edgesInLayer();
      E.forEach(function (e, k) {
        var hidden = !r.edgeOk[k] || inLayer;
        var faded = !hidden && r.near !== null && !(r.near.has(e._a) && r.near.has(e._b));
        var key = hidden + "|" + faded;
        if (current.edges.get(k) !== key) {
          current.edges.set(k, key);
          edgeUpd.push({id: e.id, hidden: hidden,
            color: faded ? {color: "#EEEEEE", highlight: "#000000", hover: "#000000"} : origEdge[k]});
        }
      });
    }
    if (nodeUpd.length) { visNodes.update(nodeUpd); }
    if (edgeUpd.length) { visEdges.update(edgeUpd); }
    if (ownLabels && !nodeUpd.length) { network.redraw(); }  // the page's own layers changed
    showCounts(r);
    renderColourKey();
    writeHash();
    document.dispatchEvent(new CustomEvent("cg:applied", {detail: {focus: S.focus}}));  // add-ons redraw
  }
  api.apply = apply;

  // ---------------------------------------------------------------- the page's own canvas layers
  function bodyNode(i) { return network.body && network.body.nodes ? network.body.nodes[vid(i)] : null; }
  function posOf(i) {
    var b = bodyNode(i);
    if (b) { return b; }
    return S.geo && N[i].cg_geo ? {x: N[i].cg_geo[0], y: N[i].cg_geo[1]} : orig[i];
  }
  var edgeStyle = E.map(function (e, k) {  // [colour, dashes or null, width]
    var c = origEdge[k], colour = (c && (c.color || c.background)) || (typeof c === "string" ? c : "#A0A0A0");
    return [colour, Array.isArray(e.dashes) ? e.dashes : null, e.width || 1];
  });
  // links: batched by colour, dash and width (rounded to 0.5 px): one path and one stroke per batch.
  // Links whose ends fall in the same two 6-pixel cells are one bundle, drawn once, wider with the
  // number of links it holds (log scale): a corridor of 1,000 links between two cities is one
  // translucent band, not 1,000 stacked lines that turn black
  function drawLinks(ctx) {
    if (S.mode !== "actors" || !last || !edgesInLayer()) { return; }
    var scale = network.getScale(), r = last, bundles = new Map(), cell = 6 / Math.max(scale, 1e-9);
    var wrapW = geoActive() && data.geo ? 360 * data.geo.kx : 0;  // antimeridian: the shorter way round
    var P = N.map(function (_, i) { return r.nodeOk[i] ? posOf(i) : null; });
    var C = P.map(function (p) { return p ? Math.round(p.x / cell) + ":" + Math.round(p.y / cell) : ""; });
    E.forEach(function (e, k) {
      if (!r.edgeOk[k]) { return; }
      var a = P[e._a], b = P[e._b];
      if (!a || !b) { return; }
      var faded = r.near !== null && !(r.near.has(e._a) && r.near.has(e._b));
      var st = edgeStyle[k], w = Math.max(0.5, Math.round(st[2] * 2) / 2);
      var style = (faded ? "0" : e.cg_suggestion ? "2" : "1") + "|" + (faded ? "#E4E4E4" : st[0]) + "|" +
        (st[1] ? st[1].join(",") : "");
      var ca = C[e._a], cb = C[e._b];
      var key = style + "|" + (ca < cb ? ca + "|" + cb : cb + "|" + ca);
      var bundle = bundles.get(key);
      if (!bundle) { bundles.set(key, {style: style, a: a, b: b, n: 1, w: w}); } else { bundle.n++; bundle.w = Math.max(bundle.w, w); }
    });
    var batches = new Map(), shown = 0;
    bundles.forEach(function (bd) {
      var level = Math.min(8, Math.round(2 * (1 + Math.log2(bd.n))) / 2);  // 1, 1.5, ... 8 times the width
      var key = bd.style + "|" + bd.w + "|" + (bd.n > 1 ? level : 1);
      if (!batches.has(key)) { batches.set(key, []); }
      batches.get(key).push(bd.a, bd.b);
      shown++;
    });
    api.linkBundles = shown;
    var keys = Array.from(batches.keys()).sort();
    var faint = dense || geoActive() ? 0.35 : 0.55;
    ctx.save();
    ctx.lineCap = "butt";
    keys.forEach(function (key) {
      var parts = key.split("|"), list = batches.get(key);
      ctx.strokeStyle = parts[1];
      ctx.globalAlpha = parts[0] === "2" ? 0.9 : faint;
      // on screen: the link's width at this zoom (at least 0.7 px), times the bundle's level
      ctx.lineWidth = Math.max(parseFloat(parts[3]) * (dense ? 0.6 : 1) * scale, 0.7) * parseFloat(parts[4]) / scale;
      // dashes in screen pixels: in layout units a dotted line at world zoom is millions of dots
      ctx.setLineDash(parts[2] ? parts[2].split(",").map(function (d) { return Number(d) / scale; }) : []);
      ctx.beginPath();
      for (var j = 0; j < list.length; j += 2) {
        var a = list[j], b = list[j + 1];
        if (wrapW && Math.abs(a.x - b.x) > wrapW / 2) {  // two pieces, each leaving the map on its side
          var s = a.x > b.x ? 1 : -1;
          ctx.moveTo(a.x, a.y); ctx.lineTo(b.x + s * wrapW, b.y);
          ctx.moveTo(a.x - s * wrapW, a.y); ctx.lineTo(b.x, b.y);
        } else {
          ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
        }
      }
      ctx.stroke();
    });
    ctx.restore();
  }
  api.wrappedLinks = function () {  // links drawn the short way round the antimeridian (tests)
    if (!last || !geoActive() || !data.geo) { return 0; }
    var W = 360 * data.geo.kx, n = 0;
    E.forEach(function (e, k) {
      if (last.edgeOk[k] && last.nodeOk[e._a] && last.nodeOk[e._b] && Math.abs(posOf(e._a).x - posOf(e._b).x) > W / 2) { n++; }
    });
    return n;
  };
  // flagged actors: a translucent halo under the actor (its colour and size stay as they are)
  function drawHalos(ctx) {
    if (S.mode !== "actors" || !last || !S.flags) { return; }
    var scale = network.getScale(), r = last;
    ctx.save();
    ctx.fillStyle = data.flagHalo || "rgba(204,0,102,0.38)";
    ctx.beginPath();
    N.forEach(function (n, i) {
      if (!n.cg_flagged || !r.nodeOk[i] || (r.near !== null && !r.near.has(i))) { return; }
      var p = posOf(i), rad = sizeOf(i);
      var h = rad + Math.max(3 / scale, 0.5 * rad);
      ctx.moveTo(p.x + h, p.y); ctx.arc(p.x, p.y, h, 0, 2 * Math.PI);
    });
    ctx.fill();
    ctx.restore();
  }
  // labels: most important first (focus, its neighbourhood, then the largest), skipping any that
  // would overlap one already drawn: zoom in and the skipped ones find room
  var widthCache = new Map();
  function drawLabels(ctx) {
    if (S.mode !== "actors" || !ownLabels || !labelOrder.length) { api.labels = []; return; }
    var canvas = ctx.canvas, cw = container.clientWidth || 1, ch = container.clientHeight || 1;
    var ratio = canvas.width / cw, scale = network.getScale(), vp = network.getViewPosition();
    var cell = 80, grid = new Map(), drawn = 0, tries = 0, r0 = S.region !== null && S.focus === null;
    var boxes = [];
    function hits(x0, y0, x1, y1) {
      for (var gx = Math.floor(x0 / cell); gx <= Math.floor(x1 / cell); gx++) {
        for (var gy = Math.floor(y0 / cell); gy <= Math.floor(y1 / cell); gy++) {
          var list = grid.get(gx + "," + gy);
          if (list && list.some(function (b) { return x0 < b[2] && b[0] < x1 && y0 < b[3] && b[1] < y1; })) { return true; }
        }
      }
      return false;
    }
    function keep(box) {
      for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++) {
        for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) {
          var key = gx + "," + gy; if (!grid.has(key)) { grid.set(key, []); } grid.get(key).push(box);
        }
      }
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    ctx.lineJoin = "round"; ctx.strokeStyle = "#FFFFFF"; ctx.lineWidth = 3;
    for (var k = 0; k < labelOrder.length && tries < 3000 && drawn < 400; k++) {
      var item = labelOrder[k], i = item[2], text = item[3];
      var p = posOf(i), sx = (p.x - vp.x) * scale + cw / 2, sy = (p.y - vp.y) * scale + ch / 2;
      if (sx < -200 || sx > cw + 200 || sy < -40 || sy > ch + 40) { continue; }
      // outside a focus, only actors drawn at least 2.5 px wide get a name: zoom in for the small ones
      if (item[0] === 0 && item[1] * scale < 2.5) { continue; }
      if (item[0] === 1 && r0 && item[1] * scale < 1.5) { continue; }
      tries++;
      var big = item[0] === 2, size = big ? 15 : 12;
      ctx.font = (big ? "bold " : "") + size + "px Arial, Helvetica, sans-serif";
      var ck = size + "|" + text, tw = widthCache.get(ck);
      if (tw === undefined) { tw = ctx.measureText(text).width; widthCache.set(ck, tw); }
      var top = sy + item[1] * scale + 2;
      sx = Math.max(tw / 2 + 2, Math.min(cw - tw / 2 - 2, sx));  // whole names, not cut at the edges
      // a margin around each name: a readable scatter of names, not a wall of text
      var box = [sx - tw / 2 - 8, top - 3, sx + tw / 2 + 8, top + size + 3];
      if (hits(box[0], box[1], box[2], box[3])) { continue; }
      keep(box); drawn++; boxes.push([box[0] + 8, box[1] + 3, box[2] - 8, box[3] - 3, N[i].id]);
      ctx.fillStyle = big ? "#000000" : item[4] ? "#8A8A8A" : "#222222";
      ctx.strokeText(text, sx, top); ctx.fillText(text, sx, top);
    }
    ctx.restore();
    api.labels = boxes;  // [left, top, right, bottom, actor id] of each name drawn, screen pixels
  }
  network.on("beforeDrawing", function (ctx) { drawLinks(ctx); drawHalos(ctx); });
  network.on("afterDrawing", function (ctx) { drawLabels(ctx); });
  function fitRegion() {  // after vis-network's own fit of new data, which comes later
    if (S.mode !== "actors" || S.region === null) { return; }
    zoomRegion();
    setTimeout(zoomRegion, 0);
  }
  function zoomRegion() {  // zoom to the chosen region's own actors (partners may lie far away)
    if (S.mode !== "actors" || S.region === null) { return; }
    var ids = [];
    N.forEach(function (n, i) { if ((n.cg_region || "") === S.region && last && last.nodeOk[i]) { ids.push(vid(i)); } });
    if (!ids.length) { return; }
    // the central 90 % of the region's actors: a few far-away members do not shrink the view
    var pos = network.getPositions(ids), xs = [], ys = [];
    ids.forEach(function (v) { if (pos[v]) { xs.push(pos[v].x); ys.push(pos[v].y); } });
    xs.sort(function (a, b) { return a - b; }); ys.sort(function (a, b) { return a - b; });
    var lo = Math.floor(0.05 * xs.length), hi = Math.max(lo, Math.ceil(0.95 * xs.length) - 1);
    var w = xs[hi] - xs[lo] + 120, h = ys[hi] - ys[lo] + 120;
    var scale = 0.85 * Math.min(container.clientWidth / w, container.clientHeight / h, 2);
    network.moveTo({position: {x: (xs[lo] + xs[hi]) / 2, y: (ys[lo] + ys[hi]) / 2}, scale: scale, animation: false});
  }
  api.fitRegion = fitRegion;
  function counts() {
    if (S.mode === "groups") {
      return {nodes: data.groups.nodes.length, edges: data.groups.edges.length, focusNodes: 0, focusEdges: 0,
        mode: "groups"};
    }
    var r = last || compute();
    var nn = r.nodeOk.filter(Boolean).length, ne = 0, ns = 0;
    E.forEach(function (e, k) { if (r.edgeOk[k]) { if (e.cg_suggestion) { ns++; } else { ne++; } } });
    return {nodes: nn, edges: ne, suggestions: ns, focusNodes: r.near ? r.near.size : 0, focusEdges: r.nearEdges,
      mode: "actors"};
  }
  api.counts = counts;
  function showCounts(r) {
    var c = counts();
    var total = S.mode === "groups" ? data.groups.edges.length : nLinks;
    $("cg-count").textContent = fmt(c.nodes) + " of " + fmt(S.mode === "groups" ? data.groups.nodes.length : N.length) +
      " " + (S.mode === "groups" ? "groups" : data.unit) + ", " + fmt(c.edges) + " of " + fmt(total) + " links shown" +
      (c.suggestions ? " (and " + fmt(c.suggestions) + " suggested introductions)" : "");
    var wi = $("cg-minweight-info");
    if (wi && S.mode === "actors" && weights.length) {
      var kept = weights.filter(function (w) { return w >= S.minw; }).length;
      wi.textContent = S.minw <= minW ? "All " + fmt(weights.length) + " links (any weight)" :
        fmt(kept) + " of " + fmt(weights.length) + " links weigh at least " + fmtW(S.minw);
    }
    var fi = $("cg-focus-info");
    if (fi) {
      if (S.focus !== null && r.near) {
        var i = byId.get(S.focus);
        fi.textContent = "Focus: " + (N[i].cg_name || N[i].id) + " and " + fmt(c.focusNodes - 1) +
          " actors within " + S.steps + (S.steps === 1 ? " step" : " steps") + " (" + fmt(c.focusEdges) +
          " links). Keys 1, 2, 3 change the steps; Esc clears.";
      } else {
        fi.textContent = "Click an actor (or search it) to focus on its neighbourhood.";
      }
    }
    var yi = $("cg-year-info");
    if (yi && minYear !== null) {
      yi.textContent = S.year === null ? "All years (" + minYear + "-" + maxYear + ")" :
        "End of " + S.year + ": " + fmt(c.nodes) + " actors, " + fmt(c.edges) + " links";
    }
    var bi = $("cg-backbone-info");
    if (bi) {
      bi.textContent = S.alpha >= 1 ? "All links (no backbone filter)" :
        "Links significant at alpha <= " + S.alpha + " for at least one end";
    }
  }

  // ---------------------------------------------------------------- address (hash)
  var writing = false;
  function writeHash() {
    var p = new URLSearchParams();
    if (S.mode !== DEFAULT.mode) { p.set("view", S.mode); }
    if (S.focus !== null) { p.set("focus", S.focus); }
    if (S.steps !== 1) { p.set("steps", String(S.steps)); }
    if (S.year !== null) { p.set("year", String(S.year)); }
    if (S.region !== null) { p.set("region", S.region); }
    if (!S.flags) { p.set("flags", "hide"); }
    if (S.size) { p.set("size", data.measures[S.size]); }
    if (S.colour !== "type") { p.set("colour", S.colour); }
    if (S.minw !== minW) { p.set("minweight", String(S.minw)); }
    if (S.alpha < 1) { p.set("backbone", String(S.alpha)); }
    if (!S.iso) { p.set("isolated", "hide"); }
    if (S.geo) { p.set("layout", "geo"); }
    S.hideT.forEach(function (t) { p.append("hidetype", t); });
    S.hideS.forEach(function (t) { p.append("hidescope", t); });
    S.hideL.forEach(function (t) { p.append("hidelink", t); });
    var h = p.toString();
    if (("#" + h) !== location.hash && !(h === "" && location.hash === "")) {
      writing = true;
      history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
      writing = false;
    }
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var mode = p.get("view");
    S.mode = (mode === "actors" || (mode === "groups" && data.groups)) ? mode : DEFAULT.mode;
    if (p.get("region") !== null || p.get("focus") !== null) { S.mode = "actors"; }
    S.focus = p.get("focus") !== null && byId.has(p.get("focus")) ? p.get("focus") : null;
    var st = parseInt(p.get("steps") || "1", 10);
    S.steps = st >= 1 && st <= 3 ? st : 1;
    var y = parseInt(p.get("year") || "", 10);
    S.year = isFinite(y) && minYear !== null ? Math.max(minYear, Math.min(maxYear, y)) : null;
    var reg = p.get("region");
    S.region = reg !== null && regions.has(reg) ? reg : null;
    S.flags = p.get("flags") !== "hide";
    var sz = (data.measures || []).indexOf(p.get("size"));
    S.size = sz > 0 ? sz : 0;
    var col = p.get("colour");
    S.colour = ["type", "region", "country", "community", "scope"].indexOf(col) >= 0 ? col : "type";
    var mw = parseFloat(p.get("minweight") || "");
    S.minw = isFinite(mw) ? mw : minW;
    var al = parseFloat(p.get("backbone") || "");
    S.alpha = isFinite(al) && al > 0 && al < 1 ? al : 1;
    S.iso = p.get("isolated") !== "hide";
    S.geo = p.get("layout") === "geo" && !!geoBox;
    S.hideT = new Set(p.getAll("hidetype"));
    S.hideS = new Set(p.getAll("hidescope"));
    S.hideL = new Set(p.getAll("hidelink"));
  }

  // ---------------------------------------------------------------- controls
  var regions = new Map();
  N.forEach(function (n) {
    if (n.cg_grey) { return; }
    var r = n.cg_region || ""; regions.set(r, (regions.get(r) || 0) + (n.cg_actors || 1));
  });
  function option(sel, value, text) {
    var o = document.createElement("option"); o.value = value; o.textContent = text; sel.appendChild(o); return o;
  }
  var regionSel = $("cg-region-menu");
  if (regionSel) {
    // option values are positions in regionList ("all" for every region): "(no region)" is a view of its own
    var regionList = Array.from(regions.keys()).sort();
    option(regionSel, "all", "All regions");
    regionList.forEach(function (r, k) {
      option(regionSel, "r" + k, (r || data.noRegion) + " (" + fmt(regions.get(r)) + ")");
    });
    regionSel.addEventListener("change", function () {
      var k = regionSel.value === "all" ? -1 : parseInt(regionSel.value.slice(1), 10);
      S.region = k >= 0 ? regionList[k] : null; toActors(); apply();
      if (S.region !== null) { fitRegion(); } else { network.fit({animation: false}); }
    });
  }
  /** Choose a region in the menu as a user would (null: all regions; "": the actors without one). */
  api.selectRegion = function (name) {
    if (!regionSel) { return false; }
    var k = name === null || name === undefined ? -1 : regionList.indexOf(name);
    if (name !== null && name !== undefined && k < 0) { return false; }
    regionSel.value = k < 0 ? "all" : "r" + k;
    regionSel.dispatchEvent(new Event("change"));
    return true;
  }
  var sizeSel = $("cg-size-menu");
  if (sizeSel) {
    (data.measures || []).forEach(function (m, k) { option(sizeSel, String(k), m); });
    sizeSel.addEventListener("change", function () { S.size = parseInt(sizeSel.value, 10) || 0; apply(); });
  }
  var colourSel = $("cg-colour-menu");
  if (colourSel) {
    colourSel.addEventListener("change", function () { S.colour = colourSel.value; buildColourKey(); apply(); });
  }
  document.querySelectorAll("input.cg-type").forEach(function (box) {
    box.addEventListener("change", function () {
      var v = box.getAttribute("data-value");
      if (box.checked) { S.hideT.delete(v); } else { S.hideT.add(v); }
      apply();
    });
  });
  document.querySelectorAll("input.cg-scope").forEach(function (box) {
    box.addEventListener("change", function () {
      var v = box.getAttribute("data-value");
      if (box.checked) { S.hideS.delete(v); } else { S.hideS.add(v); }
      apply();
    });
  });
  var linkTypes = new Map();
  E.forEach(function (e) { (e.cg_lt || []).forEach(function (t) { linkTypes.set(t, (linkTypes.get(t) || 0) + 1); }); });
  var ltBox = $("cg-linktypes");
  if (ltBox) {
    Array.from(linkTypes.keys()).sort().forEach(function (t) {
      var row = document.createElement("label"); row.className = "cg-row";
      var cb = document.createElement("input"); cb.type = "checkbox"; cb.className = "cg-lt"; cb.checked = true;
      cb.setAttribute("data-value", t);
      cb.addEventListener("change", function () { if (cb.checked) { S.hideL.delete(t); } else { S.hideL.add(t); } apply(); });
      var lab = document.createElement("span"); lab.className = "cg-lab"; lab.textContent = t;
      var n = document.createElement("span"); n.className = "cg-n"; n.textContent = fmt(linkTypes.get(t));
      row.appendChild(cb); row.appendChild(lab); row.appendChild(n); ltBox.appendChild(row);
    });
  }
  // minimum weight on a quantile scale: each step of the slider is a weight that some links have,
  // at most 100 steps evenly spread over the links sorted by weight (a few heavy links get no more room
  // than they deserve); the label shows the weight applied
  var wSlider = $("cg-minweight"), wLabel = $("cg-minweight-value");
  var wSteps = (function () {
    var sorted = weights.slice().sort(function (a, b) { return a - b; }), out = [];
    var n = sorted.length, k = Math.min(100, n);
    for (var j = 0; j < k; j++) {
      var w = sorted[Math.floor(j * (n - 1) / Math.max(1, k - 1))];
      if (!out.length || w > out[out.length - 1]) { out.push(w); }
    }
    return out.length ? out : [minW];
  })();
  function fmtW(w) {  // 3 significant digits, thousands separated
    var t = String(Number(w.toPrecision(3))), parts = t.split(".");
    return t.indexOf("e") >= 0 ? t : fmt(parts[0]) + (parts[1] ? "." + parts[1] : "");
  }
  function weightStep(w) {  // the slider position of the largest step <= w
    var k = 0;
    for (var j = 0; j < wSteps.length; j++) { if (wSteps[j] <= w + 1e-12) { k = j; } }
    return k;
  }
  if (wSlider) {
    wSlider.min = "0"; wSlider.max = String(wSteps.length - 1); wSlider.step = "1";
    wSlider.disabled = wSteps.length < 2;
    wSlider.addEventListener("input", function () {
      S.minw = wSteps[Math.max(0, Math.min(wSteps.length - 1, parseInt(wSlider.value, 10) || 0))];
      wLabel.textContent = fmtW(S.minw); apply();
    });
  }
  api.weightSteps = wSteps;
  var bSlider = $("cg-backbone");
  if (bSlider) {
    bSlider.min = "0"; bSlider.max = String(ALPHAS.length - 1); bSlider.step = "1";
    bSlider.addEventListener("input", function () { S.alpha = ALPHAS[parseInt(bSlider.value, 10)]; apply(); });
  }
  var ySlider = $("cg-year"), play = $("cg-play"), timer = null;
  if (ySlider) {
    if (minYear === null) {
      $("cg-time").style.display = "none";
    } else {
      ySlider.min = String(minYear); ySlider.max = String(maxYear + 1); ySlider.step = "1";
      ySlider.addEventListener("input", function () {
        var v = parseInt(ySlider.value, 10);
        S.year = v > maxYear ? null : v; apply();
      });
      play.addEventListener("click", function () {
        if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; return; }
        S.year = minYear; syncControls(); apply(); play.textContent = "Pause";
        timer = setInterval(function () {
          if (S.year === null || S.year >= maxYear) {
            S.year = null; clearInterval(timer); timer = null; play.textContent = "Play";
          } else { S.year += 1; }
          syncControls(); apply();
        }, 800);
      });
    }
  }
  var isoBox = $("cg-isolated");
  if (isoBox) {
    isoBox.addEventListener("change", function () { S.iso = isoBox.checked; apply(); network.redraw(); });
  }
  var flagBox = $("cg-flags");
  if (flagBox) {
    flagBox.addEventListener("change", function () { S.flags = flagBox.checked; apply(); network.redraw(); });
  }
  function setFocus(id) { S.focus = id; apply(); }
  network.on("click", function (p) {
    if (S.mode === "groups") {
      if (p.nodes.length) {
        var g = data.groups.nodes[idx(p.nodes[0])];
        S.region = g && regions.has(g.cg_region || "") ? (g.cg_region || "") : null;
        toActors(); syncControls(); apply(); fitRegion();
      }
      return;
    }
    var hit = pick(p);
    if (hit !== null) { network.selectNodes([vid(hit)]); setFocus(N[hit].id); }
  });
  // the actor under the pointer: of the shown actors whose disc holds the point, the one whose centre
  // is nearest (vis-network picks by bounding box, so a big neighbour could win a click on a small actor)
  function pick(p) {
    var at = p && p.pointer && p.pointer.canvas, best = null, bestD = Infinity;
    if (at && !data.webgl && last) {
      var slack = 3 / Math.max(network.getScale(), 1e-6);
      N.forEach(function (_, i) {
        if (!last.nodeOk[i]) { return; }
        var q = posOf(i), d = Math.sqrt((q.x - at.x) * (q.x - at.x) + (q.y - at.y) * (q.y - at.y));
        if (d <= sizeOf(i) + slack && d < bestD) { best = i; bestD = d; }
      });
      if (best !== null) { return best; }
    }
    return p.nodes.length && N[idx(p.nodes[0])] ? idx(p.nodes[0]) : null;
  }
  api.pick = function (x, y) { var i = pick({pointer: {canvas: {x: x, y: y}}, nodes: []}); return i === null ? null : N[i].id; };
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") { if (ev.key !== "Escape") { return; } }
    if (ev.key === "Escape") { S.focus = null; network.unselectAll(); syncControls(); apply(); }
    if ((ev.key === "1" || ev.key === "2" || ev.key === "3") && S.focus !== null) {
      S.steps = parseInt(ev.key, 10); syncControls(); apply();
    }
  });
  document.querySelectorAll("input.cg-steps").forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) { S.steps = parseInt(r.value, 10); apply(); } });
  });
  var search = $("cg-search"), result = $("cg-search-result");
  function find() {
    var q = search.value.trim().toLowerCase();
    if (!q) { result.textContent = ""; return; }
    if (S.mode !== "actors") { toActors(); }
    var r = last || compute();
    var hits = [];
    N.forEach(function (n, i) {
      if (!r.nodeOk[i]) { return; }
      var name = String(n.cg_name || n.label || "").toLowerCase();
      if (String(n.id).toLowerCase() === q) { hits.unshift(i); } else if (name.indexOf(q) >= 0) { hits.push(i); }
    });
    if (!hits.length) { result.textContent = "No match among the shown actors."; return; }
    setFocus(N[hits[0]].id);
    network.selectNodes([vid(hits[0])]);
    network.focus(vid(hits[0]), {scale: 1.2, animation: false});
    result.textContent = hits.length === 1 ? "1 match (focused)." : fmt(hits.length) + " matches (focused on the first).";
  }
  $("cg-find").addEventListener("click", find);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { find(); } });

  // physics: only where it can settle
  var physicsBox = $("cg-physics"), physicsNote = $("cg-physics-note");
  var physicsAllowed = N.length <= data.physicsMax && !data.geoStart && !data.webgl;
  physicsBox.disabled = !physicsAllowed;
  physicsBox.checked = !!(data.options.physics && data.options.physics.enabled) && physicsAllowed && !startGroups;
  if (data.webgl) {
    physicsNote.textContent = "Physics is off on the WebGL renderer of large maps: the layout was computed in advance.";
  } else if (data.geoStart) {
    physicsNote.textContent = "Physics is off on the geographic layout: actors stay where they are.";
  } else if (!physicsAllowed) {
    physicsNote.textContent = "Physics is off for maps of more than " + fmt(data.physicsMax) +
      " actors: it could not settle in reasonable time. The layout was computed in advance.";
  }
  if (physicsBox.checked) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}}); physicsBox.checked = false;
    });
  }
  physicsBox.addEventListener("change", function () {
    network.setOptions({physics: {enabled: physicsBox.checked && physicsAllowed}});
  });
  function placeNodes() {
    visNodes.update(N.map(function (n, i) {
      var p = S.geo && n.cg_geo ? {x: n.cg_geo[0], y: n.cg_geo[1]} : orig[i];
      return {id: vid(i), x: p.x, y: p.y};
    }));
  }
  var placedGeo = false;
  function syncLayout() {
    if (S.geo !== placedGeo) {
      placedGeo = S.geo;
      network.setOptions({physics: {enabled: false}}); physicsBox.checked = false;
      physicsBox.disabled = S.geo || !physicsAllowed;
      placeNodes();
      network.fit({animation: false});
    }
  }
  var geoBox = $("cg-geo");
  if (geoBox) {
    geoBox.addEventListener("change", function () { S.geo = geoBox.checked; syncLayout(); apply(); });
  }
  $("cg-reset").addEventListener("click", function () {
    network.setOptions({physics: {enabled: false}}); physicsBox.checked = false;
    if (S.mode === "actors") { placeNodes(); }
    network.fit({animation: false});
  });
  var groupsBar = $("cg-groups-bar");
  var shown = startGroups ? "groups" : "actors";
  function toActors() {
    S.mode = "actors";
    if (shown === "actors") { return; }
    shown = "actors";
    network.setOptions(data.options);
    network.setData({nodes: visNodes, edges: visEdges});
    if (groupsBar) { groupsBar.style.display = "none"; }
    var back = $("cg-to-groups"); if (back) { back.style.display = ""; }
  }
  function toGroups() {
    if (!data.groups) { return; }
    S.mode = "groups"; S.region = null; S.focus = null;
    if (shown === "groups") { return; }
    shown = "groups";
    network.setOptions(data.groups.options);
    network.setData({nodes: groupNodes, edges: groupEdges});
    if (groupsBar) { groupsBar.style.display = "block"; }
    var back = $("cg-to-groups"); if (back) { back.style.display = "none"; }
    syncControls(); showCounts({}); writeHash();
  }
  if ($("cg-all-actors")) { $("cg-all-actors").addEventListener("click", function () { toActors(); apply(); }); }
  if ($("cg-to-groups")) { $("cg-to-groups").addEventListener("click", toGroups); }
  api.toGroups = toGroups;
  api.toActors = function () { toActors(); apply(); };

  // ---------------------------------------------------------------- PNG export
  function exportPng() {
    var src = network.snapshotCanvas ? network.snapshotCanvas() : container.querySelector("canvas");
    var entries = S.mode === "groups" ? [] : legendEntries();
    var ratio = src.width / Math.max(1, container.clientWidth);
    var titleH = Math.round(56 * ratio), rowH = Math.round(22 * ratio), pad = Math.round(12 * ratio);
    var perRow = Math.max(1, Math.floor(src.width / Math.round(230 * ratio)));
    var legendH = pad * 2 + Math.ceil(entries.length / perRow) * rowH;
    var c = document.createElement("canvas");
    c.width = src.width; c.height = src.height + titleH + legendH;
    var ctx = c.getContext("2d");
    ctx.fillStyle = "#FFFFFF"; ctx.fillRect(0, 0, c.width, c.height);
    ctx.fillStyle = "#222222";
    ctx.font = "bold " + Math.round(20 * ratio) + "px Arial, Helvetica, sans-serif";
    ctx.fillText(data.title, pad, Math.round(26 * ratio));
    ctx.font = Math.round(13 * ratio) + "px Arial, Helvetica, sans-serif";
    ctx.fillStyle = "#555555";
    ctx.fillText($("cg-count").textContent + (S.region !== null ? " - region " + (S.region || data.noRegion) : "") +
      (S.year !== null ? " - end of " + S.year : ""), pad, Math.round(46 * ratio));
    ctx.drawImage(src, 0, titleH);
    ctx.font = Math.round(13 * ratio) + "px Arial, Helvetica, sans-serif";
    entries.forEach(function (en, k) {
      var x = pad + (k % perRow) * Math.round(230 * ratio);
      var y = src.height + titleH + pad + Math.floor(k / perRow) * rowH;
      ctx.fillStyle = en[1]; ctx.beginPath();
      ctx.arc(x + 7 * ratio, y + 8 * ratio, 6 * ratio, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = "#222222"; ctx.fillText(en[0], x + 18 * ratio, y + 13 * ratio);
    });
    var url = c.toDataURL("image/png");
    api.lastPng = url;
    var a = document.createElement("a");
    a.href = url; a.download = (data.fileStem || "map") + ".png";
    document.body.appendChild(a); a.click(); a.remove();
    return url;
  }
  $("cg-png").addEventListener("click", exportPng);
  api.exportPng = exportPng;

  // ---------------------------------------------------------------- phone menu
  var menu = $("cg-menu");
  if (menu) {
    menu.addEventListener("click", function () {
      var app = $("cg-app"); var open = app.classList.toggle("cg-open");
      menu.textContent = open ? "Close" : "Menu";
    });
  }

  // ---------------------------------------------------------------- start
  function syncControls() {
    if (regionSel) { regionSel.value = S.region === null ? "all" : "r" + regionList.indexOf(S.region); }
    if (flagBox) { flagBox.checked = S.flags; }
    if (sizeSel) { sizeSel.value = String(S.size); }
    if (colourSel) { colourSel.value = S.colour; }
    if (wSlider) { wSlider.value = String(weightStep(S.minw)); if (wLabel) { wLabel.textContent = fmtW(S.minw); } }
    if (bSlider) { bSlider.value = String(Math.max(0, ALPHAS.indexOf(S.alpha))); }
    if (ySlider && minYear !== null) { ySlider.value = String(S.year === null ? maxYear + 1 : S.year); }
    if (isoBox) { isoBox.checked = S.iso; }
    if (geoBox) { geoBox.checked = S.geo; }
    document.querySelectorAll("input.cg-type").forEach(function (b) { b.checked = !S.hideT.has(b.getAttribute("data-value")); });
    document.querySelectorAll("input.cg-scope").forEach(function (b) { b.checked = !S.hideS.has(b.getAttribute("data-value")); });
    document.querySelectorAll("input.cg-lt").forEach(function (b) { b.checked = !S.hideL.has(b.getAttribute("data-value")); });
    document.querySelectorAll("input.cg-steps").forEach(function (b) { b.checked = parseInt(b.value, 10) === S.steps; });
  }
  function restore() {
    readHash();
    if (S.mode === "actors") { toActors(); } else { toGroups(); }
    buildColourKey();
    syncControls();
    if (S.mode === "actors") { syncLayout(); apply(); fitRegion(); } else { showCounts({}); }
  }
  window.addEventListener("hashchange", function () { if (!writing) { restore(); } });
  if (groupsBar && startGroups) { groupsBar.style.display = "block"; }
  if ($("cg-to-groups")) { $("cg-to-groups").style.display = startGroups ? "none" : ""; }
  restore();
})();
