"""Write metric results for researchers: CSV tables, JSON, GraphML and GEXF.

Files written by :func:`write_metrics` (each atomically, see :mod:`clustergraph.atomic`):

======================  ===========  ====================================================
file                    format       content
======================  ===========  ====================================================
``actors_metrics.csv``  ``csv``      one row per actor, columns
                                     :data:`clustergraph.metrics.ACTOR_COLUMNS`
``groups_metrics.csv``  ``csv``      critical mass per group (column ``by`` = grouping)
``mixing_matrix.csv``   ``csv``      links between each pair of actor types
``bridges.csv``         ``csv``      links whose loss splits a component
``metrics.json``        ``json``     summary, approximations (sample size, seed),
                                     column list, groups and mixing matrix
``graph.graphml``       ``graphml``  the graph, every actor metric as a node attribute
``graph.gexf``          ``gexf``     the same for Gephi (node ``label`` = actor name)
======================  ===========  ====================================================

In the graph files list attributes (link ``types``, ``years``) are joined with
``";"``, missing values (None, NaN) are left out and links carry ``is_bridge``.

**Spreadsheet safety.** A CSV cell starting with ``=``, ``+``, ``-``, ``@``
(or a tab or carriage return) is run as a formula by Excel and LibreOffice,
which an actor name like ``=HYPERLINK(...)`` could abuse (OWASP "CSV
injection"). :func:`safe_csv` prefixes such *text* cells, and header cells, with
a single quote ``'``; numbers, including negative numbers, stay numbers.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from .atomic import atomic_path, atomic_write, atomic_write_text
from .errors import InputError

#: Formats accepted by :func:`write_metrics`.
FORMATS: tuple[str, ...] = ("csv", "json", "graphml", "gexf")
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula.

    >>> neutralise("=1+1"), neutralise("-x"), neutralise(-3.5), neutralise("Firm")
    ("'=1+1", "'-x", -3.5, 'Firm')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv(df: pd.DataFrame, path, index: bool = False) -> Path:
    """Write ``df`` as UTF-8 CSV atomically, neutralising spreadsheet formulas.

    Text cells and column names starting with ``= + - @`` (or tab/CR) get a
    leading single quote; numeric columns are written unchanged, so ``-1.5``
    stays a number.

    Parameters
    ----------
    df : DataFrame
    path : path-like
    index : bool
        Also write the index (as the first column).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = safe_csv(pd.DataFrame({"name": ["=cmd()", "ok"], "z": [-1.5, 2.0]}), p)
    >>> print(p.read_text(), end="")
    name,z
    '=cmd(),-1.5
    ok,2.0
    """
    frame = df.reset_index() if index else df
    frame = frame.copy()
    for col in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[col]) or pd.api.types.is_bool_dtype(frame[col])):
            frame[col] = frame[col].map(neutralise)
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    with atomic_write(path, newline="") as fh:
        frame.to_csv(fh, index=False, lineterminator="\n")
    return Path(path)


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


def graph_with_metrics(G: nx.Graph, actors: pd.DataFrame, bridges: pd.DataFrame | None = None,
                       label: bool = False) -> nx.Graph:
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


def _json_safe(obj):
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    return _native(obj) if not isinstance(obj, str) else obj


def _records(df: pd.DataFrame) -> list[dict]:
    return [{str(k): _json_safe(v) for k, v in row.items()} for row in df.to_dict("records")]


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"csv,json"`` -> ``("csv", "json")``; unknown names raise :class:`InputError`.

    >>> parse_formats("CSV, gexf")
    ('csv', 'gexf')
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = tuple(dict.fromkeys(s.strip().lower() for s in items if s.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(f"Unknown output format {', '.join(bad) or '(none)'}: choose from {', '.join(FORMATS)}.")
    return formats


def write_metrics(result, G: nx.Graph, outdir, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write a :class:`~clustergraph.metrics.MetricsResult` to ``outdir``.

    Parameters
    ----------
    result : clustergraph.metrics.MetricsResult
    G : networkx.Graph
        The graph the result was computed on.
    outdir : path-like
        Output folder (created when missing).
    formats : iterable of str
        Any of ``"csv"``, ``"json"``, ``"graphml"``, ``"gexf"``.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of the table in the module docstring.

    Examples
    --------
    >>> import tempfile
    >>> from clustergraph.metrics import compute
    >>> G = nx.Graph([("f", "v")]); nx.set_node_attributes(G, {"f": "firm", "v": "vet"}, "type")
    >>> paths = write_metrics(compute(G, by=("type",), progress=False), G, tempfile.mkdtemp(), ["csv"])
    >>> [p.name for p in paths]
    ['actors_metrics.csv', 'groups_metrics.csv', 'mixing_matrix.csv', 'bridges.csv']
    """
    formats = parse_formats(formats)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "csv" in formats:
        written.append(safe_csv(result.actors, outdir / "actors_metrics.csv"))
        written.append(safe_csv(result.groups, outdir / "groups_metrics.csv"))
        mixing = result.mixing.copy()
        mixing.index.name = mixing.index.name or "type"
        written.append(safe_csv(mixing, outdir / "mixing_matrix.csv", index=True))
        written.append(safe_csv(result.bridges, outdir / "bridges.csv"))
    if "json" in formats:
        from . import __version__
        doc = {
            "clustergraph_version": __version__,
            "summary": _json_safe(result.summary),
            "actor_columns": [str(c) for c in result.actors.columns],
            "groups": _records(result.groups),
            "mixing_matrix": {str(r): {str(c): _native(v) for c, v in row.items()}
                              for r, row in result.mixing.iterrows()},
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        written.append(atomic_write_text(outdir / "metrics.json", text))
    if "graphml" in formats:
        H = graph_with_metrics(G, result.actors, result.bridges)
        with atomic_path(outdir / "graph.graphml") as tmp:
            nx.write_graphml(H, tmp)
        written.append(outdir / "graph.graphml")
    if "gexf" in formats:
        H = graph_with_metrics(G, result.actors, result.bridges, label=True)
        with atomic_path(outdir / "graph.gexf") as tmp:
            nx.write_gexf(H, tmp)
        written.append(outdir / "graph.gexf")
    return written
