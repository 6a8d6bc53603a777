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
from importlib import resources
from pathlib import Path

import pyvis

from .._version import __version__
from ..files.atomic import atomic_write_text
from ..files.guard import visible
from ..schema import ACTOR_TYPES, TYPE_COLOURS, TYPE_LABELS
from .geo import world_rings
from .measures import SIZE_MAX, SIZE_MIN
from .render import FLAG_BORDER, GREY_BORDER, GREY_FILL, MIXED_COLOUR, PHYSICS_MAX, SCOPE_STYLES, SUGGESTION_STYLE
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

    def __init__(self, allowed: frozenset = frozenset()):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False
        self.allowed = allowed

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("href") not in self.allowed:
            self.problems.append("<link> tag")
        for name, value in attrs:
            if value in self.allowed and name in ("src", "href") and tag in ("script", "link"):
                continue
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


#: The same for a page that loads the shared assets beside it (same folder tree only).
CSP_SHARED = CSP.replace("script-src 'unsafe-inline'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'unsafe-inline'", "style-src 'self' 'unsafe-inline'"
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


def check_offline(page: str, assets: str | None = None) -> None:
    """Raise ``ValueError`` when ``page`` would load anything (a URL, a relative
    file such as ``../node_modules/...``, a ``<link>``, a CSS ``url()``/``@import``);
    with ``assets``, only the shared files of :func:`write_assets` in that relative
    folder may be loaded.

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
    allowed: frozenset = frozenset()
    if assets:
        folder = assets.rstrip("/")
        allowed = frozenset(
            f"{folder}/{name}"
            for name in (VIS_JS, VIS_CSS, EXPLORER_JS, EXPLORER_CSS, WORLD_JS, SIGMA_JS, GRAPHOLOGY_JS, WEBGL_JS)
        )
    checker = _OfflineChecker(allowed)
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
    # DEL and C1 controls (json leaves them raw) are parse errors in an HTML page: escaped as JSON does C0
    text = re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _e(text) -> str:
    return html.escape(visible(str(text)), quote=True)  # control characters as \\xNN text


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


def _scope_filters(edges: list[dict]) -> str:
    counts: dict[str, int] = {}
    for e in edges:
        if "cg_scope" in e:
            counts[e["cg_scope"]] = counts.get(e["cg_scope"], 0) + 1
    if not counts:
        return ""
    rows = []
    for scope in ("regional", "national", "international", None):
        key = scope or ""
        if key not in counts:
            continue
        label, colour, dashes = SCOPE_STYLES[scope]
        rows.append(
            f'<label class="cg-row"><input type="checkbox" class="cg-scope" data-value="{_e(key)}" checked>'
            f'{_line(colour, dashes)}<span class="cg-lab">{_e(label)}</span>'
            f'<span class="cg-n">{counts[key]:,}</span></label>'
        )
    return '<div class="cg-sub">Scope</div>' + "".join(rows)


@functools.lru_cache(maxsize=8)
def static_text(name: str) -> str:
    """A file of the page's own CSS/JavaScript (package data in ``clustergraph/maps/static``)."""
    text = resources.files("clustergraph.maps").joinpath("static", name).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise RuntimeError(f"{name} cannot be inlined safely")
    return text


def _isolated_label(nodes: list[dict], edges: list[dict]) -> dict | None:
    """Where the page writes "Isolated actors (n)": above their block."""
    linked = {e["from"] for e in edges if not e.get("cg_suggestion")} | {
        e["to"] for e in edges if not e.get("cg_suggestion")
    }
    alone = [n for n in nodes if n["id"] not in linked]
    if not alone or len(alone) == len(nodes):
        return None
    xs = [n["x"] for n in alone]
    top = min(n["y"] for n in alone)
    return {
        "x": round((min(xs) + max(xs)) / 2, 1),
        "y": round(top - 28, 1),
        "text": f"Isolated actors ({len(alone):,})",
    }


def _controls(nodes: list[dict], edges: list[dict], measures: list[str], grouped: bool, geo_switch: bool) -> str:
    """The explorer's panel sections (filled and wired by explorer.js)."""
    has_comm = any("cg_comm" in n for n in nodes)
    colour_opts = [("type", "Actor type"), ("region", "Region"), ("country", "Country")]
    if has_comm:
        colour_opts.append(("community", "Community"))
    if any("cg_scope" in e for e in edges):
        colour_opts.append(("scope", "Link scope (most links)"))
    iso = _isolated_label(nodes, edges)
    groups = (
        '<div class="cg-btns"><button type="button" id="cg-to-groups">Back to region x type groups</button></div>'
        if grouped
        else ""
    )
    return (
        '<section id="cg-focus-box"><h2>Focus</h2><div class="cg-row">Steps: '
        + "".join(
            f'<label><input type="radio" name="cg-steps" class="cg-steps" value="{k}"{" checked" if k == 1 else ""}>'
            f" {k}</label>"
            for k in (1, 2, 3)
        )
        + '</div><div id="cg-focus-info"></div></section>'
        '<section id="cg-search-box"><h2>Search</h2>'
        '<input id="cg-search" type="search" list="cg-names" placeholder="Name or id" autocomplete="off">'
        ' <button type="button" id="cg-find">Find</button>{datalist}<div id="cg-search-result"></div></section>'
        '<section id="cg-time"><h2>Time</h2><div class="cg-row"><button type="button" id="cg-play">Play</button>'
        '<input type="range" id="cg-year" aria-label="Year"></div><div id="cg-year-info"></div>'
        '<div class="cg-note">The network at the end of each year (links by their first year; '
        "links without a year always shown). Rightmost: all years.</div></section>"
        '<section id="cg-encoding"><h2>Size and colour</h2>'
        '<label class="cg-row">Size by <select id="cg-size-menu"></select></label>'
        '<label class="cg-row">Colour by <select id="cg-colour-menu">'
        + "".join(f'<option value="{v}">{_e(t)}</option>' for v, t in colour_opts)
        + '</select></label><div id="cg-colour-key"></div></section>'
        '<section id="cg-links"><h2>Links</h2>'
        + _scope_filters(edges)
        + '<div class="cg-sub">Link type</div><div id="cg-linktypes" class="cg-list"></div>'
        '<div class="cg-sub">Minimum weight: <span id="cg-minweight-value"></span></div>'
        '<input type="range" id="cg-minweight" aria-label="Minimum weight">'
        '<div class="cg-sub">Backbone (disparity filter)</div>'
        '<input type="range" id="cg-backbone" aria-label="Backbone significance" value="0">'
        '<div id="cg-backbone-info"></div>'
        '<div class="cg-note">Keeps each actor\'s links that carry a significantly large share of its '
        "total weight (Serrano, Bogu&ntilde;a and Vespignani 2009); move right for a thinner network.</div>"
        "</section>"
        '<section id="cg-region-box"><h2>Region</h2><select id="cg-region-menu" aria-label="Region"></select>'
        '<div class="cg-note">One region with its outside partners in grey.</div></section>'
        '<section><h2>Layout and export</h2><label class="cg-row"><input type="checkbox" id="cg-physics">'
        '<span class="cg-lab">Physics (nodes move; untick to freeze)</span></label><div id="cg-physics-note"></div>'
        + (
            f'<label class="cg-row"><input type="checkbox" id="cg-isolated" checked><span class="cg-lab">'
            f"Show isolated actors ({_e(iso['text'].split('(')[1].rstrip(')'))})</span></label>"
            if iso
            else ""
        )
        + (
            '<label class="cg-row"><input type="checkbox" id="cg-geo"><span class="cg-lab">'
            "Geographic layout (actors at their coordinates)</span></label>"
            if geo_switch
            else ""
        )
        + '<div class="cg-btns"><button type="button" id="cg-reset">Reset layout</button>'
        '<button type="button" id="cg-png">Export PNG</button></div>'
        + groups
        + '<div class="cg-note">Drag to pan, scroll to zoom, hover for details. The view is kept in the '
        "address: copy it to share or bookmark this view.</div></section>"
    )


def page_html(
    net,
    title: str,
    description: str = "",
    size_note: str = "",
    aggregate_by: str | None = None,
    assets: str | None = None,
) -> str:
    """The complete HTML page of ``net`` (a pyvis Network built by
    :func:`clustergraph.maps.render.build_network`), self-contained by default.

    Parameters
    ----------
    net : pyvis.network.Network
        ``net.cg_measures`` (labels of the size-by menu) and ``net.cg_groups``
        (the region x type network a large map opens on) are used when present.
    title : str
        Page heading (escaped).
    description : str
        One line under the heading (escaped).
    size_note : str
        What node size shows, for the legend.
    aggregate_by : str, optional
        The grouping of an aggregate view (changes the legend wording).
    assets : str, optional
        Relative folder (e.g. ``"assets"``) holding the shared JavaScript and CSS
        (:func:`write_assets`); default: everything inlined.

    Returns
    -------
    str
    """
    version, vis_js, vis_css = vis_assets()
    nodes, edges = list(net.nodes), list(net.edges)
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    unit = "groups" if aggregate_by else "actors"
    groups = getattr(net, "cg_groups", None)
    measures: list[str] = list(getattr(net, "cg_measures", [])) or [size_note.split(";")[0] or "Size"]
    webgl = getattr(net, "cg_renderer", "vis") == "webgl"
    payload: dict[str, object] = {
        "webgl": webgl,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "unit": unit,
        "title": title,
        "directed": bool(getattr(net, "directed", False)),
        "geo": getattr(net, "cg_geo", None) or getattr(net, "cg_geo_switch", None),
        "geoStart": getattr(net, "cg_geo", None) is not None,
        "world": world_rings()
        if (getattr(net, "cg_geo", None) or getattr(net, "cg_geo_switch", None)) and not assets
        else None,
        "measures": measures,
        "types": [[t, TYPE_LABELS[t], TYPE_COLOURS[t]] for t in ACTOR_TYPES],
        "scopes": [[s or "", lab, col] for s, (lab, col, _) in SCOPE_STYLES.items()],
        "physicsMax": PHYSICS_MAX,
        "suggestionsInViews": bool(getattr(net, "cg_suggestions_in_views", False)),
        "sizeMin": SIZE_MIN,
        "sizeMax": SIZE_MAX,
        "noRegion": NO_REGION,
        "isolated": _isolated_label(nodes, edges) if unit == "actors" and not getattr(net, "cg_geo", None) else None,
        "groups": None
        if groups is None
        else {"nodes": list(groups.nodes), "edges": list(groups.edges), "options": groups.options},
    }
    data = json_for_script(payload)
    names = sorted({str(n.get("cg_name", n.get("label", ""))) for n in nodes})
    datalist = (
        ('<datalist id="cg-names">' + "".join(f'<option value="{_e(x)}">' for x in names) + "</datalist>")
        if len(names) <= 5000
        else ""
    )
    grouped = groups is not None
    reason = "" if webgl else f": {len(nodes):,} actors are too many to draw at once"
    bar = (
        f'<div id="cg-groups-bar">Grouped by region and actor type{reason}. Click a group to open its region, or '
        '<button type="button" id="cg-all-actors">show all actors</button></div>'
        if grouped
        else ""
    )
    where = "in the assets folder beside this page" if assets else "inlined: this file works offline"
    panel = (
        f'<h1>{_e(title)}</h1><p class="cg-desc">{_e(description)}</p>'
        f'<p id="cg-count"></p>'
        + _controls(nodes, edges, measures, grouped, getattr(net, "cg_geo_switch", None) is not None).replace(
            "{datalist}", datalist
        )
        + _legend(nodes, edges, size_note, aggregate_by)
        + f'<p class="cg-foot">clustergraph {_e(__version__)} &middot; '
        + (
            f"WebGL renderer sigma.js {SIGMA_VERSION} and graphology {GRAPHOLOGY_VERSION} (MIT)"
            if webgl
            else f"vis-network {_e(version)} (MIT / Apache-2.0)"
        )
        + f", {where}.</p>"
    )
    if assets:
        folder = _e(assets.rstrip("/"))
        scripts = (GRAPHOLOGY_JS, SIGMA_JS, WEBGL_JS) if webgl else (VIS_JS,)
        head = (
            ("" if webgl else f'<link rel="stylesheet" href="{folder}/{VIS_CSS}">\n')
            + f'<link rel="stylesheet" href="{folder}/{EXPLORER_CSS}">\n'
            + "".join(f'<script src="{folder}/{name}"></script>\n' for name in scripts)
        )
        world = payload["geo"] is not None
        tail = (f'<script src="{folder}/{WORLD_JS}"></script>\n' if world else "") + (
            f'<script src="{folder}/{EXPLORER_JS}"></script>\n'
        )
        csp = CSP_SHARED
    elif webgl:
        head = f"<style>{static_text(EXPLORER_CSS)}</style>\n" + "".join(
            f"<script>\n{static_text(name)}\n</script>\n" for name in (GRAPHOLOGY_JS, SIGMA_JS, WEBGL_JS)
        )
        tail = f"<script>{static_text(EXPLORER_JS)}</script>\n"
        csp = CSP
    else:
        head = (
            f"<style>\n{vis_css}\n</style>\n<style>{static_text(EXPLORER_CSS)}</style>\n<script>\n{vis_js}\n</script>\n"
        )
        tail = f"<script>{static_text(EXPLORER_JS)}</script>\n"
        csp = CSP
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f'<meta name="generator" content="clustergraph {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n{head}</head>\n<body>\n"
        f'<div id="cg-app"><button type="button" id="cg-menu">Menu</button><aside id="cg-panel">{panel}</aside>'
        f'<div id="mynetwork">{bar}</div></div>\n'
        f'<script type="application/json" id="cg-data">{data}</script>\n'
        f"{tail}</body>\n</html>\n"
    )
    check_offline(page, assets=assets)
    return page


