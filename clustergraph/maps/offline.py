"""Write a map model as one self-contained HTML page that works with no internet.

pyvis's own template links Bootstrap and tom-select from CDNs (and carries a
stray ``../node_modules/vis`` reference), so it is not used: pyvis writes the
vis-network part (:func:`clustergraph.maps.render.vis_network`) and the page is
rendered from the Jinja2 templates in ``clustergraph/maps/templates``
(autoescaped, :mod:`clustergraph.maps.templating`):

- vis-network's JavaScript and CSS are vendored from the npm package
  ``vis-network`` (``static/vis-network.min.js``, ``static/vis-network.min.css``,
  licence in ``static/LICENSE-vis-network.txt``) beside sigma.js and inlined; the
  source-map comments are dropped so that no tool tries to fetch them;
- the legend, type and region filters, search box and physics switch are the
  template's HTML and ``static/explorer.js``;
- every text from the data is escaped: HTML by the template's autoescaping,
  the graph data as JSON inside ``<script type="application/json">`` with
  ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\u003c`` etc.
  (:func:`json_for_script`); tooltips become DOM text nodes (never ``innerHTML``);
- :func:`check_offline` refuses to write a page that would load anything from
  a URL, and the page carries a Content-Security-Policy (:data:`CSP`) that lets
  the browser load nothing but the page itself.

The output is deterministic: the same model gives byte-identical HTML.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from .._version import __version__
from ..files.atomic import atomic_write_text
from ..schema import ACTOR_TYPES, TYPE_COLOURS, TYPE_LABELS
from .geo import world_rings
from .measures import SIZE_MAX, SIZE_MIN
from .model import EDGE_LAYER_FROM, MapModel
from .render import (
    FLAG_HALO,
    GREY_BORDER,
    GREY_FILL,
    MIXED_COLOUR,
    PHYSICS_MAX,
    SCOPE_STYLES,
    SUGGESTION_STYLE,
    vis_network,
)
from .skills_layer import SKILLS_JS
from .templating import render
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


#: An inline script element with no attributes (the page's JavaScript; its JSON data carries a type).
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def inline_script_hashes(page: str) -> list[str]:
    """The CSP sources (``'sha256-...'``) of the inline scripts of ``page``, in page order.

    A page that embeds a map in an ``<iframe srcdoc>`` passes its own Content-Security-Policy on to
    the frame (Chromium, Firefox): with ``script-src`` set to exactly these hashes, the map's own
    scripts run there and nothing else does (no ``'unsafe-inline'``). The hash is over the script's
    text as written (the map page has LF line ends and no character references inside scripts).

    >>> inline_script_hashes('<script>var a = 1;</script><script type="application/json">{}</script>')
    ["'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='"]
    """
    import base64
    import hashlib

    seen: dict[str, None] = {}
    for text in _INLINE_SCRIPT.findall(page):
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        seen.setdefault(f"'sha256-{digest}'", None)
    return list(seen)


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
            for name in (
                VIS_JS,
                VIS_CSS,
                EXPLORER_JS,
                EXPLORER_CSS,
                WORLD_JS,
                SIGMA_JS,
                GRAPHOLOGY_JS,
                WEBGL_JS,
                SKILLS_JS,
            )
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


@functools.lru_cache(maxsize=8)
def static_text(name: str) -> str:
    """A file of the page's own CSS/JavaScript (package data in ``clustergraph/maps/static``)."""
    text = resources.files("clustergraph.maps").joinpath("static", name).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", text)
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise RuntimeError(f"{name} cannot be inlined safely")
    return text


