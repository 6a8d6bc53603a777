"""Write a pyvis network as one self-contained HTML page that works with no internet.

pyvis's own template links Bootstrap and tom-select from CDNs (and carries a
stray ``../node_modules/vis`` reference), so it is not used. The page is built
here instead:

- vis-network's JavaScript and CSS are read from the copy bundled in the pyvis
  package (``pyvis/templates/lib/vis-*``) and inlined; the source-map comment is
  dropped so that no tool tries to fetch it;
- the legend, type and region filters, search box and physics switch are plain
  HTML and inline JavaScript;
- every text from the data is escaped: HTML parts with :func:`html.escape`,
  the graph data as JSON inside ``<script type="application/json">`` with
  ``<``, ``>`` and ``&`` written as ``\\u003c`` etc.; tooltips become DOM text
  nodes (never ``innerHTML``);
- :func:`check_offline` refuses to write a page that would load anything from
  a URL, and the page carries a Content-Security-Policy (:data:`CSP`) that lets
  the browser load nothing but the page itself.

The output is deterministic: the same network gives byte-identical HTML.
"""

from __future__ import annotations

import functools
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyvis

from .. import __version__
from ..export.atomic import atomic_write_text
from ..schema import ACTOR_TYPES, TYPE_COLOURS, TYPE_LABELS
from .render import FLAG_BORDER, GREY_BORDER, GREY_FILL, MIXED_COLOUR, SCOPE_STYLES, SUGGESTION_STYLE
from .views import NO_REGION

#: Attributes through which a tag loads something.
_URL_ATTRS = frozenset(
    {"src", "href", "action", "formaction", "poster", "data", "srcset", "background", "xlink:href", "manifest"}
)
_REMOTE_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_LOCAL_URL = re.compile(r"^\s*(?:data:|#|javascript:void)", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"@import|url\(\s*(?![\"']?\s*(?:data:|#))", re.IGNORECASE)


