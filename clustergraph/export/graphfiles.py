"""Graph files for Gephi, Cytoscape and networkx: GraphML and GEXF, streamed to disk.

List attributes (link ``types``, ``years``) are joined with ``";"``, missing
values are left out and links carry ``is_bridge``. An attribute whose values
are all booleans is typed ``boolean``, all integers ``long``, all numbers
``double``, anything else ``string``. The files are streamed by small writers
rather than networkx's ``write_graphml``/``write_gexf``, which build the whole
XML tree in memory first; the tests read them back with networkx's readers.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np
import pandas as pd

from .atomic import atomic_write


def _native(value):
    """A GraphML/GEXF-safe Python value, or None to leave the attribute out."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in (sorted(value, key=str) if isinstance(value, (set, frozenset)) else value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def graph_with_metrics(
    G: nx.Graph, actors: pd.DataFrame, bridges: pd.DataFrame | None = None, label: bool = False
) -> nx.Graph:
    """A copy of ``G`` whose nodes carry the actor metrics, safe for GraphML/GEXF.

    Node attributes are ``G``'s own plus every column of ``actors`` except
    ``id``; lists become ``;``-joined strings; None/NaN are dropped. Links
    get ``is_bridge`` when ``bridges`` is given. ``label=True`` sets the node
    attribute ``label`` to the actor name (what Gephi shows).
    """
    H = G.__class__()
    H.graph.update({k: _native(v) for k, v in G.graph.items() if _native(v) is not None})
    by_id = actors.set_index("id")
    cols = [c for c in by_id.columns]
    rows = dict(zip(by_id.index, by_id.itertuples(index=False, name=None)))
    for v, data in G.nodes(data=True):
        attrs = {k: _native(x) for k, x in data.items()}
        row = rows.get(v)
        if row is not None:
            attrs.update({c: _native(x) for c, x in zip(cols, row)})
        if label and attrs.get("name") is not None:
            attrs["label"] = attrs["name"]
        H.add_node(v, **{k: x for k, x in attrs.items() if x is not None})
    cut = set()
    if bridges is not None:
        cut = {frozenset((s, t)) for s, t in bridges[["source", "target"]].itertuples(index=False)}
    for u, v, data in G.edges(data=True):
        attrs = {k: _native(x) for k, x in data.items()}
        if bridges is not None:
            attrs["is_bridge"] = frozenset((u, v)) in cut
        H.add_edge(u, v, **{k: x for k, x in attrs.items() if x is not None})
    return H


# ----------------------------------------------------------------------------- graph files

#: Characters XML 1.0 does not allow, even escaped (C0 controls except tab, LF, CR).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value) -> str:
    return _XML_INVALID.sub("", str(value))


def _kind_of_types(seen: set) -> str:
    """GraphML/GEXF type for an attribute whose values have the Python types ``seen``."""
    if all(issubclass(t, (bool, np.bool_)) for t in seen):
        return "boolean"
    if all(issubclass(t, (int, np.integer)) and not issubclass(t, (bool, np.bool_)) for t in seen):
        return "long"
    if all(issubclass(t, (int, float, np.integer, np.floating)) and not issubclass(t, (bool, np.bool_)) for t in seen):
        return "double"
    return "string"


def _text(value, kind: str) -> str | None:
    """``value`` written as ``kind``; None when missing (None, NA, NaN, infinite)."""
    if value is None or value is pd.NA:
        return None
    if kind == "double":
        value = float(value)
        return repr(value) if math.isfinite(value) else None
    if kind == "long":
        return str(int(value))
    if kind == "boolean":
        return "true" if value else "false"
    native = _native(value)
    return None if native is None else _xml_text(native)


def _kinds(dicts: Iterable[dict], skip=()) -> dict[str, str]:
    """Attribute name -> kind over dicts of raw values, names in first-seen order."""
    seen: dict[str, set] = {}
    for d in dicts:
        for k, x in d.items():
            if x is None or x is pd.NA or k in skip:
                continue
            seen.setdefault(k, set()).add(type(x))
    return {str(k): _kind_of_types(t) for k, t in seen.items()}


