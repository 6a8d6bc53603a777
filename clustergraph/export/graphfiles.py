"""Graph files for Gephi, Cytoscape and networkx: GraphML and GEXF, streamed to disk.

List attributes (link ``types``, ``years``) are joined with ``";"``, missing
values are left out and links carry ``is_bridge``. An attribute whose values
are all booleans is typed ``boolean``, all integers ``long``, all numbers
``double``, anything else ``string``. The files are streamed by small writers
rather than networkx's ``write_graphml``/``write_gexf``, which build the whole
XML tree in memory first; the tests read them back with networkx's readers.
Attributes are typed and formatted a column at a time, for chunks of
2,000 nodes or links written in one call each (each distinct string escaped
once); every node and link keeps its own attributes in its own order.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np
import pandas as pd

from ..files.atomic import atomic_write
from ..files.guard import visible
from ..graph import gc_paused


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


def _xml_text(value) -> str:
    """Text XML 1.0 can hold: control characters written as ``\\xNN`` (:func:`clustergraph.files.guard.visible`)."""
    return visible(str(value))


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


_MISSING = object()  # an attribute a node or link does not have
#: Rows formatted and written at a time (bounded memory, large writes).
_CHUNK_ROWS = 2_000


def _texts(values: list, kind: str) -> list[str | None]:
    """``[_text(x, kind) for x in values]`` (``_MISSING`` -> None), a column at a time.

    Strings repeat (types, scopes, regions): each distinct one is formatted once.
    """
    na = pd.NA
    if kind == "double":
        try:
            numbers = np.asarray(values, dtype=float)  # None -> nan
        except (TypeError, ValueError):  # NA, _MISSING, numeric strings
            numbers = np.asarray([np.nan if x is None or x is _MISSING or x is na else float(x) for x in values])
        out: list[str | None] = list(map(repr, numbers.tolist()))
        for i in np.flatnonzero(~np.isfinite(numbers)).tolist():
            out[i] = None
        return out
    if kind == "long":
        return [None if x is None or x is _MISSING or x is na else str(int(x)) for x in values]
    if kind == "boolean":
        return [None if x is None or x is _MISSING or x is na else ("true" if x else "false") for x in values]
    cache: dict = {}

    def string(x):
        native = _native(x)
        return None if native is None else _xml_text(native)

    out = []
    for x in values:
        if x is None or x is _MISSING or x is na:
            out.append(None)
        else:
            key = x if type(x) is str else tuple(x) if type(x) is list else None
            if key is None:
                out.append(string(x))
                continue
            t = cache.get(key, _MISSING)
            if t is _MISSING:
                t = cache[key] = string(x)
            out.append(t)
    return out


def _each_once(texts: list[str | None], convert: Callable[[str], str], cache: dict) -> list[str | None]:
    """``convert`` (``escape``, ``quoteattr``) of each text, each distinct text converted once."""
    out: list[str | None] = []
    for t in texts:
        if t is None:
            out.append(None)
        else:
            q = cache.get(t)
            if q is None:
                q = cache[t] = convert(t)
            out.append(q)
    return out


def _layouts(datas: list[dict]) -> dict[tuple, list[int]]:
    """Rows grouped by their attribute names in their order (usually one or a few groups)."""
    groups: dict[tuple, list[int]] = {}
    for i, d in enumerate(datas):
        key = tuple(d)
        rows = groups.get(key)
        if rows is None:
            groups[key] = [i]
        else:
            rows.append(i)
    return groups


def _column_kinds(datas: list[dict], groups: dict[tuple, list[int]], skip=()) -> dict[str, str]:
    """What :func:`_kinds` gives for ``datas``, computed per attribute instead of per row."""
    first: dict = {}  # name -> (row, position) of its first value that is not None/NA
    types: dict = {}
    for names, rows in groups.items():
        for pos, k in enumerate(names):
            if k in skip:
                continue
            values = [datas[i][k] for i in rows]
            seen = set(map(type, values)) - {type(None), type(pd.NA)}
            if not seen:
                continue
            types.setdefault(k, set()).update(seen)
            row = next(i for i, x in zip(rows, values) if not (x is None or x is pd.NA))
            if k not in first or (row, pos) < first[k]:
                first[k] = (row, pos)
    return {str(k): _kind_of_types(types[k]) for k in sorted(first, key=first.__getitem__)}


class _Records:
    """Node and edge attributes, typed per attribute and formatted a column at a time.

    Actor-table columns and graph attributes are formatted column by column, for
    chunks of :data:`_CHUNK_ROWS` rows; each row's attributes keep the order of its
    attribute dict (graph attributes first, then the actor-table columns).
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
        self.node_data = [d for _, d in G.nodes(data=True)]
        self.columns: dict[str, list] = {}
        col_kinds: dict[str, str] = {}
        if actors is not None and len(actors):
            index = pd.Index(actors["id"])
            order = index.get_indexer(self.nodes_list).tolist()  # -1: actor missing from the table
            aligned = order == list(range(len(actors)))
            for col in actors.columns:
                name = str(col)
                if name == "id" or name in skip_node:
                    continue
                values = actors[col].tolist()
                dtype = actors[col].dtype
                if dtype.kind in "fiub" and isinstance(dtype, np.dtype):  # numpy column: one type, NaN missing
                    seen = {type(values[0])} if actors[col].notna().any() else set()
                else:
                    seen = {
                        type(x)
                        for x in values
                        if not (x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)))
                    }
                if not seen:
                    continue  # every value missing
                kind = col_kinds[name] = _kind_of_types(seen)
                texts = _texts(values, kind)
                self.columns[name] = texts if aligned else [texts[i] if i >= 0 else None for i in order]
        skip = set(col_kinds) | set(skip_node)
        self.node_groups = _layouts(self.node_data)
        graph_kinds = _column_kinds(self.node_data, self.node_groups, skip=skip)
        self.node_kinds = {**graph_kinds, **col_kinds}
        self.cut = None
        if bridges is not None:
            pairs = list(bridges[["source", "target"]].itertuples(index=False, name=None))
            self.cut = set(pairs) | {(t, s) for s, t in pairs}
        self.edge_list = list(G.edges(data=True))
        self.edge_data = [d for _, _, d in self.edge_list]
        self.edge_groups = _layouts(self.edge_data)
        self.edge_kinds = _column_kinds(self.edge_data, self.edge_groups, skip=set(skip_edge))
        if self.cut is not None:
            self.edge_kinds["is_bridge"] = "boolean"

    def without(self, skip_node: tuple[str, ...] = (), skip_edge: tuple[str, ...] = ()) -> _Records:
        """These records as ``_Records(G, actors, bridges, skip_node, skip_edge)`` would build them
        (a shallow copy without those attributes): GraphML and GEXF share one build."""
        import copy

        out = copy.copy(self)
        out.columns = {k: v for k, v in self.columns.items() if k not in skip_node}
        out.node_kinds = {k: v for k, v in self.node_kinds.items() if k not in skip_node}
        out.edge_kinds = {k: v for k, v in self.edge_kinds.items() if k not in skip_edge}
        return out

    def _fragments(
        self, datas: list[dict], groups: dict, kinds: dict, exclude, rows: range, fragment, tail: list[list[str]]
    ) -> list[str]:
        """Per row of ``rows`` its attributes as ``fragment(name, kind, texts)`` gives them, joined:
        the row's own attributes (not in ``exclude``) in its dict's order, then the ``tail`` columns."""
        start, stop = rows.start, rows.stop
        out = [""] * len(rows)
        for names, members in groups.items():
            mine = members[bisect.bisect_left(members, start) : bisect.bisect_left(members, stop)]
            if not mine:
                continue
            cols = []
            for k in names:
                name = str(k)
                if name in exclude or name not in kinds:
                    continue
                cols.append(fragment(name, kinds[name], _texts([datas[i][k] for i in mine], kinds[name])))
            ends = [[c[i - start] for i in mine] for c in tail]
            for i, parts in zip(mine, zip(*cols, *ends)):
                out[i - start] = "".join(parts)
        return out

    def node_chunks(self, fragment) -> Iterator[tuple[range, list[str]]]:
        """Yield ``(rows, [attribute fragments of each row])`` for chunks of nodes."""
        n = len(self.nodes_list)
        for a in range(0, max(n, 1), _CHUNK_ROWS):
            rows = range(a, min(n, a + _CHUNK_ROWS))
            tail = [fragment(k, self.node_kinds[k], texts[rows.start : rows.stop]) for k, texts in self.columns.items()]
            yield (
                rows,
                self._fragments(self.node_data, self.node_groups, self.node_kinds, self.columns, rows, fragment, tail),
            )

    def edge_chunks(self, fragment) -> Iterator[tuple[range, list[str]]]:
        """Yield ``(rows, [attribute fragments of each row])`` for chunks of edges."""
        m = len(self.edge_list)
        cut = self.cut
        for a in range(0, max(m, 1), _CHUNK_ROWS):
            rows = range(a, min(m, a + _CHUNK_ROWS))
            tail = []
            if cut is not None:
                flags = ["true" if (u, v) in cut else "false" for u, v, _ in self.edge_list[rows.start : rows.stop]]
                tail.append(fragment("is_bridge", "boolean", flags))
            yield rows, self._fragments(self.edge_data, self.edge_groups, self.edge_kinds, (), rows, fragment, tail)