#: File names of the shared assets (see :func:`write_assets`).
VIS_JS, VIS_CSS = "vis-network.min.js", "vis-network.css"
#: The country outlines as a script setting ``window.cgWorld`` (shared pages only).
WORLD_JS = "world-110m.js"
EXPLORER_JS, EXPLORER_CSS = "explorer.js", "explorer.css"
#: The WebGL renderer of large maps: sigma.js and graphology (MIT, vendored from npm, see
#: ``static/LICENSE-sigma.txt`` and ``static/LICENSE-graphology.txt``) and the adapter that
#: lets explorer.js drive them.
SIGMA_JS, GRAPHOLOGY_JS, WEBGL_JS = "sigma.min.js", "graphology.umd.min.js", "webgl.js"
SIGMA_VERSION, GRAPHOLOGY_VERSION = "3.0.3", "0.26.0"


def write_assets(folder) -> Path:
    """Write vis-network and the explorer's JavaScript/CSS into ``folder`` (atomically, once per
    content: an unchanged file is not rewritten) and return the folder.

    Pages written with ``assets=<folder name>`` load them by relative path, so a report
    folder carries one copy instead of one per map; still offline.
    """
    folder = Path(folder)
    _, vis_js, vis_css = vis_assets()
    for name, text in (
        (VIS_JS, vis_js),
        (VIS_CSS, vis_css),
        (EXPLORER_JS, static_text(EXPLORER_JS)),
        (EXPLORER_CSS, static_text(EXPLORER_CSS)),
        (WORLD_JS, "window.cgWorld = " + json.dumps(world_rings(), separators=(",", ":")) + ";\n"),
        (SIGMA_JS, static_text(SIGMA_JS)),
        (GRAPHOLOGY_JS, static_text(GRAPHOLOGY_JS)),
        (WEBGL_JS, static_text(WEBGL_JS)),
        ("LICENSE-sigma.txt", static_text("LICENSE-sigma.txt")),
        ("LICENSE-graphology.txt", static_text("LICENSE-graphology.txt")),
    ):
        target = folder / name
        if not (target.exists() and target.read_text(encoding="utf-8") == text):
            atomic_write_text(target, text)
    licence = Path(pyvis.__file__).parent / "LICENSE"
    note = "vis-network (https://github.com/visjs/vis-network): dual licensed Apache-2.0 / MIT.\n"
    if licence.exists():
        note += "\npyvis licence, which bundles vis-network:\n\n" + licence.read_text(encoding="utf-8")
    target = folder / "LICENSE-vis-network.txt"
    if not (target.exists() and target.read_text(encoding="utf-8") == note):
        atomic_write_text(target, note)
    return folder


def write_page(net, path, **kwargs) -> Path:
    """Write :func:`page_html` to ``path`` atomically and return the path."""
    return atomic_write_text(path, page_html(net, **kwargs))