def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def edge_table(edges: list[dict]) -> dict:
    """vis-network edge dicts as one compact table: the keys once, a row of values per edge; a column
    of repeated values that are not numbers (colours, dashes, scopes, link types, the end points) is
    dictionary-encoded (its distinct values once, in ``dicts``, each row holds an index), and a column
    that is None everywhere is left out. :func:`edge_rows` and the page read it back.

    A dense map's links are most of its page (38,000 links: 11 MB as dicts, 6.5 MB as rows with the
    colours by index, 3.3 MB with every repeated column by index).

    >>> t = edge_table([{"from": "a", "to": "b", "color": {"color": "#111"}, "tip": None},
    ...                 {"from": "b", "to": "c", "color": {"color": "#111"}}])
    >>> t["keys"], t["rows"], t["dicts"]
    (['color', 'from', 'to'], [[0, 'a', 'b'], [0, 'b', 'c']], {'color': [{'color': '#111'}]})
    >>> edge_rows(t) == [{"from": "a", "to": "b", "color": {"color": "#111"}}, {"from": "b", "to": "c",
    ...                   "color": {"color": "#111"}}]
    True
    """
    keys = sorted({k for e in edges for k, v in e.items() if v is not None})
    columns = {k: [e.get(k) for e in edges] for k in keys}
    dicts: dict[str, list] = {}
    for k, values in columns.items():
        present = [v for v in values if v is not None]
        if all(_is_number(v) for v in present):
            continue
        seen: dict[str, int] = {}
        distinct: list = []
        codes: list = []
        for v in values:
            if v is None:
                codes.append(None)
                continue
            tag = json.dumps(v, sort_keys=True)
            if tag not in seen:
                seen[tag] = len(distinct)
                distinct.append(v)
            codes.append(seen[tag])
        if 2 * len(distinct) <= len(present):  # repeated: the index is shorter than the value
            dicts[k] = distinct
            columns[k] = codes
    rows = [list(r) for r in zip(*(columns[k] for k in keys))] if keys else [[] for _ in edges]
    return {"keys": keys, "rows": rows, "dicts": dicts}


def edge_rows(table: dict) -> list[dict]:
    """The edge dicts of an :func:`edge_table` (keys whose value is None are left out)."""
    keys, dicts = table["keys"], table.get("dicts", {})
    out = []
    for row in table["rows"]:
        e = {}
        for k, v in zip(keys, row):
            if v is not None:
                e[k] = dicts[k][v] if k in dicts else v
        out.append(e)
    return out


#: Order of the scope rows in the filters and the legend.
_SCOPES: tuple[str | None, ...] = ("regional", "national", "international", None)


def _asset_lists(model: MapModel) -> tuple[list[str], list[str], list[str]]:
    """The shared files a page with shared assets loads: (stylesheets, head scripts, tail scripts)."""
    webgl = model.renderer == "webgl"
    geo = model.geo or model.geo_switch
    addons = [SKILLS_JS] if model.skills is not None and model.skills.names else []
    stylesheets = ([] if webgl else [VIS_CSS]) + [EXPLORER_CSS]
    head_scripts = [GRAPHOLOGY_JS, SIGMA_JS, WEBGL_JS] if webgl else [VIS_JS]
    tail_scripts = ([WORLD_JS] if geo else []) + [EXPLORER_JS] + addons
    return stylesheets, head_scripts, tail_scripts