def _stream(path, write_body: Callable) -> Path:
    with gc_paused(), atomic_write(path, newline="\n") as fh:
        write_body(fh.write)
    return Path(path)


def attribute_records(G: nx.Graph, actors: pd.DataFrame | None = None, bridges: pd.DataFrame | None = None) -> _Records:
    """The node and edge attributes of ``G`` and ``actors`` typed and formatted once, for
    :func:`write_graphml` and :func:`write_gexf` (``records=``) when both are written (about 10 CPU s
    each at 100,000 actors)."""
    with gc_paused():
        return _Records(G, actors, bridges)


#: What :func:`write_gexf` leaves out of the attributes (GEXF has its own label, weight and id).
_GEXF_SKIP_NODE: tuple[str, ...] = ("label",)
_GEXF_SKIP_EDGE: tuple[str, ...] = ("weight", "id", "label")


def write_graphml(
    G: nx.Graph,
    path,
    actors: pd.DataFrame | None = None,
    bridges: pd.DataFrame | None = None,
    *,
    records: _Records | None = None,
) -> Path:
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
    records : optional
        :func:`attribute_records` of the same ``G``, ``actors`` and ``bridges``, when already built.

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
    rec = records if records is not None else attribute_records(G, actors, bridges)
    node_types, edge_types = rec.node_kinds, rec.edge_kinds
    graph_types = _kinds([G.graph])
    graph_attrs = {k: _text(G.graph[k], kind) for k, kind in graph_types.items()}
    graph_attrs = {k: v for k, v in graph_attrs.items() if v is not None}
    keys: dict[tuple[str, str], str] = {}
    escaped: dict[str, str] = {}

    def data(domain: str, types: dict, pairs) -> str:
        return "".join(
            f'<data key="{keys[(domain, k)]}">{escape(t) if types[k] == "string" else t}</data>' for k, t in pairs
        )

    def fragments(domain: str):
        def fragment(name: str, kind: str, texts: list) -> list[str]:
            head = f'<data key="{keys[(domain, name)]}">'
            texts = _each_once(texts, escape, escaped) if kind == "string" else texts
            return ["" if t is None else head + t + "</data>" for t in texts]

        return fragment

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
        ids = [quoteattr(_xml_text(v)) for v in rec.nodes_list]
        for rows, frags in rec.node_chunks(fragments("node")):
            w("".join(f"    <node id={q}>{f}</node>\n" for q, f in zip(ids[rows.start : rows.stop], frags)))
        quoted = dict(zip(rec.nodes_list, ids))
        for rows, frags in rec.edge_chunks(fragments("edge")):
            ends = rec.edge_list[rows.start : rows.stop]
            w(
                "".join(
                    f"    <edge source={quoted[u]} target={quoted[v]}>{f}</edge>\n" for (u, v, _), f in zip(ends, frags)
                )
            )
        w("  </graph>\n</graphml>\n")

    return _stream(path, body)


