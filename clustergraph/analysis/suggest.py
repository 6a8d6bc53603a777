"""Ranked, explained suggestions of education partners for firms.

For each firm lacking a VET or university partner (or each firm asked for),
every education actor not yet tied to it is scored, and the best ``top`` are
returned with the reason in plain language and the actor best placed to make
the introduction.

Score
-----
A linear combination of four components, each shown in its own column so the
score can be checked by hand (``score = network_score + region_score +
sector_score + load_score``)::

    network_score = w_network * RA(f, c) / max_c' RA(f, c')
    region_score  = w_region  * [region(f) == region(c)]
    sector_score  = w_sector  * [sector(f) == sector(c)]
    load_score    = -w_load   * load(c) / max_c' load(c')

- ``RA`` is the resource-allocation index over the current graph (Zhou, Lü &
  Zhang 2009; compared with Adamic-Adar and the other neighbourhood measures by
  Liben-Nowell & Kleinberg 2007): the sum of ``1 / degree(w)`` over the
  partners ``w`` shared by firm and candidate, so a shared partner with few
  ties counts more than a hub. It is scaled by the firm's best candidate (1 =
  the most closely connected candidate for this firm; 0 for all when the firm
  shares no partner with any candidate).
- ``region`` and ``sector`` terms are 1 when both actors carry the same value
  (0 when either is missing).
- ``load(c)`` is the number of firms the candidate already partners; dividing
  by the largest load of any candidate, the penalty spreads introductions over
  providers instead of piling them on the busiest one.

Default weights :data:`DEFAULT_WEIGHTS` put location first (skills
ecosystems are regional: a same-region candidate always outranks one from
elsewhere), then sector, with network proximity breaking ties among similar
candidates and a small load penalty. They were chosen on held-out links of
generated ecosystems with seeds 100 and 101 and evaluated on other seeds (see
``benchmarks/suggestions.py`` and the README): the load penalty costs a little
recall there by design, since busy providers attract more links.

Ties are broken by candidate id, so the output is deterministic.

The broker named for each suggestion is the shared partner with the highest
Gould-Fernandez brokerage total
(:func:`clustergraph.metrics.brokerage.brokerage_roles`, groups = actor type);
when firm and candidate share no partner, it is the cluster organisation of
the firm's region (the one with the highest brokerage total, then the smallest
id), if there is one.

Recommendations
---------------
A suggestion is *recommended* (column ``recommended``) only when its score is
above zero and someone can make the introduction (a broker is named). The
others stay in ``suggestions.csv`` for the record but are never shown as
recommendations (:func:`recommendations`). :func:`neediest_first` turns the
gaps and suggestions into the manager's list: one row per firm without an
education partner, grouped by region, neediest first, with its best
recommended introduction.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import InputError
from ..graph import actor_names, check_region, drop_self_loops, undirected
from ..schema import EDUCATION_TYPES
from .gaps import firm_gaps

#: Default weights of the score components.
DEFAULT_WEIGHTS: dict[str, float] = {"network": 0.25, "region": 1.0, "sector": 0.5, "load": 0.1}

COLUMNS = [
    "firm",
    "firm_name",
    "rank",
    "candidate",
    "candidate_name",
    "candidate_type",
    "score",
    "network_score",
    "region_score",
    "sector_score",
    "load_score",
    "resource_allocation",
    "shared_partners",
    "same_region",
    "same_sector",
    "load",
    "reason",
    "broker",
    "broker_name",
    "recommended",
]

#: Columns of :func:`neediest_first`.
NEEDIEST_COLUMNS = [
    "region",
    "firm",
    "firm_name",
    "sector",
    "n_links",
    "no_education_within_2",
    "candidate",
    "candidate_name",
    "broker",
    "broker_name",
    "score",
    "reason",
]

#: Firms scored per block of the sparse product (bounds memory on large graphs).
_BLOCK = 2048


def _weights(weights: dict | None) -> dict[str, float]:
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = sorted(set(weights) - set(w))
        if unknown:
            raise InputError(f"unknown weight(s) {', '.join(unknown)}; known: {', '.join(w)}")
        w.update({k: float(v) for k, v in weights.items()})
    return w


def _brokerage_totals(G: nx.Graph) -> dict:
    """Actor -> brokerage total (Gould & Fernandez)."""
    from ..metrics.brokerage import brokerage_roles

    return brokerage_roles(G, attribute="type")["total"].to_dict()


def resource_allocation_matrix(G: nx.Graph, rows: list, cols: list) -> tuple[sp.csr_array, sp.csr_array]:
    """Resource-allocation index and common-neighbour count for all ``rows`` x ``cols`` pairs.

    Vectorised equivalent of :func:`networkx.resource_allocation_index` (and of
    ``len(nx.common_neighbors)``) on the undirected, unweighted graph:
    ``RA = A[rows] @ diag(1/degree) @ A[:, cols]``.

    Parameters
    ----------
    G : networkx.Graph
    rows, cols : list
        Actor ids.

    Returns
    -------
    (ra, common) : tuple of scipy.sparse.csr_array
        Shape ``(len(rows), len(cols))``.

    Examples
    --------
    >>> G = nx.Graph([("a", "w"), ("w", "b"), ("w", "c")])
    >>> ra, cn = resource_allocation_matrix(G, ["a"], ["b", "c"])
    >>> ra.toarray().round(3).tolist(), cn.toarray().tolist()
    ([[0.333, 0.333]], [[1, 1]])

    References
    ----------
    Zhou, T., Lü, L. and Zhang, Y.-C. (2009). Predicting missing links via local
    information. European Physical Journal B 71: 623-630.
    """
    U = undirected(G)
    nodes = list(U.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    A = nx.to_scipy_sparse_array(U, nodelist=nodes, weight=None, format="csr")
    A.setdiag(0)
    A.eliminate_zeros()
    A.data[:] = 1
    deg = np.asarray(A.sum(axis=1)).ravel()
    inv = np.divide(1.0, deg, out=np.zeros(len(deg)), where=deg > 0)
    r = A[[index[n] for n in rows]]
    c = A[:, [index[n] for n in cols]]
    return sp.csr_array(r @ sp.diags_array(inv) @ c), sp.csr_array(r @ c)


def suggest_partners(
    G: nx.Graph, top: int = 5, *, firms: list | None = None, weights: dict | None = None, region: str | None = None
) -> pd.DataFrame:
    """The ``top`` education partners to introduce to each firm, with reasons.

    Parameters
    ----------
    G : networkx.Graph
        The ecosystem graph (directed graphs are read undirected).
    top : int
        Suggestions per firm (at least 1).
    firms : list, optional
        Actor ids to suggest partners for. Default: every firm without a direct
        VET/university partner (:func:`clustergraph.gaps.firm_gaps`).
        Candidates already tied to a firm are never suggested to it.
    weights : dict, optional
        Override :data:`DEFAULT_WEIGHTS` (keys ``network``, ``region``,
        ``sector``, ``load``).
    region : str, optional
        With the default ``firms``: only firms of this region (candidates may
        be anywhere).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, sorted by firm id and rank. ``reason`` reads
        like "2 shared partners (Clúster Navarra, Firm Y); same region
        (Navarra); same sector (agrifood); no firm partner yet".

    Raises
    ------
    InputError
        Unknown firm id, region or weight, or ``top < 1``.

    Examples
    --------
    >>> G = nx.Graph([("f", "c"), ("c", "v1")]); G.add_node("v2")
    >>> nx.set_node_attributes(G, {"f": "firm", "c": "cluster_org", "v1": "vet", "v2": "vet"}, "type")
    >>> suggest_partners(G)[["firm", "rank", "candidate"]].values.tolist()
    [['f', 1, 'v1'], ['f', 2, 'v2']]

    References
    ----------
    Liben-Nowell, D. and Kleinberg, J. (2007). The link-prediction problem for
    social networks. Journal of the American Society for Information Science
    and Technology 58(7): 1019-1031.
    """
    G = drop_self_loops(G)
    if int(top) < 1:
        raise InputError(f"--top must be at least 1 (got {top})")
    top = int(top)
    w = _weights(weights)
    check_region(G, region)
    if firms is None:
        firms = firm_gaps(G, region)["id"].tolist()
    else:
        firms = list(dict.fromkeys(firms))
        for f in firms:
            if f not in G:
                raise InputError(f"firm '{f}' is not an actor id in the data")
    firms = sorted(firms, key=str)
    cands = sorted((n for n in G.nodes if G.nodes[n].get("type") in EDUCATION_TYPES), key=str)
    if not firms or not cands:
        return pd.DataFrame(columns=COLUMNS)

    U = undirected(G)
    attr = lambda n, k: G.nodes[n].get(k)
    c_region = np.array([attr(c, "region") for c in cands], dtype=object)
    c_sector = np.array([attr(c, "sector") for c in cands], dtype=object)
    load = np.array([sum(1 for m in U[c] if attr(m, "type") == "firm") for c in cands], dtype=float)
    load_share = load / load.max() if load.max() > 0 else np.zeros(len(cands))
    cand_index = {c: j for j, c in enumerate(cands)}

    picked = []  # (firm, rank, j, ra, shared, network, same_region, same_sector, score)
    for start in range(0, len(firms), _BLOCK):
        block = firms[start : start + _BLOCK]
        ra, cn = resource_allocation_matrix(G, block, cands)
        ra, cn = ra.toarray(), cn.toarray()
        for i, f in enumerate(block):
            fr, fs = attr(f, "region"), attr(f, "sector")
            same_r = (c_region == fr) if fr is not None else np.zeros(len(cands), bool)
            same_s = (c_sector == fs) if fs is not None else np.zeros(len(cands), bool)
            same_r, same_s = same_r.astype(float), same_s.astype(float)
            best = ra[i].max()
            network = ra[i] / best if best > 0 else np.zeros(len(cands))
            score = w["network"] * network + w["region"] * same_r + w["sector"] * same_s - w["load"] * load_share
            excluded = [cand_index[m] for m in U[f] if m in cand_index]
            if f in cand_index:
                excluded.append(cand_index[f])
            key = np.round(score, 12)
            key[excluded] = -np.inf
            order = np.argsort(-key, kind="stable")  # candidates are sorted by id: ties by id
            order = [j for j in order[:top] if key[j] != -np.inf]  # type: ignore[assignment]
            for rank, j in enumerate(order, 1):
                picked.append((f, rank, j, ra[i, j], int(cn[i, j]), network[j], same_r[j], same_s[j], score[j]))
    if not picked:
        return pd.DataFrame(columns=COLUMNS)

    totals = _brokerage_totals(G)
    region_broker: dict = {}  # region -> its cluster organisation with the highest brokerage
    for n in sorted(G.nodes, key=lambda n: (-totals.get(n, 0), str(n))):
        if attr(n, "type") == "cluster_org" and attr(n, "region") is not None:
            region_broker.setdefault(attr(n, "region"), n)
    rows = []
    for f, rank, j, ra_v, shared, net, sr, ss, score in picked:
        c = cands[j]
        common = sorted(nx.common_neighbors(U, f, c), key=lambda n: (U.degree(n), str(n)))
        parts = [
            f"{shared} shared partner{'s' if shared != 1 else ''} ({actor_names(G, common)})"
            if shared
            else "no shared partners yet"
        ]
        if sr:
            parts.append(f"same region ({attr(f, 'region')})")
        if ss:
            parts.append(f"same sector ({attr(f, 'sector')})")
        n_load = int(load[j])
        parts.append(f"partner of {n_load} firm{'s' if n_load != 1 else ''}" if n_load else "no firm partner yet")
        if common:
            broker = min(common, key=lambda n: (-totals.get(n, 0), str(n)))
        else:
            broker = region_broker.get(attr(f, "region"))
        rows.append(
            (
                f,
                attr(f, "name") or f,
                rank,
                c,
                attr(c, "name") or c,
                attr(c, "type"),
                score,
                w["network"] * net,
                w["region"] * sr,
                w["sector"] * ss,
                -w["load"] * load_share[j],
                ra_v,
                shared,
                bool(sr),
                bool(ss),
                n_load,
                "; ".join(parts),
                broker,
                None if broker is None else (attr(broker, "name") or broker),
                bool(score > 0 and broker is not None),
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def recommendations(suggestions: pd.DataFrame) -> pd.DataFrame:
    """The suggestions that may be shown as recommendations: score above zero and a broker named.

    Parameters
    ----------
    suggestions : DataFrame
        :func:`suggest_partners` output.

    Returns
    -------
    DataFrame
        The rows of ``suggestions`` that qualify (same columns, same order).

    Examples
    --------
    >>> s = pd.DataFrame({"score": [1.2, 0.0, 0.8], "broker": ["c", "c", None]})
    >>> len(recommendations(s))
    1
    """
    if not len(suggestions):
        return suggestions
    ok = (suggestions["score"].astype(float) > 0) & suggestions["broker"].notna()
    return suggestions[ok]


def neediest_first(G: nx.Graph, firms: pd.DataFrame, suggestions: pd.DataFrame) -> pd.DataFrame:
    """One row per firm without an education partner, grouped by region, neediest first.

    Regions come in order of need: most firms with no education partner even
    two steps away, then most firms without a partner, then by name (actors
    without a region last). Within a region, firms with no education partner
    within two steps come first, then the more isolated (fewer links), then by
    id. Each row carries the firm's best *recommended* introduction
    (:func:`recommendations`); ``candidate`` is empty when there is none, and
    ``reason`` then says why.

    Parameters
    ----------
    G : networkx.Graph
    firms : DataFrame
        :func:`clustergraph.analysis.gaps.firm_gaps` (or ``GapReport.firms``).
    suggestions : DataFrame
        :func:`suggest_partners` output for these firms.

    Returns
    -------
    DataFrame
        Columns :data:`NEEDIEST_COLUMNS`.

    Examples
    --------
    >>> G = nx.Graph([("f1", "c"), ("c", "v"), ("f2", "g")])
    >>> nx.set_node_attributes(G, {"f1": "firm", "f2": "firm", "c": "cluster_org", "v": "vet", "g": "government"}, "type")
    >>> from clustergraph.analysis.gaps import firm_gaps
    >>> t = neediest_first(G, firm_gaps(G), suggest_partners(G))
    >>> t[["firm", "no_education_within_2", "candidate"]].values.tolist()
    [['f2', True, None], ['f1', False, 'v']]
    """
    if not len(firms):
        return pd.DataFrame(columns=NEEDIEST_COLUMNS)
    U = undirected(G)
    best: dict = {}
    rec = recommendations(suggestions)
    for r in rec.sort_values(["firm", "rank"], key=lambda s: s.astype(str) if s.name == "firm" else s).itertuples(
        index=False
    ):
        best.setdefault(r.firm, r)
    offered = set(suggestions["firm"]) if len(suggestions) else set()
    rows = []
    for f in firms.itertuples(index=False):
        b = best.get(f.id)
        intro: tuple
        if b is not None:
            intro = (b.candidate, b.candidate_name, b.broker, b.broker_name, float(b.score), b.reason)
        else:
            why = (
                "no recommendation: no candidate scores above zero with someone to introduce it"
                if f.id in offered
                else "no recommendation: no education provider to suggest"
            )
            intro = (None, None, None, None, None, why)
        rows.append((f.region, f.id, f.name, f.sector, int(U.degree(f.id)), bool(f.no_education_within_2)) + intro)
    # object columns: a firm without recommendation keeps None (not NaN) as candidate and broker
    df = pd.DataFrame(rows, columns=NEEDIEST_COLUMNS, dtype=object)
    df = df.astype({"n_links": int, "no_education_within_2": bool, "score": float})
    need = df.groupby(df["region"].astype(str), dropna=False).agg(
        far=("no_education_within_2", "sum"), n=("firm", "size")
    )
    rank = {
        reg: i
        for i, reg in enumerate(
            sorted(need.index, key=lambda r: (r == "None", -need.loc[r, "far"], -need.loc[r, "n"], r))
        )
    }
    df["_r"] = df["region"].astype(str).map(rank)
    df["_id"] = df["firm"].astype(str)
    df = df.sort_values(["_r", "no_education_within_2", "n_links", "_id"], ascending=[True, False, True, True])
    return df.drop(columns=["_r", "_id"]).reset_index(drop=True)
