/* clustergraph: the WebGL renderer of large maps. A small stand-in for the part of
   vis-network's API that explorer.js uses (vis.DataSet, vis.Network), drawn by sigma.js
   (WebGL) over a graphology graph, so the explorer's controls (focus, search, filters,
   region menu, address, phone layout) work unchanged on maps of 20,000 actors.
   Positions are the ones computed in Python: no layout runs in the browser.
   vis-network's y axis points down and sigma's up: y is negated on the way in and out. */
(function () {
  "use strict";
  if (typeof Sigma === "undefined" || typeof graphology === "undefined") { return; }

  function colourOf(c, fallback) {
    if (!c) { return fallback; }
    if (typeof c === "string") { return c; }
    return c.background || c.color || fallback;
  }

  // ------------------------------------------------------------ DataSet
  function DataSet(items) {
    this._items = new Map();
    this._order = [];
    this._net = null;
    var self = this;
    (items || []).forEach(function (it) { self._items.set(it.id, it); self._order.push(it.id); });
    this.length = this._order.length;
  }
  DataSet.prototype.get = function (arg) {
    var self = this;
    if (arg === undefined || (typeof arg === "object" && arg !== null && !Array.isArray(arg))) {
      var all = this._order.map(function (id) { return self._items.get(id); });
      return arg && arg.filter ? all.filter(arg.filter) : all;
    }
    if (Array.isArray(arg)) { return arg.map(function (id) { return self._items.get(id) || null; }); }
    return this._items.get(arg) || null;
  };
  DataSet.prototype.getIds = function () { return this._order.slice(); };
  DataSet.prototype.forEach = function (fn) { var self = this; this._order.forEach(function (id) { fn(self._items.get(id), id); }); };
  DataSet.prototype.map = function (fn) { var self = this; return this._order.map(function (id) { return fn(self._items.get(id), id); }); };
  DataSet.prototype.update = function (upd) {
    var self = this, list = Array.isArray(upd) ? upd : [upd];
    var batch = self._net && list.length > 50 ? new Map() : null;
    list.forEach(function (u) {
      var it = self._items.get(u.id);
      if (!it) { return; }
      Object.keys(u).forEach(function (k) { it[k] = u[k]; });
      if (batch) { batch.set(u.id, it); } else if (self._net) { self._net._sync(self, it); }
    });
    if (batch) { self._net._syncMany(self, batch); }
  };

  // ------------------------------------------------------------ Network
  function Network(container, data, options) {
    this.container = container;
    this._handlers = new Map();
    this._once = new Map();
    this._selected = [];
    this._graph = new graphology.MultiGraph({type: "mixed", allowSelfLoops: true});
    var w = container.clientWidth || 800, h = container.clientHeight || 600;
    this._wh = [w, h];
    this._setData(data);
    var self = this;
    var holder = document.createElement("div");
    holder.className = "cg-sigma";
    container.appendChild(holder);
    this._holder = holder;
    this._tip = document.createElement("div");
    this._tip.className = "cg-webgl-tip";
    this._tip.style.display = "none";
    container.appendChild(this._tip);
    this.sigma = null;
    // sigma starts after the explorer's first pass over the data (same task: one full draw, not two)
    setTimeout(function () { self._ensure(); }, 0);
  }
  Network.prototype._ensure = function () {
    if (this.sigma) { return this.sigma; }
    var self = this, n = this._graph.order;
    var s = this.sigma = new Sigma(this._graph, this._holder, {
      labelRenderedSizeThreshold: n > 5000 ? 7 : 5,
      labelDensity: 0.5,
      labelFont: "Arial, Helvetica, sans-serif",
      labelSize: 12,
      hideEdgesOnMove: this._graph.size > 20000,
      zIndex: true,
      minCameraRatio: 0.01,
      maxCameraRatio: 4,
      defaultEdgeColor: "#999999",
      defaultNodeColor: "#999999",
      stagePadding: 20
    });
    s.on("clickNode", function (ev) { self.emit("click", {nodes: [ev.node], edges: []}); });
    s.on("clickStage", function () { self.emit("click", {nodes: [], edges: []}); });
    s.on("enterNode", function (ev) { self._showTip(ev.node, ev.event); });
    s.on("leaveNode", function () { self._tip.style.display = "none"; });
    s.on("afterRender", function () {
      var once = self._once.get("afterDrawing") || [];
      self._once.delete("afterDrawing");
      once.forEach(function (fn) { fn(null); });
    });
    requestAnimationFrame(function () { s.refresh(); });  // "afterDrawing" after the first frame
    return s;
  };
  Network.prototype._setData = function (data) {
    var g = this._graph, self = this;
    if (this._nodes) { this._nodes._net = null; this._edges._net = null; }
    g.clear();
    this._nodes = data.nodes; this._edges = data.edges;
    var n = data.nodes.length, w = this._wh[0], h = this._wh[1];
    this._m = data.edges.length;
    // radius in pixels at the start view: about a sixth of the mean spacing of the actors
    this._k = Math.max(0.06, Math.min(0.5, Math.sqrt(w * h / Math.max(1, n)) / 45));
    // names of the largest actors always shown, one per neighbourhood of the picture, about one per
    // 90 px of width (the others once zoomed in far enough)
    var big = data.nodes.get().filter(function (it) { return it.label; });
    big.sort(function (p, q) { return (q.value || 0) - (p.value || 0); });
    var xs = big.map(function (it) { return it.x || 0; }), ys = big.map(function (it) { return it.y || 0; });
    var span = big.length ? Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs),
      Math.max.apply(null, ys) - Math.min.apply(null, ys)) : 0;
    var want = Math.max(3, Math.round(w / 90)), gap = span / 12, chosen = [];
    for (var k = 0; k < big.length && chosen.length < want && k < 2000; k++) {
      var it = big[k], near = chosen.some(function (c) {
        return Math.abs((c.x || 0) - (it.x || 0)) < gap && Math.abs((c.y || 0) - (it.y || 0)) < gap / 3;
      });
      if (!near) { chosen.push(it); }
    }
    this._top = new Set(chosen.map(function (it) { return it.id; }));
    data.nodes.forEach(function (it) { g.addNode(it.id, self._nodeAttrs(it)); });
    data.edges.forEach(function (it) {
      if (g.hasNode(it.from) && g.hasNode(it.to)) { g.addEdgeWithKey(it.id, it.from, it.to, self._edgeAttrs(it)); }
    });
    data.nodes._net = this; data.edges._net = this;
  };
  Network.prototype._nodeAttrs = function (it) {
    var forced = !!(it.font && it.font.size >= 20) || (this._top.has(it.id) && colourOf(it.color, "") !== "#EEEEEE");
    return {x: it.x || 0, y: -(it.y || 0), size: Math.max(1, (it.value || it.size || 10) * this._k),
      color: colourOf(it.color, "#999999"), label: it.label || "", hidden: !!it.hidden,
      forceLabel: forced, zIndex: forced ? 2 : (colourOf(it.color, "") === "#EEEEEE" ? 0 : 1)};
  };
  Network.prototype._edgeAttrs = function (it) {
    var c = colourOf(it.color, "#999999");
    if (/^#[0-9a-fA-F]{6}$/.test(c) && c !== "#EEEEEE") {  // translucent: dense maps stay readable
      c = "rgba(" + parseInt(c.slice(1, 3), 16) + "," + parseInt(c.slice(3, 5), 16) + "," +
        parseInt(c.slice(5, 7), 16) + "," + (this._m > 5000 ? 0.45 : 0.6) + ")";
    }
    // at least 1 px: thinner WebGL lines vanish at the default zoom (and in the exported PNG)
    return {size: Math.max(1, (it.width || 1) * Math.min(1, this._k * 2)), color: c, hidden: !!it.hidden,
      zIndex: c === "#EEEEEE" ? 0 : 1};
  };
  Network.prototype._sync = function (ds, it) {
    if (ds === this._nodes) {
      if (this._graph.hasNode(it.id)) { this._graph.mergeNodeAttributes(it.id, this._nodeAttrs(it)); }
    } else if (this._graph.hasEdge(it.id)) {
      this._graph.mergeEdgeAttributes(it.id, this._edgeAttrs(it));
    }
  };
  // many changes: one graphology event (one sigma refresh) instead of one per item
  Network.prototype._syncMany = function (ds, batch) {
    var self = this;
    if (ds === this._nodes) {
      this._graph.updateEachNodeAttributes(function (key, attr) {
        var it = batch.get(key);
        return it ? Object.assign(attr, self._nodeAttrs(it)) : attr;
      });
    } else {
      this._graph.updateEachEdgeAttributes(function (key, attr) {
        var it = batch.get(key);
        return it ? Object.assign(attr, self._edgeAttrs(it)) : attr;
      });
    }
  };
  Network.prototype._showTip = function (node, ev) {
    var it = this._nodes.get(node);
    if (!it || !it.title) { return; }
    this._tip.textContent = "";
    this._tip.appendChild(typeof it.title === "string" ? document.createTextNode(it.title) : it.title.cloneNode(true));
    var x = ev && typeof ev.x === "number" ? ev.x : 0, y = ev && typeof ev.y === "number" ? ev.y : 0;
    this._tip.style.left = Math.min(x + 12, Math.max(0, this.container.clientWidth - 260)) + "px";
    this._tip.style.top = (y + 12) + "px";
    this._tip.style.display = "block";
  };
  Network.prototype.on = function (name, fn) {
    if (!this._handlers.has(name)) { this._handlers.set(name, []); }
    this._handlers.get(name).push(fn);
  };
  Network.prototype.once = function (name, fn) {
    if (!this._once.has(name)) { this._once.set(name, []); }
    this._once.get(name).push(fn);
  };
  Network.prototype.emit = function (name, arg) {
    (this._handlers.get(name) || []).forEach(function (fn) { fn(arg); });
    var once = this._once.get(name) || [];
    this._once.delete(name);
    once.forEach(function (fn) { fn(arg); });
  };
  Network.prototype.setOptions = function () { /* physics and styling options are vis-network's */ };
  Network.prototype.setData = function (data) {
    this._setData(data);
    this._ensure().refresh();
    this.fit();
  };
  Network.prototype.redraw = function () { this._ensure().refresh(); };
  Network.prototype.fit = function () { this._ensure().getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0}); };
  Network.prototype.getScale = function () {  // pixels per unit of the layout
    var s = this._ensure(), a = s.graphToViewport({x: 0, y: 0}), b = s.graphToViewport({x: 100, y: 0});
    return Math.abs(b.x - a.x) / 100;
  };
  Network.prototype.moveTo = function (opts) {
    var cam = this._ensure().getCamera(), st = cam.getState();
    var ratio = st.ratio;
    if (opts.scale) { ratio = st.ratio * this.getScale() / opts.scale; }
    var state = {ratio: ratio, angle: 0};
    if (opts.position) {
      var vp = this.sigma.graphToViewport({x: opts.position.x, y: -opts.position.y});
      var f = this.sigma.viewportToFramedGraph(vp);
      state.x = f.x; state.y = f.y;
    }
    cam.setState(state);
  };
  Network.prototype.focus = function (id, opts) {
    if (!this._graph.hasNode(id)) { return; }
    var a = this._graph.getNodeAttributes(id);
    this.moveTo({position: {x: a.x, y: -a.y}, scale: (opts && opts.scale) || undefined});
  };
  Network.prototype.getPositions = function (ids) {
    var g = this._graph, out = {};
    (ids || g.nodes()).forEach(function (id) {
      if (g.hasNode(id)) { var a = g.getNodeAttributes(id); out[id] = {x: a.x, y: -a.y}; }
    });
    return out;
  };
  Network.prototype.getPosition = function (id) { return this.getPositions([id])[id]; };
  Network.prototype.moveNode = function (id, x, y) {
    if (this._graph.hasNode(id)) { this._graph.mergeNodeAttributes(id, {x: x, y: -y}); }
  };
  Network.prototype.canvasToDOM = function (p) {
    var v = this._ensure().graphToViewport({x: p.x, y: -p.y});
    return {x: v.x, y: v.y};
  };
  Network.prototype.selectNodes = function (ids) {
    var g = this._graph;
    this._selected.forEach(function (id) { if (g.hasNode(id)) { g.setNodeAttribute(id, "highlighted", false); } });
    this._selected = (ids || []).filter(function (id) { return g.hasNode(id); });
    this._selected.forEach(function (id) { g.setNodeAttribute(id, "highlighted", true); });
  };
  Network.prototype.unselectAll = function () { this.selectNodes([]); };
  Network.prototype.getSelectedNodes = function () { return this._selected.slice(); };
  /** One 2D canvas with the edges, nodes and labels as drawn now (for the PNG export). */
  Network.prototype.snapshotCanvas = function () {
    this._ensure().refresh();  // draw now: WebGL buffers are only readable in the same task
    var layers = this.sigma.getCanvases(), first = layers.edges || layers.nodes;
    var c = document.createElement("canvas");
    c.width = first.width; c.height = first.height;
    var ctx = c.getContext("2d");
    ctx.fillStyle = "#FFFFFF"; ctx.fillRect(0, 0, c.width, c.height);
    ["edges", "nodes", "labels", "hovers", "hoverNodes"].forEach(function (k) {
      if (layers[k] && layers[k].width) { ctx.drawImage(layers[k], 0, 0, c.width, c.height); }
    });
    return c;
  };
  window.vis = {DataSet: DataSet, Network: Network, webgl: true};
})();