def page_context(model: MapModel, assets: str | None = None) -> dict:
    """What the page template shows: the vis-network data (pyvis, from ``model``), the
    legend and controls, the scripts; a pure function of ``model``."""
    net = vis_network(model)
    webgl = model.renderer == "webgl"
    aggregate_by = model.aggregate_by
    legend = model.legend
    geo = model.geo or model.geo_switch
    groups = model.groups
    gnet = vis_network(groups) if groups is not None else None
    payload: dict[str, object] = {
        "webgl": webgl,
        "nodes": net.nodes,
        "edges": edge_table(net.edges),
        "options": net.options,
        "unit": "groups" if aggregate_by else "actors",
        "title": model.title,
        "directed": model.directed,
        "geo": geo,
        "geoStart": model.geo is not None,
        "world": world_rings() if geo and not assets else None,
        "measures": list(legend.measures),
        "types": [[t, TYPE_LABELS[t], TYPE_COLOURS[t]] for t in ACTOR_TYPES],
        "scopes": [[s or "", lab, col] for s, (lab, col, _) in SCOPE_STYLES.items()],
        "physicsMax": PHYSICS_MAX,
        "suggestionsInViews": model.suggestions_in_views,
        "sizeMin": SIZE_MIN,
        "sizeMax": SIZE_MAX,
        "noRegion": NO_REGION,
        "isolated": legend.isolated,
        # dense maps: the page draws the links itself, batched (see EDGE_LAYER_FROM)
        "edgeLayer": sum(1 for e in model.edges if not e.suggestion) > EDGE_LAYER_FROM,
        "flagHalo": FLAG_HALO,
        "groups": None if gnet is None else {"nodes": gnet.nodes, "edges": gnet.edges, "options": gnet.options},
    }
    addons = []  # add-on scripts hooked into the explorer: the skill filter (skills_layer.py)
    if model.skills is not None and model.skills.names:
        payload["skills"] = model.skills.payload()
        addons.append(SKILLS_JS)
    aggregate = model.kind == "aggregate"
    names = sorted({n.name for n in model.nodes})
    colour_options = [("type", "Actor type"), ("region", "Region"), ("country", "Country")]
    if not aggregate and model.nodes:
        colour_options.append(("community", "Community"))
    if legend.scope_counts:
        colour_options.append(("scope", "Link scope (most links)"))
    mixed = aggregate_by == "region"  # groups mix types: the type rows are a key, not a filter
    counts = legend.type_counts
    lines = [SCOPE_STYLES[s] for s in _SCOPES] if aggregate_by is None else []
    if legend.has_suggestions:
        lines.append(SUGGESTION_STYLE)
    if assets:
        folder = assets.rstrip("/")
        stylesheets, head_scripts, tail_scripts = _asset_lists(model)
        inline_styles: list = []
        inline_head: list = []
        inline_tail: list = []
    else:
        folder = ""
        stylesheets, head_scripts, tail_scripts = [], [], []
        inline_styles = [Markup(static_text(n)) for n in ([EXPLORER_CSS] if webgl else [VIS_CSS_SOURCE, EXPLORER_CSS])]
        inline_head = [Markup(static_text(n)) for n in ([GRAPHOLOGY_JS, SIGMA_JS, WEBGL_JS] if webgl else [VIS_JS])]
        inline_tail = [Markup(static_text(n)) for n in [EXPLORER_JS, *addons]]
    return {
        "csp": Markup(CSP_SHARED if assets else CSP),
        "version": __version__,
        "title": model.title,
        "description": model.description,
        "assets": folder,
        "stylesheets": stylesheets,
        "head_scripts": head_scripts,
        "tail_scripts": tail_scripts,
        "inline_styles": inline_styles,
        "inline_head_scripts": inline_head,
        "inline_tail_scripts": inline_tail,
        "data": Markup(json_for_script(payload)),
        "grouped": groups is not None,
        "groups_reason": "" if webgl else f": {len(model.nodes):,} actors are too many to draw at once",
        "names": names if len(names) <= 5000 else None,
        "colour_options": colour_options,
        "scope_rows": [
            (s or "", *SCOPE_STYLES[s], legend.scope_counts[s or ""])
            for s in _SCOPES
            if (s or "") in legend.scope_counts
        ],
        "isolated_count": legend.isolated_count,
        "geo_switch": model.geo_switch is not None,
        "legend": {
            "heading": "Actors per type (groups mix types and are drawn grey)"
            if mixed
            else "Actor types (untick to hide)",
            "mixed": mixed,
            "types": [
                (t, TYPE_LABELS[t], TYPE_COLOURS[t], "diamond" if t == "cluster_org" else "dot", counts.get(t, 0))
                for t in ACTOR_TYPES
            ],
            "other": 0 if mixed else sum(v for k, v in counts.items() if k not in ACTOR_TYPES),
            "mixed_colour": MIXED_COLOUR,
            "flagged": legend.has_flagged,
            "flag_halo": FLAG_HALO,
            "flagged_count": sum(1 for n in model.nodes if n.flagged),
            "greyed": legend.has_greyed,
            "grey_fill": GREY_FILL,
            "grey_border": GREY_BORDER,
            "lines": lines,
            "size_note": legend.size_note,
            "edge_note": "number of links" if aggregate_by else "link weight",
        },
        "credits": f"WebGL renderer sigma.js {SIGMA_VERSION} and graphology {GRAPHOLOGY_VERSION} (MIT)"
        if webgl
        else f"vis-network {VIS_VERSION} (MIT / Apache-2.0)",
        "where": "in the assets folder beside this page" if assets else "inlined: this file works offline",
        "assets_needed": [*stylesheets, *head_scripts, *tail_scripts] if assets else [],
    }


