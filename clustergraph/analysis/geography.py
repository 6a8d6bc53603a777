"""Region and country views of the links: who works with whom across borders.

Policy makers ask where the links of a region go: to which regions and
countries, to which partners abroad, and how that grows over the years.

- :func:`link_matrix`: links between each pair of regions (or countries), from
  :func:`clustergraph.metrics.critical_mass.mixing_matrix`; with many groups
  the ``top`` groups with most links are kept and the rest merged into
  ``others``. Undirected: the matrix is symmetric, a link between two groups
  is in both of their cells and a link inside a group on the diagonal, so the
  upper triangle (diagonal included) sums to the number of links; directed:
  the whole matrix sums to it (:func:`matrix_total`).
- :func:`partners_abroad`: for each region, the actors in another country
  linked to its actors, with their type and country.
- :func:`links_per_year`: new links per year touching each region.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..graph import undirected

#: The merged group of :func:`link_matrix` beyond the top groups.
OTHERS = "others"
PARTNER_COLUMNS = ["region", "partner", "partner_name", "type", "country", "links"]


def link_matrix(G: nx.Graph, by: str = "region", *, top: int | None = None) -> pd.DataFrame:
    """Links between each pair of regions (``by="region"``) or countries (``by="country"``).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    by : str
        Node attribute: ``region`` or ``country`` (actors without it are in
        ``"(none)"``).
    top : int, optional
        Keep the ``top`` groups with most links (ties by name) and merge the
        others into :data:`OTHERS` (last row and column).

    Returns
    -------
    DataFrame
        Square matrix of link counts (see the module docstring for how a link
        is counted); :func:`matrix_total` gives back the number of links.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("c", "d"), ("b", "d")])
    >>> nx.set_node_attributes(G, {"a": "NO", "b": "NO", "c": "ES", "d": "DE"}, "country")
    >>> M = link_matrix(G, "country", top=1)
    >>> M.to_dict("index")
    {'NO': {'NO': 1, 'others': 2}, 'others': {'NO': 2, 'others': 1}}
    >>> matrix_total(M, directed=False) == G.number_of_edges()
    True

    References
    ----------
    Newman, M.E.J. (2003). Mixing patterns in networks. Physical Review E 67: 026126.
    """
    from ..metrics.critical_mass import mixing_matrix

    M = mixing_matrix(G, attribute=by)
    M.index.name = M.columns.name = None
    directed = G.is_directed()
    if top is None or len(M) <= top:
        return M.astype(int)
    weight = M.sum(axis=1) + (M.sum(axis=0) if directed else 0)
    keep = sorted(M.index, key=lambda g: (-weight[g], str(g)))[:top]
    keep = [g for g in M.index if g in keep]
    groups = [*keep, OTHERS]
    P = np.zeros((len(M), len(groups)))
    for i, g in enumerate(M.index):
        P[i, groups.index(g) if g in keep else len(keep)] = 1
    A = M.to_numpy(float)
    if directed:
        S = P.T @ A @ P
    else:
        T = P.T @ np.triu(A) @ P  # each link once
        S = T + T.T - np.diag(np.diag(T))
    return pd.DataFrame(S.round().astype(int), index=groups, columns=groups)


def matrix_total(M: pd.DataFrame, *, directed: bool) -> int:
    """The number of links a :func:`link_matrix` holds (upper triangle when undirected).

    >>> matrix_total(pd.DataFrame([[1, 2], [2, 0]]), directed=False)
    3
    """
    A = M.to_numpy()
    return int(A.sum() if directed else np.triu(A).sum())


def partners_abroad(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """Each region's partners in another country: actor, type, country and links to the region.

    A partner abroad of region ``r`` is an actor whose ``country`` differs from
    the country of the actor of ``r`` it is linked to (both known).

    Parameters
    ----------
    G : networkx.Graph
    region : str, optional
        Only this region.

    Returns
    -------
    DataFrame
        Columns :data:`PARTNER_COLUMNS`, by region, most links first, then id.

    Examples
    --------
    >>> G = nx.Graph([("a", "x"), ("b", "x"), ("a", "y")])
    >>> nx.set_node_attributes(G, {"a": "N", "b": "N"}, "region")
    >>> nx.set_node_attributes(G, {"a": "NO", "b": "NO", "x": "ES", "y": "NO"}, "country")
    >>> partners_abroad(G)[["region", "partner", "country", "links"]].values.tolist()
    [['N', 'x', 'ES', 2]]
    """
    U = undirected(G)
    counts: dict = {}
    for u, v in U.edges():
        for a, b in ((u, v), (v, u)):
            r, ca, cb = G.nodes[a].get("region"), G.nodes[a].get("country"), G.nodes[b].get("country")
            if r is None or ca is None or cb is None or ca == cb or (region is not None and r != region):
                continue
            counts[(r, b)] = counts.get((r, b), 0) + 1
    rows = [
        (r, b, G.nodes[b].get("name", b), G.nodes[b].get("type"), G.nodes[b].get("country"), n)
        for (r, b), n in counts.items()
    ]
    rows.sort(key=lambda t: (str(t[0]), -t[5], str(t[1])))
    return pd.DataFrame(rows, columns=PARTNER_COLUMNS)


def links_per_year(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """New links per year touching each region (a link between two regions counts for both).

    Returns
    -------
    DataFrame
        Index: year (every year from the first to the last dated link); columns:
        regions (sorted); empty when no link has a year.

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("a", "b", year=2020); G.add_edge("a", "c", year=2022)
    >>> nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S"}, "region")
    >>> links_per_year(G).to_dict("index")
    {2020: {'N': 1, 'S': 0}, 2021: {'N': 0, 'S': 0}, 2022: {'N': 1, 'S': 1}}
    """
    rows = []
    for u, v, d in G.edges(data=True):
        y = d.get("year")
        if y is None:
            continue
        for r in {G.nodes[u].get("region"), G.nodes[v].get("region")} - {None}:
            if region is None or r == region:
                rows.append((int(y), str(r)))
    if not rows:
        return pd.DataFrame()
    df = pd.DataFrame(rows, columns=["year", "region"])
    t = df.groupby(["year", "region"]).size().unstack(fill_value=0)
    years = range(int(t.index.min()), int(t.index.max()) + 1)
    t = t.reindex(index=years, fill_value=0)
    t = t[sorted(t.columns)]
    t.index.name = t.columns.name = None
    return t.astype(int)
