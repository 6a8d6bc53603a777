"""The numbers a map shows: the metric that sizes the nodes and the tooltip metrics.

Node size
---------
``size_by`` names a column of the actor metrics table (``clustergraph.metrics(G).actors``)
or ``"brokerage"`` (the total Gould-Fernandez brokerage score, column ``total``).
The value ``v`` of each actor is mapped to a node radius between
:data:`SIZE_MIN` and :data:`SIZE_MAX` pixels (at zoom 1) with a square-root scale,

    size = SIZE_MIN + (SIZE_MAX - SIZE_MIN) * sqrt((v - min) / (max - min)),

so the disc *area* grows roughly in proportion to the metric (Tufte's "lie
factor" stays near 1) and the largest brokers stand out without hiding the
rest. Missing values get the smallest size; when all values are equal every
node gets the middle size.

Cheap metrics are computed here when no metrics table is given: ``degree``
(number of distinct partners) and ``weighted_degree`` (sum of link weights);
everything else comes from :mod:`clustergraph.metrics` (imported lazily):
brokerage from ``brokerage.brokerage_roles``, centralities (and ``deg_<type>``,
partners of one type) from ``centrality.centrality``, Burt's measures from
``structural_holes.structural_holes``.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import ACTOR_TYPES

SIZE_MIN = 6.0
SIZE_MAX = 30.0

#: Other spellings of a ``size_by`` name in a metrics table, tried in this order.
SIZE_ALIASES: dict[str, tuple[str, ...]] = {
    "brokerage": ("brokerage_total", "total"),
    "brokerage_total": ("total",),
    "total": ("brokerage_total",),
}

#: Columns of ``clustergraph.metrics.centrality.centrality``.
CENTRALITY_COLUMNS: tuple[str, ...] = (
    "degree",
    "weighted_degree",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "core_number",
    "clustering",
)

#: Partners of one type (``deg_firm`` ...), also columns of ``centrality``.
PARTNER_TYPE_COLUMNS: tuple[str, ...] = tuple(f"deg_{t}" for t in ACTOR_TYPES)

#: Columns of ``clustergraph.metrics.structural_holes.structural_holes`` usable as sizes.
STRUCTURAL_HOLES_COLUMNS: tuple[str, ...] = ("effective_size", "efficiency", "constraint", "hierarchy")

#: Metrics listed in tooltips when present (column, label), in this order.
TOOLTIP_METRICS: tuple[tuple[str, str], ...] = (
    ("degree", "Partners (degree)"),
    ("weighted_degree", "Weighted degree"),
    ("brokerage_total", "Brokerage (total)"),
    ("total", "Brokerage (total)"),
    ("betweenness", "Betweenness"),
    ("pagerank", "PageRank"),
    ("eigenvector", "Eigenvector"),
    ("effective_size", "Effective size"),
    ("constraint", "Constraint"),
    ("core_number", "Core number"),
)

#: Human-readable names of size metrics (legend).
METRIC_LABELS: dict[str, str] = dict(TOOLTIP_METRICS) | {
    "total": "Brokerage (Gould-Fernandez total)",
    "brokerage_total": "Brokerage (Gould-Fernandez total)",
    "closeness": "Closeness",
    "harmonic": "Harmonic centrality",
    "clustering": "Clustering coefficient",
}


def metric_column(size_by: str) -> str:
    """The column name under which ``size_by`` is computed here (``total`` for brokerage).

    >>> metric_column("brokerage"), metric_column("brokerage_total"), metric_column("pagerank")
    ('total', 'total', 'pagerank')
    """
    return "total" if size_by in ("brokerage", "brokerage_total") else size_by


def candidate_columns(size_by: str) -> tuple[str, ...]:
    """Columns of a metrics table that may hold ``size_by``, in order of preference.

    >>> candidate_columns("brokerage")
    ('brokerage', 'brokerage_total', 'total')
    """
    return (size_by,) + SIZE_ALIASES.get(size_by, ())


def normalise_metrics(metrics: pd.DataFrame | None) -> pd.DataFrame | None:
    """A metrics table indexed by actor id (as text).

    Accepts a table indexed by id, or with an ``id`` column (as
    ``clustergraph.metrics(G).actors`` and ``actors_metrics.csv`` have).

    >>> normalise_metrics(pd.DataFrame({"id": [1, 2], "degree": [3, 4]})).loc["2", "degree"]
    np.int64(4)
    """
    if metrics is None:
        return None
    table = metrics.set_index("id") if "id" in metrics.columns else metrics.copy()
    table.index = table.index.map(str)
    return table


def _cheap(G: nx.Graph, column: str) -> pd.Series | None:
    if column == "degree":
        return pd.Series(dict(G.degree()), dtype=float)
    if column == "weighted_degree":
        return pd.Series(dict(G.degree(weight="weight")), dtype=float)
    return None


def compute_metric(G: nx.Graph, size_by: str) -> pd.Series:
    """Compute the metric ``size_by`` for every actor of ``G`` (no metrics table given).

    Parameters
    ----------
    G : networkx.Graph
    size_by : str
        ``brokerage``/``total``, or a centrality column (see :data:`CENTRALITY_COLUMNS`).

    Returns
    -------
    pandas.Series
        Indexed by actor id.

    Examples
    --------
    >>> compute_metric(nx.star_graph(2), "degree").tolist()
    [2.0, 1.0, 1.0]
    """
    column = metric_column(size_by)
    cheap = _cheap(G, column)
    if cheap is not None:
        return cheap
    if column == "total":
        from ..metrics.brokerage import brokerage_roles  # lazy: heavy and optional

        return brokerage_roles(G)["total"].astype(float)
    if column in CENTRALITY_COLUMNS or column in PARTNER_TYPE_COLUMNS:
        from ..metrics.centrality import centrality

        return centrality(G)[column].astype(float)
    if column in STRUCTURAL_HOLES_COLUMNS:
        from ..metrics.structural_holes import structural_holes

        return structural_holes(G)[column].astype(float)
    choices = ", ".join(("brokerage",) + CENTRALITY_COLUMNS + STRUCTURAL_HOLES_COLUMNS)
    raise InputError(f"Unknown size metric {size_by!r}: choose one of {choices} (or deg_<type>, partners of one type).")


def size_values(G: nx.Graph, size_by: str, metrics: pd.DataFrame | None) -> pd.Series:
    """The raw metric behind node sizes, from ``metrics`` when it has the column.

    Raises
    ------
    InputError
        Unknown metric, or a non-numeric column.
    """
    metrics = normalise_metrics(metrics)
    if metrics is not None:
        for col in candidate_columns(size_by):
            if col in metrics.columns:
                values = pd.to_numeric(metrics[col], errors="coerce")
                if values.isna().all() and metrics[col].notna().any():
                    raise InputError(f"Metric column {col!r} is not numeric.")
                return values.astype(float)
    return compute_metric(G, size_by)


def scale_sizes(values: pd.Series, lo: float = SIZE_MIN, hi: float = SIZE_MAX, from_zero: bool = False) -> pd.Series:
    """Map metric values to node radii with the square-root scale of this module.

    With ``from_zero`` the scale starts at 0 instead of the smallest value
    (used for counts: a group of 26 actors is not drawn as small as a group of 1).

    Examples
    --------
    >>> scale_sizes(pd.Series([0.0, 1.0, 4.0, None])).round(1).tolist()
    [6.0, 18.0, 30.0, 6.0]
    >>> scale_sizes(pd.Series([1.0, 4.0]), from_zero=True).round(1).tolist()
    [18.0, 30.0]
    """
    v = pd.to_numeric(values, errors="coerce").astype(float)
    finite = v[np.isfinite(v)]
    if finite.empty:
        return pd.Series(lo, index=v.index)
    vmin, vmax = (0.0 if from_zero else float(finite.min())), float(finite.max())
    if math.isclose(vmin, vmax):
        out = pd.Series((lo + hi) / 2, index=v.index)
    else:
        out = lo + (hi - lo) * np.sqrt((v - vmin) / (vmax - vmin))
    return out.where(np.isfinite(v), lo)


def tooltip_table(
    G: nx.Graph, size_by: str, size: pd.Series, metrics: pd.DataFrame | None
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The metrics shown in tooltips: a table indexed by actor id and its (column, label) list."""
    table = normalise_metrics(metrics)
    if table is None:
        table = pd.DataFrame({"degree": _cheap(G, "degree")})
    column = next((c for c in candidate_columns(size_by) if c in table.columns), None)
    if column is None:
        column = metric_column(size_by)
        table[column] = size
    shown = [(c, lab) for c, lab in TOOLTIP_METRICS if c in table.columns]
    if column not in {c for c, _ in shown}:
        shown.append((column, METRIC_LABELS.get(column, column)))
    return table, shown