def page_html(model: MapModel, assets: str | None = None) -> str:
    """The complete HTML page of a map model, self-contained by default.

    Parameters
    ----------
    model : MapModel
        From :func:`clustergraph.maps.model.build_map_model`.
    assets : str, optional
        Relative folder (e.g. ``"assets"``) holding the shared JavaScript and CSS
        (:func:`write_assets`); default: everything inlined.

    Returns
    -------
    str
    """
    page = render("map.html.j2", **page_context(model, assets))
    check_offline(page, assets=assets)
    return page


#: File names of the shared assets (see :func:`write_assets`).
VIS_JS, VIS_CSS = "vis-network.min.js", "vis-network.css"
#: vis-network's stylesheet in ``static/`` (vendored from npm ``vis-network``, ``styles/vis-network.min.css``).
VIS_CSS_SOURCE = "vis-network.min.css"
#: The vendored vis-network (the version pyvis 0.3.2 bundles).
VIS_VERSION = "9.1.2"
#: The country outlines as a script setting ``window.cgWorld`` (shared pages only).
WORLD_JS = "world-110m.js"
EXPLORER_JS, EXPLORER_CSS = "explorer.js", "explorer.css"
#: The WebGL renderer of large maps: sigma.js and graphology (MIT, vendored from npm, see
#: ``static/LICENSE-sigma.txt`` and ``static/LICENSE-graphology.txt``) and the adapter that
#: lets explorer.js drive them.
SIGMA_JS, GRAPHOLOGY_JS, WEBGL_JS = "sigma.min.js", "graphology.umd.min.js", "webgl.js"
SIGMA_VERSION, GRAPHOLOGY_VERSION = "3.0.3", "0.26.0"


#: The licence file that goes with each vendored script in a shared assets folder.
_LICENCES = {
    VIS_JS: "LICENSE-vis-network.txt",
    SIGMA_JS: "LICENSE-sigma.txt",
    GRAPHOLOGY_JS: "LICENSE-graphology.txt",
}


def asset_names(model: MapModel) -> list[str]:
    """The shared asset files the page of ``model`` loads (:func:`write_assets` writes them)."""
    return [name for names in _asset_lists(model) for name in names]


def write_assets(folder, names=None) -> Path:
    """Write vis-network and the explorer's JavaScript/CSS into ``folder`` (atomically, once per
    content: an unchanged file is not rewritten) and return the folder.

    Pages written with ``assets=<folder name>`` load them by relative path, so a report
    folder carries one copy instead of one per map; still offline. ``names`` (e.g.
    :func:`asset_names` of a model) writes only those files and their licences (a vis-network
    report folder carries no WebGL renderer, 0.3 MB); default: every asset.
    """
    folder = Path(folder)
    wanted = None if names is None else set(names) | {_LICENCES[n] for n in names if n in _LICENCES}
    for name, text in (
        (VIS_JS, static_text(VIS_JS)),
        (VIS_CSS, static_text(VIS_CSS_SOURCE)),
        (EXPLORER_JS, static_text(EXPLORER_JS)),
        (EXPLORER_CSS, static_text(EXPLORER_CSS)),
        (SKILLS_JS, static_text(SKILLS_JS)),
        (WORLD_JS, "window.cgWorld = " + json.dumps(world_rings(), separators=(",", ":")) + ";\n"),
        (SIGMA_JS, static_text(SIGMA_JS)),
        (GRAPHOLOGY_JS, static_text(GRAPHOLOGY_JS)),
        (WEBGL_JS, static_text(WEBGL_JS)),
        ("LICENSE-sigma.txt", static_text("LICENSE-sigma.txt")),
        ("LICENSE-graphology.txt", static_text("LICENSE-graphology.txt")),
        ("LICENSE-vis-network.txt", static_text("LICENSE-vis-network.txt")),
    ):
        if wanted is not None and name not in wanted:
            continue
        target = folder / name
        if not (target.exists() and target.read_text(encoding="utf-8") == text):
            atomic_write_text(target, text)
    return folder


def write_page(model: MapModel, path, *, assets: str | None = None) -> Path:
    """Write :func:`page_html` of ``model`` to ``path`` atomically and return the path."""
    return atomic_write_text(path, page_html(model, assets=assets))