def write_gexf(
    G: nx.Graph,
    path,
    actors: pd.DataFrame | None = None,
    bridges: pd.DataFrame | None = None,
    *,
    records: _Records | None = None,
) -> Path:
    """Stream ``G`` with the actor metrics as node attributes to a GEXF 1.2 file for Gephi (atomically).

    The node ``label`` (what Gephi shows) is the actor ``name`` (the id when
    missing); the link ``weight`` is GEXF's edge weight. Readable by
    :func:`networkx.read_gexf`.

    Parameters
    ----------
    G, path, actors, bridges, records :
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
    if records is not None:
        rec = records.without(_GEXF_SKIP_NODE, _GEXF_SKIP_EDGE)
    else:
        with gc_paused():
            rec = _Records(G, actors, bridges, skip_node=_GEXF_SKIP_NODE, skip_edge=_GEXF_SKIP_EDGE)
    node_types, edge_types = rec.node_kinds, rec.edge_kinds
    ids = {"node": {n: str(i) for i, n in enumerate(node_types)}, "edge": {n: str(i) for i, n in enumerate(edge_types)}}
    mode = "directed" if G.is_directed() else "undirected"
    name = _native(G.graph.get("name"))
    quoted: dict[str, str] = {}

    def fragments(cls: str):
        def fragment(attr: str, kind: str, texts: list) -> list[str]:
            head = f'<attvalue for="{ids[cls][attr]}" value='
            texts = (
                _each_once(texts, quoteattr, quoted)
                if kind == "string"
                else [None if t is None else repr(t) for t in texts]
            )
            return ["" if t is None else head + t + " />" for t in texts]

        return fragment

    def attvalues(joined: str) -> str:
        return "<attvalues>" + joined + "</attvalues>" if joined else ""

    def body(w):
        from .._version import __version__

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
        names = rec.columns.get("name") or [None] * len(rec.nodes_list)
        node_ids = [quoteattr(_xml_text(v)) for v in rec.nodes_list]
        for rows, frags in rec.node_chunks(fragments("node")):
            lines = []
            for i, f in zip(rows, frags):
                v, raw = rec.nodes_list[i], rec.node_data[i]
                text = raw.get("label") or names[i] or raw.get("name") or v
                lines.append(f"      <node id={node_ids[i]} label={quoteattr(_xml_text(text))}>{attvalues(f)}</node>\n")
            w("".join(lines))
        w("    </nodes>\n    <edges>\n")
        ends = dict(zip(rec.nodes_list, node_ids))
        for rows, frags in rec.edge_chunks(fragments("edge")):
            chunk = rec.edge_list[rows.start : rows.stop]
            weights = [d.get("weight") for _, _, d in chunk]
            weights = _texts([x if isinstance(x, (int, float)) else None for x in weights], "double")
            w(
                "".join(
                    f'      <edge source={ends[u]} target={ends[v]} id="{i}"'
                    f"{'' if wt is None else f' weight={chr(34)}{wt}{chr(34)}'}>{attvalues(f)}</edge>\n"
                    for i, (u, v, _), wt, f in zip(rows, chunk, weights, frags)
                )
            )
        w("    </edges>\n  </graph>\n</gexf>\n")

    return _stream(path, body)