class _Records:
    """Node and edge attributes as ``(name, text)`` pairs, typed per attribute, streamed.

    Actor-table columns are formatted column by column (fast); attributes found
    only on the graph are typed in a first pass over the graph and formatted
    while writing, so no copy of the graph is held in memory.
    """

    def __init__(
        self,
        G: nx.Graph,
        actors: pd.DataFrame | None,
        bridges: pd.DataFrame | None,
        skip_node: tuple[str, ...] = (),
        skip_edge: tuple[str, ...] = (),
    ):
        self.G = G
        self.nodes_list = list(G)
        self.columns: dict[str, list] = {}
        col_kinds: dict[str, str] = {}
        if actors is not None and len(actors):
            index = pd.Index(actors["id"])
            order = index.get_indexer(self.nodes_list)  # -1: actor missing from the table
            for col in actors.columns:
                name = str(col)
                if name == "id" or name in skip_node:
                    continue
                values = actors[col].tolist()
                seen = {
                    type(x) for x in values if not (x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)))
                }
                if not seen:
                    continue  # every value missing
                kind = col_kinds[name] = _kind_of_types(seen)
                texts = [_text(x, kind) for x in values]
                self.columns[name] = [texts[i] if i >= 0 else None for i in order]
        skip = set(col_kinds) | set(skip_node)
        graph_kinds = _kinds((d for _, d in G.nodes(data=True)), skip=skip)
        self.node_kinds = {**graph_kinds, **col_kinds}
        self.cut = None
        if bridges is not None:
            self.cut = {frozenset((s, t)) for s, t in bridges[["source", "target"]].itertuples(index=False)}
        self.edge_kinds = _kinds((d for _, _, d in G.edges(data=True)), skip=set(skip_edge))
        if self.cut is not None:
            self.edge_kinds["is_bridge"] = "boolean"

    def nodes(self) -> Iterator[tuple[object, dict, list[tuple[str, str]]]]:
        """Yield ``(node, its raw graph attributes, [(name, text), ...])``."""
        kinds, columns = self.node_kinds, self.columns
        for i, (v, data) in enumerate(self.G.nodes(data=True)):
            pairs = []
            for k, x in data.items():
                k = str(k)
                if k in columns or k not in kinds:
                    continue
                t = _text(x, kinds[k])
                if t is not None:
                    pairs.append((k, t))
            for k, texts in columns.items():
                if texts[i] is not None:
                    pairs.append((k, texts[i]))
            yield v, data, pairs

    def edges(self) -> Iterator[tuple[object, object, dict, list[tuple[str, str]]]]:
        """Yield ``(u, v, raw attributes, [(name, text), ...])``."""
        kinds, cut = self.edge_kinds, self.cut
        for u, v, data in self.G.edges(data=True):
            pairs = []
            for k, x in data.items():
                k = str(k)
                if k in kinds:
                    t = _text(x, kinds[k])
                    if t is not None:
                        pairs.append((k, t))
            if cut is not None:
                pairs.append(("is_bridge", "true" if frozenset((u, v)) in cut else "false"))
            yield u, v, data, pairs


def _stream(path, write_body: Callable) -> Path:
    with atomic_write(path, newline="\n") as fh:
        write_body(fh.write)
    return Path(path)