class _OfflineChecker(HTMLParser):
    """Collects every tag attribute or stylesheet that would fetch a resource."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.problems.append("<link> tag")
        for name, value in attrs:
            if (
                name in _URL_ATTRS
                and value is not None
                and value.strip()
                and (
                    (_REMOTE_URL.match(value) and not _LOCAL_URL.match(value))
                    or "node_modules" in value
                    or tag in ("script", "img", "iframe", "embed", "object", "source")
                )
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            m = _CSS_REMOTE.search(data)
            if m:
                self.problems.append(f"stylesheet {m.group(0)!r}")


#: Content-Security-Policy of the page: inline code and styles only, images only
#: as data: URIs, no connection anywhere (a second lock besides :func:`check_offline`).
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str, str]:
    """(version, JavaScript, CSS) of the newest vis-network bundled with pyvis."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    found = []
    for d in lib.glob("vis-*"):
        if (d / "vis-network.min.js").exists() and (d / "vis-network.css").exists():
            version = tuple(int(p) for p in re.findall(r"\d+", d.name))
            found.append((version, d))
    if not found:
        raise RuntimeError(f"vis-network not found in the pyvis package ({lib})")
    version, folder = max(found)
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    if re.search(r"</script", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return ".".join(map(str, version)), js, css


def check_offline(page: str) -> None:
    """Raise ``ValueError`` when ``page`` would load anything (a URL, a relative
    file such as ``../node_modules/...``, a ``<link>``, a CSS ``url()``/``@import``).

    Text and attribute values such as ``value="..."`` are not resources, so an
    actor named ``src=http://x`` does not trip it.

    Examples
    --------
    >>> check_offline('<p title="src=http://x">ok</p><script>var a = 1;</script>')
    >>> check_offline('<script src="https://cdn.example/x.js"></script>')
    Traceback (most recent call last):
    ...
    ValueError: the map page would load external resources: <script src='https://cdn.example/x.js'>
    """
    checker = _OfflineChecker()
    checker.feed(page)
    checker.close()
    if checker.problems:
        raise ValueError("the map page would load external resources: " + "; ".join(checker.problems[:5]))


def json_for_script(data) -> str:
    """JSON safe inside ``<script type="application/json">`` (sorted keys, no ``<``/``>``/``&``).

    >>> json_for_script({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _swatch(colour: str, shape: str = "dot", border: str | None = None, bw: float = 1) -> str:
    border = border or colour
    if shape == "diamond":
        body = f'<polygon points="9,1 17,9 9,17 1,9" fill="{colour}" stroke="{border}" stroke-width="{bw}"/>'
    else:
        body = f'<circle cx="9" cy="9" r="{7 - bw / 2:g}" fill="{colour}" stroke="{border}" stroke-width="{bw}"/>'
    return f'<svg class="cg-sw" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'


def _line(colour: str, dashes, width: float = 2.5) -> str:
    dash = f' stroke-dasharray="{",".join(map(str, dashes))}"' if dashes else ""
    return (
        f'<svg class="cg-sw" width="34" height="18" viewBox="0 0 34 18" aria-hidden="true">'
        f'<line x1="1" y1="9" x2="33" y2="9" stroke="{colour}" stroke-width="{width}"{dash}/></svg>'
    )


def _actor_counts(nodes: list[dict], key: str) -> dict[str, int]:
    """Actors per value of ``key`` (``cg_type`` or ``cg_region``); groups count their actors."""
    counts: dict[str, int] = {}
    for n in nodes:
        if key == "cg_type" and "cg_types" in n:
            for t, k in n["cg_types"].items():
                counts[t] = counts.get(t, 0) + k
        else:
            counts[n.get(key, "")] = counts.get(n.get(key, ""), 0) + n.get("cg_actors", 1)
    return counts


def _legend(nodes: list[dict], edges: list[dict], size_note: str, aggregate_by: str | None) -> str:
    counts = _actor_counts(nodes, "cg_type")
    mixed = aggregate_by == "region"  # groups mix types: the type rows are a key, not a filter
    rows = []
    for t in ACTOR_TYPES:
        shape = "diamond" if t == "cluster_org" else "dot"
        box = (
            '<span class="cg-box"></span>'
            if mixed
            else f'<input type="checkbox" class="cg-type" data-value="{_e(t)}" checked>'
        )
        rows.append(
            f'<label class="cg-row">{box}{_swatch(TYPE_COLOURS[t], shape)}'
            f'<span class="cg-lab">{_e(TYPE_LABELS[t])}</span>'
            f'<span class="cg-n">{counts.get(t, 0):,}</span></label>'
        )
    other = sum(v for k, v in counts.items() if k not in ACTOR_TYPES)
    if other and not mixed:
        rows.append(
            f'<label class="cg-row"><input type="checkbox" class="cg-type" data-value="" checked>'
            f'{_swatch(MIXED_COLOUR)}<span class="cg-lab">Unknown type</span>'
            f'<span class="cg-n">{other:,}</span></label>'
        )
    heading = "Actors per type (groups mix types and are drawn grey)" if mixed else "Actor types (untick to hide)"
    marks = [
        f'<div class="cg-row">{_swatch("#ffffff", "diamond", "#555555", 1.5)}'
        f'<span class="cg-lab">Diamond: cluster organisation</span></div>'
    ]
    if any(n.get("cg_flagged") for n in nodes):
        marks.append(
            f'<div class="cg-row">{_swatch("#dddddd", "dot", FLAG_BORDER, 3)}'
            f'<span class="cg-lab">Black ring: flagged by gap analysis</span></div>'
        )
    if any(n.get("color", {}).get("background") == GREY_FILL for n in nodes):
        marks.append(
            f'<div class="cg-row">{_swatch(GREY_FILL, "dot", GREY_BORDER, 1.5)}'
            f'<span class="cg-lab">Grey: partner outside the region</span></div>'
        )
    if aggregate_by is None:
        for scope in ("regional", "national", "international", None):
            label, colour, dashes = SCOPE_STYLES[scope]
            marks.append(f'<div class="cg-row">{_line(colour, dashes)}<span class="cg-lab">{_e(label)}</span></div>')
    if any(e.get("cg_suggestion") for e in edges):
        label, colour, dashes = SUGGESTION_STYLE
        marks.append(f'<div class="cg-row">{_line(colour, dashes)}<span class="cg-lab">{_e(label)}</span></div>')
    marks.append(
        f'<div class="cg-note">Node size: {_e(size_note)}. '
        f"Edge width: {'number of links' if aggregate_by else 'link weight'}.</div>"
    )
    return (
        '<section id="cg-legend"><h2>Legend</h2>'
        f'<div class="cg-sub">{heading}</div>'
        + "".join(rows)
        + '<div class="cg-sub">Markers</div>'
        + "".join(marks)
        + "</section>"
    )


def _regions(nodes: list[dict]) -> str:
    counts = _actor_counts(nodes, "cg_region")
    if len(counts) < 2:
        return ""
    rows = "".join(
        f'<label class="cg-row"><input type="checkbox" class="cg-region" data-value="{_e(r)}" checked>'
        f'<span class="cg-lab">{_e(r or NO_REGION)}</span><span class="cg-n">{k:,}</span></label>'
        for r, k in sorted(counts.items())
    )
    return (
        '<section id="cg-regions"><h2>Regions</h2><div class="cg-btns">'
        '<button type="button" id="cg-reg-all">All</button>'
        '<button type="button" id="cg-reg-none">None</button></div>'
        f'<div class="cg-list">{rows}</div></section>'
    )


_CSS = """
html,body{margin:0;height:100%;font:14px/1.35 Arial,Helvetica,sans-serif;color:#222;background:#fff}
#cg-app{display:flex;height:100vh;width:100vw}
#cg-panel{width:300px;min-width:240px;overflow-y:auto;padding:10px 14px;border-right:1px solid #ddd;
 box-sizing:border-box;background:#fafafa}
#cg-panel h1{font-size:18px;margin:4px 0 4px}
#cg-panel h2{font-size:14px;margin:14px 0 6px;border-bottom:1px solid #ddd;padding-bottom:2px}
.cg-desc{margin:0 0 6px;color:#555;font-size:12.5px}
.cg-sub{font-size:12px;color:#666;margin:8px 0 3px}
.cg-row{display:flex;align-items:center;gap:6px;margin:2px 0;font-size:13px}
.cg-lab{flex:1}
.cg-n{color:#777;font-size:12px}
.cg-sw{flex:none}
.cg-box{display:inline-block;width:13px;margin:3px 3px 3px 4px}
.cg-note{font-size:12px;color:#555;margin-top:6px}
.cg-list{max-height:220px;overflow-y:auto}
.cg-btns button,#cg-find{font-size:12px;margin-right:4px}
#cg-search{width:170px}
#cg-search-result,#cg-count{font-size:12px;color:#555;margin-top:4px}
#mynetwork{flex:1;position:relative;background:#fff;min-width:0}
.cg-tip{white-space:pre-line;font:13px/1.35 Arial,Helvetica,sans-serif;max-width:360px}
.cg-foot{font-size:11px;color:#888;margin-top:14px}
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  function tip(text) {
    var d = document.createElement("div");
    d.className = "cg-tip";
    d.textContent = text;           // text, never HTML
    return d;
  }
  data.nodes.forEach(function (n) { if (n.cg_tip) { n.title = tip(n.cg_tip); } });
  data.edges.forEach(function (e) { if (e.cg_tip) { e.title = tip(e.cg_tip); } });
  var scaling = data.options.nodes && data.options.nodes.scaling;
  if (scaling) {  // node "value" is the radius computed in Python: keep it as it is
    scaling.customScalingFunction = function (lo, hi, total, value) {
      return Math.max(0, (value - scaling.min) / (scaling.max - scaling.min));
    };
  }
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hidden = {type: {}, region: {}};
  var view = new vis.DataView(nodes, {filter: function (n) {
    return !hidden.type[n.cg_type || ""] && !hidden.region[n.cg_region || ""];
  }});
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: view, edges: edges}, data.options);
  var physicsBox = document.getElementById("cg-physics");
  var count = document.getElementById("cg-count");
  window.cgMap = {network: network, nodes: nodes, edges: edges, view: view, drawn: false};
  network.once("afterDrawing", function () { window.cgMap.drawn = true; });
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      physicsBox.checked = false;
    });
  }
  physicsBox.checked = !!(data.options.physics && data.options.physics.enabled);
  physicsBox.addEventListener("change", function () {
    network.setOptions({physics: {enabled: physicsBox.checked}});
  });
  function showCount() {
    count.textContent = view.length.toLocaleString("en") + " of " +
      nodes.length.toLocaleString("en") + " " + data.unit + " shown";
  }
  function bind(cls, key) {
    var boxes = document.querySelectorAll("input." + cls);
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        hidden[key][box.getAttribute("data-value")] = !box.checked;
        view.refresh();
        showCount();
      });
    });
    return boxes;
  }
  bind("cg-type", "type");
  var regionBoxes = bind("cg-region", "region");
  function setAll(on) {
    regionBoxes.forEach(function (box) {
      box.checked = on;
      hidden.region[box.getAttribute("data-value")] = !on;
    });
    view.refresh();
    showCount();
  }
  var all = document.getElementById("cg-reg-all"), none = document.getElementById("cg-reg-none");
  if (all) { all.addEventListener("click", function () { setAll(true); }); }
  if (none) { none.addEventListener("click", function () { setAll(false); }); }
  var search = document.getElementById("cg-search"), result = document.getElementById("cg-search-result");
  function find() {
    var q = search.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); result.textContent = ""; return; }
    var ids = view.getIds({filter: function (n) {
      return String(n.label).toLowerCase().indexOf(q) >= 0 || String(n.id).toLowerCase() === q;
    }});
    if (!ids.length) { network.unselectAll(); result.textContent = "No match among the shown nodes."; return; }
    network.selectNodes(ids);
    network.focus(ids[0], {scale: 1.2, animation: false});
    result.textContent = ids.length === 1 ? "1 match (selected)." :
      ids.length + " matches (selected; zoomed to the first).";
  }
  document.getElementById("cg-find").addEventListener("click", find);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { find(); } });
  showCount();
})();
"""


def page_html(net, title: str, description: str = "", size_note: str = "", aggregate_by: str | None = None) -> str:
    """The complete, self-contained HTML page of ``net`` (a pyvis Network built by
    :func:`clustergraph.maps.render.build_network`).

    Parameters
    ----------
    net : pyvis.network.Network
    title : str
        Page heading (escaped).
    description : str
        One line under the heading (escaped).
    size_note : str
        What node size shows, for the legend.
    aggregate_by : str, optional
        The grouping of an aggregate view (changes the legend wording).

    Returns
    -------
    str
    """
    version, vis_js, vis_css = vis_assets()
    nodes, edges = list(net.nodes), list(net.edges)
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    unit = "groups" if aggregate_by else "actors"
    data = json_for_script({"nodes": nodes, "edges": edges, "options": options, "unit": unit})
    names = sorted({str(n.get("label", "")) for n in nodes})
    datalist = (
        ('<datalist id="cg-names">' + "".join(f'<option value="{_e(x)}">' for x in names) + "</datalist>")
        if len(names) <= 5000
        else ""
    )
    panel = (
        f'<h1>{_e(title)}</h1><p class="cg-desc">{_e(description)}</p>'
        f'<p id="cg-count"></p>'
        + _legend(nodes, edges, size_note, aggregate_by)
        + _regions(nodes)
        + '<section id="cg-search-box"><h2>Search</h2>'
        '<input id="cg-search" type="search" list="cg-names" placeholder="Name or id" autocomplete="off">'
        f' <button type="button" id="cg-find">Find</button>{datalist}<div id="cg-search-result"></div></section>'
        '<section><h2>Layout</h2><label class="cg-row"><input type="checkbox" id="cg-physics">'
        '<span class="cg-lab">Physics (nodes move; untick to freeze)</span></label>'
        '<div class="cg-note">Drag to pan, scroll to zoom, hover for details.</div></section>'
        f'<p class="cg-foot">clustergraph {_e(__version__)} &middot; vis-network {_e(version)} '
        "(MIT / Apache-2.0), inlined: this file works offline.</p>"
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<meta name="generator" content="clustergraph {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>\n{vis_css}\n</style>\n<style>{_CSS}</style>\n"
        f"<script>\n{vis_js}\n</script>\n</head>\n<body>\n"
        f'<div id="cg-app"><aside id="cg-panel">{panel}</aside>'
        '<div id="mynetwork"></div></div>\n'
        f'<script type="application/json" id="cg-data">{data}</script>\n'
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )
    check_offline(page)
    return page


def write_page(net, path, **kwargs) -> Path:
    """Write :func:`page_html` to ``path`` atomically and return the path."""
    return atomic_write_text(path, page_html(net, **kwargs))
