"""What-if: how brokerage, critical mass and gaps change if some links were made.

A cluster manager comparing candidate partnerships adds the links to a copy
of the graph and reads a before / after / delta table. The original graph is
never modified.

Rows of the table (column ``section``):

- ``brokerage``: Gould-Fernandez brokerage total (groups = actor type,
  :func:`clustergraph.metrics.brokerage.brokerage_roles`) of each endpoint;
- ``top_broker``: the same for the :data:`TOP_BROKERS` highest-scoring actors
  before or after (endpoints excluded: they are listed above);
- ``critical_mass``: per region of an endpoint, ``firms_with_education_share``
  and ``helix_complete`` (1/0) from
  :func:`clustergraph.metrics.critical_mass.group_metrics`;
- ``gaps``: the counts of :meth:`clustergraph.gaps.GapReport.summary`. Both
  sides use the communities of the graph *before* the change, so a count moves
  only because of the new links, not because the partition was recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from ..errors import InputError
from ..graph import actors_only, derive_scope, drop_self_loops
from ..lookup import resolve_actor
from .gaps import find_gaps

#: How many of the top brokers (before and after) are listed.
TOP_BROKERS = 5

COLUMNS = ["section", "subject", "metric", "before", "after", "delta"]

#: Edge attributes of a planned link.
PLANNED = {"weight": 1.0, "count": 1, "types": ["planned"], "years": []}


def add_links(G: nx.Graph, add: Iterable[tuple]) -> nx.Graph:
    """A copy of ``G`` with the planned links ``add`` (type ``planned``, weight 1).

    Each end is an actor id or name (:func:`clustergraph.lookup.resolve_actor`).

    Raises
    ------
    InputError
        No link given, an unknown id (named), a self-link or a link that exists.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")]); G.add_node("c")
    >>> sorted(add_links(G, [("a", "c")]).edges())
    [('a', 'b'), ('a', 'c')]
    """
    pairs = [tuple(p) for p in add]
    if not pairs:
        raise InputError("no link to add: give at least one pair, e.g. --add FIRM_ID,VET_ID")
    H = G.copy()
    for pair in pairs:
        if len(pair) != 2:
            raise InputError(f"a link has two ends, got {pair!r}")
        u, v = (resolve_actor(G, str(x), what="--add actor") for x in pair)
        if u == v:
            raise InputError(f"link {u},{v} joins an actor to itself")
        if H.has_edge(u, v):
            raise InputError(f"{u} and {v} are already linked" + (" (or given twice)" if not G.has_edge(u, v) else ""))
        attrs = {k: (list(val) if isinstance(val, list) else val) for k, val in PLANNED.items()}
        scope = derive_scope(G.nodes[u], G.nodes[v])
        if scope:
            attrs["scope"] = scope
        H.add_edge(u, v, **attrs)
    return H


def _critical_mass(G: nx.Graph, regions: list) -> dict:
    from ..metrics.critical_mass import group_metrics

    gm = group_metrics(G, by="region")
    gm = gm.set_index("group") if "group" in gm.columns else gm
    out = {}
    for r in regions:
        if r in gm.index:
            out[(r, "firms_with_education_share")] = float(gm.loc[r, "firms_with_education_share"])
            out[(r, "helix_complete")] = int(bool(gm.loc[r, "helix_complete"]))
    return out


def whatif(G: nx.Graph, add: Iterable[tuple], *, communities: dict | bool | None = None, seed: int = 0) -> pd.DataFrame:
    """Before / after / delta of brokerage, critical mass and gap counts for planned links.

    Parameters
    ----------
    G : networkx.Graph
        The ecosystem graph (not modified).
    add : iterable of (str, str)
        The planned links, as actor id pairs.
    communities : dict or False, optional
        Actor -> community used on both sides for the community gaps; ``None``
        computes the communities of ``G`` with ``seed`` (Leiden), ``False`` skips
        community groups.
    seed : int
        Seed of the communities.

    Returns
    -------
    DataFrame
        Columns ``section, subject, metric, before, after, delta`` (see the
        module docstring for the rows).

    Raises
    ------
    InputError
        Unknown ids (named in the message), self-links, existing links.

    Examples
    --------
    >>> G = nx.Graph([("f", "c")]); G.add_node("v")
    >>> nx.set_node_attributes(G, {"f": "firm", "c": "cluster_org", "v": "vet"}, "type")
    >>> t = whatif(G, [("f", "v")], communities=False).set_index("metric")
    >>> t.loc["firms_without_education", ["before", "after", "delta"]].tolist()
    [1.0, 0.0, -1.0]
    """
    G = actors_only(drop_self_loops(G))
    add = [tuple(resolve_actor(G, str(x), what="--add actor") for x in p) for p in add]
    H = add_links(G, add)
    pairs = add
    endpoints = list(dict.fromkeys(x for p in pairs for x in p))
    rows: list[tuple] = []

    from ..metrics.brokerage import brokerage_roles

    before = brokerage_roles(G, attribute="type")["total"]
    after = brokerage_roles(H, attribute="type")["total"]
    for n in endpoints:
        rows.append(("brokerage", n, "brokerage_total", before.get(n, 0), after.get(n, 0)))
    top = lambda s: sorted(s.index, key=lambda n: (-s[n], str(n)))[:TOP_BROKERS]
    for n in dict.fromkeys(top(before) + top(after)):
        if n not in endpoints:
            rows.append(("top_broker", n, "brokerage_total", before.get(n, 0), after.get(n, 0)))

    regions = sorted({G.nodes[n].get("region") for n in endpoints} - {None}, key=str)
    if regions:
        cm_b, cm_a = _critical_mass(G, regions), _critical_mass(H, regions)
        for key in cm_b:
            rows.append(("critical_mass", key[0], key[1], cm_b[key], cm_a.get(key)))

    if communities is None:
        from ..metrics.communities import detect

        communities = detect(G, seed=seed)[0]
    gb = find_gaps(G, communities=communities or False).summary()
    ga = find_gaps(H, communities=communities or False).summary()
    for k in gb:
        rows.append(("gaps", "all", k, gb[k], ga[k]))

    df = pd.DataFrame(rows, columns=COLUMNS[:-1])
    df["before"] = df["before"].astype(float)
    df["after"] = df["after"].astype(float)
    df["delta"] = df["after"] - df["before"]
    return df