def write_graphml(G: nx.Graph, path, actors: pd.DataFrame | None = None, bridges: pd.DataFrame | None = None) -> Path:
    """Stream ``G`` with the actor metrics as node attributes to a GraphML file (atomically).

    Readable by :func:`networkx.read_graphml`, Gephi, yEd and igraph.

    Parameters
    ----------
    G : networkx.Graph
    path : path-like
    actors : DataFrame, optional
        Column ``id`` plus the node attributes to add (e.g. ``MetricsResult.actors``).
    bridges : DataFrame, optional
        ``source``, ``target``: links get a boolean ``is_bridge``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> G = nx.Graph([("a", "b")]); G.nodes["a"]["name"] = "<A & co>"
    >>> _ = write_graphml(G, p, pd.DataFrame({"id": ["a", "b"], "score": [0.5, -1.0]}))
    >>> H = nx.read_graphml(p)
    >>> H.nodes["a"], H.nodes["b"]
    ({'name': '<A & co>', 'score': 0.5}, {'score': -1.0})
    """
    rec = _Records(G, actors, bridges)
    node_types, edge_types = rec.node_kinds, rec.edge_kinds
    graph_types = _kinds([G.graph])
    graph_attrs = {k: _text(G.graph[k], kind) for k, kind in graph_types.items()}
    graph_attrs = {k: v for k, v in graph_attrs.items() if v is not None}
    keys: dict[tuple[str, str], str] = {}

    def data(domain: str, types: dict, pairs) -> str:
        return "".join(
            f'<data key="{keys[(domain, k)]}">{escape(t) if types[k] == "string" else t}</data>' for k, t in pairs
        )

    def body(w):
        w("<?xml version='1.0' encoding='utf-8'?>\n")
        w(
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for domain, types in (("graph", graph_types), ("node", node_types), ("edge", edge_types)):
            for name, kind in types.items():
                kid = keys[(domain, name)] = f"d{len(keys)}"
                w(f'  <key id="{kid}" for="{domain}" attr.name={quoteattr(_xml_text(name))} attr.type="{kind}" />\n')
        w(f'  <graph edgedefault="{"directed" if G.is_directed() else "undirected"}">\n')
        if graph_attrs:
            w("    " + data("graph", graph_types, graph_attrs.items()) + "\n")
        for v, _, pairs in rec.nodes():
            w(f"    <node id={quoteattr(_xml_text(v))}>{data('node', node_types, pairs)}</node>\n")
        for u, v, _, pairs in rec.edges():
            w(
                f"    <edge source={quoteattr(_xml_text(u))} target={quoteattr(_xml_text(v))}>"
                f"{data('edge', edge_types, pairs)}</edge>\n"
            )
        w("  </graph>\n</graphml>\n")

    return _stream(path, body)


def write_gexf(G: nx.Graph, path, actors: pd.DataFrame | None = None, bridges: pd.DataFrame | None = None) -> Path:
    """Stream ``G`` with the actor metrics as node attributes to a GEXF 1.2 file for Gephi (atomically).

    The node ``label`` (what Gephi shows) is the actor ``name`` (the id when
    missing); the link ``weight`` is GEXF's edge weight. Readable by
    :func:`networkx.read_gexf`.

    Parameters
    ----------
    G, path, actors, bridges :
        As for :func:`write_graphml`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.gexf"
    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2.0); G.nodes["a"]["name"] = "Firm A"
    >>> _ = write_gexf(G, p, pd.DataFrame({"id": ["a", "b"], "hub": [True, False]}))
    >>> H = nx.read_gexf(p)
    >>> H.nodes["a"], H.edges["a", "b"]["weight"]
    ({'name': 'Firm A', 'hub': True, 'label': 'Firm A'}, 2.0)
    """
    rec = _Records(G, actors, bridges, skip_node=("label",), skip_edge=("weight", "id", "label"))
    node_types, edge_types = rec.node_kinds, rec.edge_kinds
    ids = {"node": {n: str(i) for i, n in enumerate(node_types)}, "edge": {n: str(i) for i, n in enumerate(edge_types)}}
    mode = "directed" if G.is_directed() else "undirected"
    name = _native(G.graph.get("name"))

    def attvalues(pairs, cls: str, types: dict) -> str:
        vals = [
            f'<attvalue for="{ids[cls][k]}" value={quoteattr(t) if types[k] == "string" else f"{t!r}"} />'
            for k, t in pairs
        ]
        return "<attvalues>" + "".join(vals) + "</attvalues>" if vals else ""

    def body(w):
        from .. import __version__

        w("<?xml version='1.0' encoding='utf-8'?>\n")
        w(
            '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
            'version="1.2">\n'
        )
        w(f"  <meta><creator>clustergraph {escape(__version__)}</creator></meta>\n")
        label = f" name={quoteattr(_xml_text(name))}" if name is not None else ""
        w(f'  <graph defaultedgetype="{mode}" mode="static"{label}>\n')
        for cls, types in (("node", node_types), ("edge", edge_types)):
            if types:
                w(f'    <attributes class="{cls}" mode="static">\n')
                for n, kind in types.items():
                    w(f'      <attribute id="{ids[cls][n]}" title={quoteattr(_xml_text(n))} type="{kind}" />\n')
                w("    </attributes>\n")
        w("    <nodes>\n")
        names = dict(zip(rec.nodes_list, rec.columns["name"])) if "name" in rec.columns else {}
        for v, raw, pairs in rec.nodes():
            text = raw.get("label") or names.get(v) or raw.get("name") or v
            w(
                f"      <node id={quoteattr(_xml_text(v))} label={quoteattr(_xml_text(text))}>"
                f"{attvalues(pairs, 'node', node_types)}</node>\n"
            )
        w("    </nodes>\n    <edges>\n")
        for i, (u, v, raw, pairs) in enumerate(rec.edges()):
            weight = _text(raw.get("weight"), "double") if isinstance(raw.get("weight"), (int, float)) else None
            wtxt = f' weight="{weight}"' if weight is not None else ""
            w(
                f'      <edge source={quoteattr(_xml_text(u))} target={quoteattr(_xml_text(v))} id="{i}"{wtxt}>'
                f"{attvalues(pairs, 'edge', edge_types)}</edge>\n"
            )
        w("    </edges>\n  </graph>\n</gexf>\n")

    return _stream(path, body)
