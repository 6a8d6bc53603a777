"""Advice on education partners: *likely partners* for firms, *providers to bring in* for cluster organisations.

Two kinds of advice, kept apart:

likely partners (:func:`suggest_partners`)
    For each firm without a VET or university partner (or each firm asked
    for), the education actors most likely to become its partners, ranked by
    the evidence that predicts real partnerships, each with the actor who can
    make the introduction (its *way in*). Judged like a recommender: on
    projects up to a year as input and the partnerships that formed later as
    truth (``benchmarks/advice.py``, README "How suggestions are scored").
providers to bring in (:func:`providers_to_bring_in`)
    Education actors with no or few firm partners: a recruiting list for the
    cluster organisation ("broaden participation", Wilson 2020), not a first
    introduction for dozens of firms.

Score of a likely partner
-------------------------
A sum of four parts, each in its own column (``score = network_score +
popularity_score + topic_score + place_score``)::

    network_score    = w_network    * AA(f, c) / max AA
    popularity_score = w_popularity * partners(c) / max_c' partners(c')
    topic_score      = w_topic      * max(cos(programmes(f), programmes(c)), [sector(f) == sector(c)])
    place_score      = w_place      * (1 if same region else 0.5 * near(region(f), region(c)))

- ``AA`` is the Adamic-Adar index on the weighted graph (Adamic & Adar 2003,
  weighted as in Murata & Moriyasu 2007): the sum over the partners ``w``
  shared by firm and candidate of ``(A_fw + A_wc) / 2 / log(degree(w))``,
  with ``A`` the link weights scaled so that the median link weighs 1: a
  shared partner with strong ties to both counts more, a hub shared with
  everyone less. Scaled by the largest index of any
  (firm, candidate) pair asked about, so a firm with strong shared partners
  leans on them more than a firm with one weak one.
- ``partners(c)`` is the number of partners of the candidate: its activity,
  the best single predictor of new partnerships in the benchmark
  (preferential attachment, Barabási & Albert 1999; Liben-Nowell & Kleinberg
  2007). ``candidate_firms`` (its firm partners) is shown in the reason.
- ``programmes(x)`` counts the programmes of the projects of ``x`` (with
  participations; otherwise the kinds of its links); ``cos`` is their cosine
  similarity. Same ``sector`` counts as 1 when both carry one.
- ``near(r, s)`` is the share of region ``r``'s links to other regions that
  go to region ``s``, scaled by the largest such share (1 = the region ``r``
  works with most; 0 when they share no link): neighbouring regions as the
  data shows them.

Default weights :data:`DEFAULT_WEIGHTS` were tuned on generated time-split
ecosystems (:func:`clustergraph.synthetic.timesplit.timesplit_ecosystem`,
seeds 11-18, ``benchmarks/advice.py --tune``) and judged on the Norwegian
development set and other seeds. Ties are broken by candidate id.

Spread
------
In a region with at least :data:`SPREAD_MIN_EDUCATION` education actors and
:data:`SPREAD_MIN_FIRMS` firms asked about, no candidate is the first
suggestion of more than half of them: where one is, the firms whose first
choice wins by the smallest margin get their best other candidate first
(``spread`` is true; the five suggested stay the same).

Way in
------
Each suggestion names who can vouch on both sides (``introducer_kind``,
``broker``, ``way_in``): a shared partner (the one matching the firm's sector
or programmes, then the highest Gould-Fernandez brokerage total,
:func:`clustergraph.metrics.brokerage.brokerage_roles`), else the cluster
organisation the firm is a member of, else the cluster organisation of the
firm's region or sector (the one closest to the firm's programmes), else the
strongest broker on the shortest paths between the two (a regional agency, an
RTO, a university), else the plain sentence :data:`NO_CONTACT`. Never a blank
without a reason.

Recommendations
---------------
A suggestion is *recommended* (column ``recommended``) when its score is
above zero: every suggestion has a way in. :func:`neediest_first` turns the
gaps and suggestions into the manager's list: one row per firm without an
education partner, grouped by region, neediest first, with its best
recommended introduction.

References
----------
Adamic, L.A. and Adar, E. (2003). Friends and neighbors on the Web. Social
Networks 25(3): 211-230.
Murata, T. and Moriyasu, S. (2007). Link prediction of social networks based
on weighted proximity measures. IEEE/WIC/ACM Web Intelligence: 85-88.
Liben-Nowell, D. and Kleinberg, J. (2007). The link-prediction problem for
social networks. JASIST 58(7): 1019-1031.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import InputError
from ..graph import actor_names, actors_only, check_region, drop_self_loops, undirected
from ..metrics._sparse import adjacency
from ..schema import EDUCATION_TYPES
from .gaps import firm_gaps

#: Default weights of the score parts (tuned on generated time-split data: module docstring).
DEFAULT_WEIGHTS: dict[str, float] = {"network": 5.0, "popularity": 1.0, "topic": 0.1, "place": 0.1}

#: Spread applies in regions with at least this many education actors ...
SPREAD_MIN_EDUCATION = 3
#: ... and at least this many firms asked about.
SPREAD_MIN_FIRMS = 10

#: The way in when nobody links the two sides.
NO_CONTACT = "no shared contact: the cluster organisation or the regional agency makes the first contact"

COLUMNS = [
    "firm",
    "firm_name",
    "region",
    "country",
    "sector",
    "rank",
    "candidate",
    "candidate_name",
    "candidate_type",
    "candidate_region",
    "score",
    "network_score",
    "popularity_score",
    "topic_score",
    "place_score",
    "adamic_adar",
    "shared_partners",
    "candidate_firms",
    "programme_similarity",
    "same_region",
    "same_sector",
    "spread",
    "reason",
    "introducer_kind",
    "broker",
    "broker_name",
    "way_in",
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
    "way_in",
    "score",
    "reason",
]

#: Columns of :func:`providers_to_bring_in`.
PROVIDER_COLUMNS = [
    "region",
    "country",
    "sector",
    "id",
    "name",
    "type",
    "n_links",
    "n_firm_links",
    "recruiter",
    "recruiter_name",
    "reason",
]

#: Firms scored per block of the sparse product and of the firms x candidates arrays (bounds
#: memory on large graphs: about 12 arrays of _BLOCK x candidates numbers at a time).
_BLOCK = 1024


def _weights(weights: dict | None) -> dict[str, float]:
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = sorted(set(weights) - set(w))
        if unknown:
            raise InputError(f"unknown weight(s) {', '.join(unknown)}; known: {', '.join(w)}")
        w.update({k: float(v) for k, v in weights.items()})
    return w


def brokerage_totals(G: nx.Graph) -> dict:
    """Actor -> Gould-Fernandez brokerage total (groups = actor type): how introducers are ranked.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem (actor attribute ``type``).

    Returns
    -------
    dict
        Actor id -> the total of its brokerage roles
        (:func:`clustergraph.metrics.brokerage.brokerage_roles`; an undirected link counts both ways);
        empty for a graph without links.

    Examples
    --------
    >>> G = nx.Graph([("C1", "F1"), ("C2", "F1"), ("C2", "U1")])
    >>> nx.set_node_attributes(G, {"C1": "cluster_org", "C2": "cluster_org", "F1": "firm", "U1": "university"}, "type")
    >>> sorted(brokerage_totals(G).items())
    [('C1', 0), ('C2', 2), ('F1', 2), ('U1', 0)]

    References
    ----------
    Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation. Sociological Methodology 19: 89-126.
    """
    from ..metrics.brokerage import brokerage_roles

    return brokerage_roles(G, attribute="type")["total"].to_dict() if G.number_of_edges() else {}


def cluster_organisations(G: nx.Graph, attribute: str = "region", *, totals: dict | None = None) -> dict:
    """The cluster organisations of each region (or sector), strongest broker first: the introducers a
    way in falls back on when firm and partner share no partner (module text, "Way in").

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem; cluster organisations are its actors of type ``cluster_org``.
    attribute : str
        The actor attribute they are grouped by (``"region"``; the way in also uses ``"sector"``).
        An organisation without it is left out.
    totals : dict, optional
        Actor id -> brokerage total, as :func:`brokerage_totals` gives (computed when None).

    Returns
    -------
    dict
        Attribute value -> ids of its cluster organisations, highest brokerage total first, ties by id.

    Examples
    --------
    >>> G = nx.Graph([("C1", "F1"), ("C2", "F1"), ("C2", "U1")])
    >>> nx.set_node_attributes(G, {"C1": "cluster_org", "C2": "cluster_org", "F1": "firm", "U1": "university"}, "type")
    >>> nx.set_node_attributes(G, "Vestland", "region")
    >>> cluster_organisations(G)  # C2 links the firm and the university
    {'Vestland': ['C2', 'C1']}
    """
    totals = brokerage_totals(G) if totals is None else totals
    orgs = sorted((n for n, t in G.nodes(data="type") if t == "cluster_org"), key=lambda n: (-totals.get(n, 0), str(n)))
    grouped: dict = {}
    for n in orgs:
        value = G.nodes[n].get(attribute)
        if value is not None:
            grouped.setdefault(value, []).append(n)
    return grouped


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


def weighted_adamic_adar(G: nx.Graph, rows: list, cols: list) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Adamic-Adar index and common-neighbour count for all ``rows`` x ``cols`` pairs.

    ``AA(x, y) = sum over shared partners w of (A_xw + A_wy) / 2 / log(degree(w))``
    with ``A`` the link weights divided by their median (missing weights read
    as 1), after Murata & Moriyasu (2007). With all weights equal this is
    :func:`networkx.adamic_adar_index` (a shared partner has degree 2 or more).

    Parameters
    ----------
    G : networkx.Graph
    rows, cols : list
        Actor ids.

    Returns
    -------
    (aa, common) : tuple of numpy.ndarray
        Dense, shape ``(len(rows), len(cols))``.

    Examples
    --------
    >>> G = nx.Graph([("a", "w"), ("w", "b")])
    >>> aa, cn = weighted_adamic_adar(G, ["a"], ["b"])
    >>> round(float(aa[0, 0]), 4), int(cn[0, 0])  # 1 / log(2)
    (1.4427, 1)

    References
    ----------
    Adamic, L.A. and Adar, E. (2003). Friends and neighbors on the Web. Social
    Networks 25(3): 211-230.
    """
    aa, common = _Scoring(G, cols).adamic_adar(rows)
    return np.asarray(aa.toarray()), np.asarray(common.toarray())


class _Scoring:
    """What scoring firms against the candidates ``cands`` needs of the whole graph, computed once.

    The weighted and binary adjacency matrices (their candidate columns, scaled by the shared
    partners' ``1 / log(degree)``), the programme profiles (row-normalised for the cosine),
    region and sector codes and the region nearness as a sparse region x region matrix.
    :func:`suggest_partners` scores block after block of firms with one of these: at 100,000
    actors each block used to rebuild all of it (about 7 s a block).
    """

    def __init__(self, G: nx.Graph, cands: list):
        U = undirected(G)
        self.G, self.U, self.cands = G, U, list(cands)
        nodes = list(U.nodes)
        self.index = {n: i for i, n in enumerate(nodes)}
        W = adjacency(U, nodes, "weight")
        if W.nnz:
            W.data /= float(np.median(W.data))
        B = W.copy()
        B.data[:] = 1.0
        deg = np.asarray(B.sum(axis=1)).ravel()
        self.inv = sp.diags_array(np.divide(1.0, np.log(np.maximum(deg, 1)), out=np.zeros(len(deg)), where=deg > 1))
        c = [self.index[n] for n in self.cands]
        self.W, self.B = W, B
        self.Wc, self.Bc = sp.csr_array(W[:, c]), sp.csr_array(B[:, c])
        # profiles: counts (for the reason) and rows of unit length (for the cosine); row -1 is zero
        self.profiles, self.profile_source = programme_profiles(G)
        self.programmes = [str(k) for k in self.profiles.columns]
        self.profile_row = {n: i for i, n in enumerate(self.profiles.index)}
        X = self.profiles.to_numpy(float) if not self.profiles.empty else np.zeros((0, 0))
        norm = np.linalg.norm(X, axis=1, keepdims=True) if X.size else np.zeros((len(X), 1))
        X = np.divide(X, norm, out=np.zeros_like(X), where=norm > 0)
        self.unit = np.vstack([X, np.zeros((1, X.shape[1]))])
        self.counts = np.vstack([self.profiles.to_numpy(float), np.zeros((1, X.shape[1]))]) if X.size else self.unit
        # regions and sectors as codes (0 = missing); nearness r -> s as a sparse matrix of codes
        attr = lambda n, k: G.nodes[n].get(k)
        self.region_code: dict = {}
        self.sector_code: dict = {}
        near = region_nearness(G)
        for r, s in near:
            self.region_code.setdefault(r, len(self.region_code) + 1)
            self.region_code.setdefault(s, len(self.region_code) + 1)
        self.c_region = np.array([self._code(self.region_code, attr(n, "region")) for n in self.cands], dtype=np.int64)
        self.c_sector = np.array([self._code(self.sector_code, attr(n, "sector")) for n in self.cands], dtype=np.int64)
        k = len(self.region_code) + 1
        if near:
            r_idx = np.fromiter((self.region_code[r] for r, _ in near), dtype=np.int64, count=len(near))
            s_idx = np.fromiter((self.region_code[s] for _, s in near), dtype=np.int64, count=len(near))
            vals = np.fromiter(near.values(), dtype=float, count=len(near))
            self.near = sp.csr_array((vals, (r_idx, s_idx)), shape=(k, k))
        else:
            self.near = sp.csr_array((k, k))
        self.c_firms = np.array([_firm_partners(G, U, n) for n in self.cands], dtype=float)
        c_deg = np.array([U.degree(n) for n in self.cands], dtype=float)
        self.popularity = c_deg / c_deg.max() if len(c_deg) and c_deg.max() > 0 else np.zeros(len(self.cands))
        self.cand_index = {n: j for j, n in enumerate(self.cands)}

    @staticmethod
    def _code(codes: dict, value) -> int:
        if value is None:
            return 0
        return codes.setdefault(value, len(codes) + 1)

    def adamic_adar(self, rows: list) -> tuple[sp.csr_array, sp.csr_array]:
        """:func:`weighted_adamic_adar` of ``rows`` x the candidates, as sparse arrays."""
        r = [self.index[n] for n in rows]
        Wr, Br = self.W[r], self.B[r]
        aa = ((Wr @ self.inv @ self.Bc) + (Br @ self.inv @ self.Wc)) / 2
        return sp.csr_array(aa), sp.csr_array(Br @ self.Bc)

    def adamic_adar_max(self, firms: list) -> float:
        """The largest Adamic-Adar index of any firm and candidate (blocks of firms)."""
        best = 0.0
        for start in range(0, len(firms), _block(len(self.cands))):
            aa, _ = self.adamic_adar(firms[start : start + _block(len(self.cands))])
            if aa.nnz:
                best = max(best, float(aa.max()))
        return best

    def rows_of(self, actors: list) -> np.ndarray:
        """Profile rows of ``actors`` (the zero row for an actor without a profile)."""
        return np.fromiter((self.profile_row.get(n, -1) for n in actors), dtype=np.int64, count=len(actors))

    def cosine(self, rows: list, cols: list) -> np.ndarray:
        """Cosine similarity of the programme profiles of ``rows`` x ``cols`` (0 without a profile)."""
        if self.profiles.empty:
            return np.zeros((len(rows), len(cols)))
        return self.unit[self.rows_of(rows)] @ self.unit[self.rows_of(cols)].T

    def shared_programmes(self, f, c, limit: int = 2) -> list[str]:
        """The firm's programmes (most projects first, then programme order) that ``c`` has too."""
        if self.profiles.empty or f not in self.profile_row or c not in self.profile_row:
            return []
        fr, cr = self.counts[self.profile_row[f]], self.counts[self.profile_row[c]]
        both = np.flatnonzero((fr > 0) & (cr > 0))
        both = both[np.lexsort((both, -fr[both]))]
        return [self.programmes[k] for k in both[:limit]]


def _block(n_cands: int) -> int:
    """Firms per block: :data:`_BLOCK`, fewer when there are many candidates (about 2M numbers per array)."""
    return min(_BLOCK, max(16, 2_000_000 // max(n_cands, 1)))


def programme_profiles(G: nx.Graph) -> tuple[pd.DataFrame, str]:
    """Actor x programme counts: the programmes of an actor's projects, else the kinds of its links.

    Returns
    -------
    (profiles, source) : tuple
        A DataFrame indexed by actor id (one column per programme or link
        kind; empty when the data has neither) and ``"programmes"`` or ``"link kinds"``.

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("a", "b", types=["training"])
    >>> programme_profiles(G)[0].loc["a"].to_dict(), programme_profiles(G)[1]
    ({'training': 1}, 'link kinds')
    """
    from ..projection import project_data

    data = project_data(G)
    if data is not None and "programme" in data.projects and data.projects["programme"].notna().any():
        prog = data.projects.drop_duplicates("id").set_index("id")["programme"]
        p = data.participations[["project", "actor"]].assign(programme=data.participations["project"].map(prog))
        p = p[p["actor"].isin(G.nodes) & p["programme"].notna()]
        return _counts(p["actor"], p["programme"]), "programmes"
    rows = [(n, t) for u, v, d in G.edges(data=True) for t in (d.get("types") or ()) for n in (u, v) if t]
    if not rows:
        return pd.DataFrame(), "link kinds"
    df = pd.DataFrame(rows, columns=["actor", "kind"])
    return _counts(df["actor"], df["kind"]), "link kinds"


def _counts(rows: pd.Series, cols: pd.Series) -> pd.DataFrame:
    """``pd.crosstab(rows, cols)`` (sorted labels, int counts) by a group-by in C: crosstab counts
    with a Python function per cell group (10 s for 100,000 actors)."""
    table = pd.DataFrame({rows.name: rows.to_numpy(), cols.name: cols.to_numpy()})
    return table.groupby([rows.name, cols.name]).size().unstack(fill_value=0)


def region_nearness(G: nx.Graph) -> dict:
    """(region r, region s) -> share of r's links to other regions that go to s, over the largest share.

    1 for the region ``r`` works with most, 0 for a region it shares no link
    with; same-region pairs are not included.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("d", "c")])
    >>> nx.set_node_attributes(G, {"a": "N", "b": "S", "c": "E", "d": "S"}, "region")
    >>> sorted(region_nearness(G).items())
    [(('E', 'N'), 1.0), (('E', 'S'), 1.0), (('N', 'E'), 1.0), (('N', 'S'), 1.0), (('S', 'E'), 1.0), (('S', 'N'), 1.0)]
    """
    count: dict = {}
    for u, v in undirected(G).edges():
        ru, rv = G.nodes[u].get("region"), G.nodes[v].get("region")
        if ru is None or rv is None or ru == rv:
            continue
        count[(ru, rv)] = count.get((ru, rv), 0) + 1
        count[(rv, ru)] = count.get((rv, ru), 0) + 1
    best: dict = {}
    for (r, _), n in count.items():
        best[r] = max(best.get(r, 0), n)
    return {(r, s): n / best[r] for (r, s), n in count.items()}


def _firm_partners(G: nx.Graph, U: nx.Graph, n) -> int:
    return sum(1 for m in U[n] if G.nodes[m].get("type") == "firm")


def suggest_partners(
    G: nx.Graph, top: int = 5, *, firms: list | None = None, weights: dict | None = None, region: str | None = None
) -> pd.DataFrame:
    """The ``top`` likely education partners of each firm, with the score's parts, the reason and a way in.

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
        Override :data:`DEFAULT_WEIGHTS` (keys ``network``, ``popularity``,
        ``topic``, ``place``).
    region : str, optional
        With the default ``firms``: only firms of this region (candidates may
        be anywhere).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, sorted by firm id and rank. ``region``,
        ``country``, ``sector`` are the firm's. ``reason`` reads like "2 shared
        partners (SINTEF AS, Firm Y); works with 41 firms; same region (Oslo);
        similar programmes (ENERGY, LEIT)".

    Raises
    ------
    InputError
        Unknown firm id, region or weight, or ``top < 1``.

    Examples
    --------
    >>> G = nx.Graph([("f", "c"), ("c", "v1")]); G.add_node("v2")
    >>> nx.set_node_attributes(G, {"f": "firm", "c": "cluster_org", "v1": "vet", "v2": "vet"}, "type")
    >>> suggest_partners(G)[["firm", "rank", "candidate", "introducer_kind"]].values.tolist()
    [['f', 1, 'v1', 'shared partner'], ['f', 2, 'v2', 'cluster organisation']]

    References
    ----------
    Liben-Nowell, D. and Kleinberg, J. (2007). The link-prediction problem for
    social networks. Journal of the American Society for Information Science
    and Technology 58(7): 1019-1031.
    """
    G = actors_only(drop_self_loops(G))
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

    scoring = _Scoring(G, cands)
    # firms x candidates arrays, a block of firms at a time (13,000 firms x 2,400 candidates would
    # be 250 MB per array); the network part is scaled by the largest index over all firms
    size = _block(len(cands))
    best = scoring.adamic_adar_max(firms) if len(firms) > size else None
    picked: list[dict] = []
    for start in range(0, len(firms), size):
        block = firms[start : start + size]
        feat = partner_features(G, block, cands, network_max=best, scoring=scoring)
        order, score, parts = rank_candidates(feat, w, top)
        for i, f in enumerate(block):
            picked += [
                {
                    "firm": f,
                    "j": int(j),
                    "score": float(score[i, j]),
                    **{f"{k}_score": float(v[i, j]) for k, v in parts.items()},
                    "adamic_adar": float(feat["adamic_adar"][i, j]),
                    "shared_partners": int(feat["shared_partners"][i, j]),
                    "programme_similarity": float(feat["programme_similarity"][i, j]),
                    "same_region": bool(feat["same_region"][i, j]),
                    "same_sector": bool(feat["same_sector"][i, j]),
                }
                for j in order[i]
            ]
        del feat, score, parts
    if not picked:
        return pd.DataFrame(columns=COLUMNS)
    lists = _spread(G, cands, picked)
    return _rows(G, scoring, lists)


def partner_features(
    G: nx.Graph, firms: list, cands: list, *, network_max: float | None = None, scoring: _Scoring | None = None
) -> dict:
    """The evidence behind each (firm, candidate) score, as ``len(firms) x len(cands)`` arrays.

    Keys ``network``, ``popularity``, ``topic``, ``place`` (the scaled parts of
    the score, module docstring), ``adamic_adar``, ``shared_partners``,
    ``programme_similarity``, ``same_region``, ``same_sector``, ``eligible``
    (false for a candidate already tied to the firm, or the firm itself), and
    ``candidate_firms`` (per candidate), ``profiles`` and ``profile_source`` (:func:`programme_profiles`).
    ``network`` is the Adamic-Adar index divided by its largest value over these firms, or by
    ``network_max`` when given (the largest over all firms, when they are scored block by block).
    ``scoring`` is what the graph gives all blocks alike (computed when not given; it must be of
    the same ``G`` and ``cands``).

    Examples
    --------
    >>> G = nx.Graph([("f", "c"), ("c", "v1")]); G.add_node("v2")
    >>> nx.set_node_attributes(G, {"f": "firm", "c": "cluster_org", "v1": "vet", "v2": "vet"}, "type")
    >>> partner_features(G, ["f"], ["v1", "v2"])["network"].tolist()
    [[1.0, 0.0]]
    """
    s = scoring if scoring is not None else _Scoring(G, cands)
    U = s.U
    shape = (len(firms), len(cands))
    out: dict = {}
    aa, cn = s.adamic_adar(firms)
    out["adamic_adar"] = np.asarray(aa.toarray(), dtype=float).reshape(shape)
    out["shared_partners"] = np.asarray(cn.toarray()).astype(int).reshape(shape)
    cos = s.cosine(firms, cands).reshape(shape)
    out["programme_similarity"] = cos
    f_region = np.array([_lookup(s.region_code, G.nodes[f].get("region")) for f in firms], dtype=np.int64)
    f_sector = np.array([_lookup(s.sector_code, G.nodes[f].get("sector")) for f in firms], dtype=np.int64)
    same_r = f_region[:, None] == s.c_region[None, :]
    same_s = f_sector[:, None] == s.c_sector[None, :]
    out["same_region"], out["same_sector"] = same_r, same_s
    out["topic"] = np.maximum(cos, same_s.astype(float))
    near = s.near[np.maximum(f_region, 0)] if len(firms) else s.near[:0]
    near = np.asarray(sp.csr_array(near)[:, s.c_region].toarray(), dtype=float).reshape(shape)
    out["place"] = np.where(same_r, 1.0, 0.5 * near)
    eligible = np.ones(shape, dtype=bool)
    for i, f in enumerate(firms):
        excluded = [s.cand_index[m] for m in U[f] if m in s.cand_index]
        if f in s.cand_index:
            excluded.append(s.cand_index[f])
        eligible[i, excluded] = False
    out["eligible"] = eligible
    best = network_max if network_max is not None else (out["adamic_adar"].max() if out["adamic_adar"].size else 0.0)
    out["network"] = out["adamic_adar"] / best if best > 0 else np.zeros(shape)
    out["popularity"] = np.broadcast_to(s.popularity, shape)
    out["candidate_firms"] = s.c_firms
    out["profiles"] = s.profiles
    out["profile_source"] = s.profile_source
    return out


def _lookup(codes: dict, value) -> int:
    """The code of ``value`` in ``codes``; -1 (equal to no candidate's) when missing or unknown."""
    return -1 if value is None else codes.get(value, -1)


def rank_candidates(features: dict, weights: dict | None = None, top: int = 5) -> tuple[list, np.ndarray, dict]:
    """Score and rank the candidates of :func:`partner_features` with ``weights``.

    Returns
    -------
    (order, score, parts) : tuple
        ``order[i]``: the column indices of firm ``i``'s best ``top`` eligible
        candidates, best first (ties: candidate order, i.e. id); ``score`` the
        ``firms x candidates`` scores; ``parts`` the weighted parts by name.

    Examples
    --------
    >>> f = {k: np.array([[0.0, 1.0, 1.0, 0.5]]) for k in ("network", "popularity", "topic", "place")}
    >>> f["eligible"] = np.array([[True, True, True, False]])
    >>> rank_candidates(f, top=3)[0]  # ties by column; the ineligible one never
    [[1, 2, 0]]
    """
    w = _weights(weights)
    parts = {k: w[k] * features[k] for k in ("network", "popularity", "topic", "place")}
    score = np.asarray(sum(parts.values()), dtype=float)
    key = np.round(score, 12)
    key = np.where(features["eligible"], key, -np.inf)
    order = []
    n = key.shape[1] if key.ndim == 2 else 0
    if n > top:  # the top-th largest key of each row: only keys at or above it can be among the top
        kth = np.partition(key, n - top, axis=1)[:, n - top]
    else:
        kth = np.full(len(key), -np.inf)
    for row, t in zip(key, kth):
        idx = np.flatnonzero((row >= t) & (row != -np.inf))
        idx = idx[np.lexsort((idx, -row[idx]))][:top]  # best first, ties by candidate order (id)
        order.append([int(j) for j in idx])
    return order, score, parts


def _spread(G: nx.Graph, cands: list, picked: list[dict]) -> dict:
    """firm -> its suggestions in final order (module docstring, "Spread"); moved ones carry ``spread``."""
    lists: dict = {}
    for p in picked:
        lists.setdefault(p["firm"], []).append({**p, "spread": False})
    n_edu: dict = {}
    for c in cands:
        n_edu[G.nodes[c].get("region")] = n_edu.get(G.nodes[c].get("region"), 0) + 1
    by_region: dict = {}
    for f in lists:
        by_region.setdefault(G.nodes[f].get("region"), []).append(f)
    for reg, fs in by_region.items():
        if reg is None or n_edu.get(reg, 0) < SPREAD_MIN_EDUCATION or len(fs) < SPREAD_MIN_FIRMS:
            continue
        cap = len(fs) // 2
        first: dict = {}
        for f in fs:
            first[lists[f][0]["j"]] = first.get(lists[f][0]["j"], 0) + 1
        while True:
            over = [j for j, n in first.items() if n > cap]
            if not over:
                break
            j = min(over, key=lambda j: (-first[j], str(cands[j])))
            moves = []
            for f in fs:
                s = lists[f]
                if s[0]["j"] != j:
                    continue
                for k in range(1, len(s)):
                    if first.get(s[k]["j"], 0) + 1 <= cap:
                        moves.append((s[0]["score"] - s[k]["score"], str(f), f, k))
                        break
            if not moves:
                break
            _, _, f, k = min(moves)
            s = lists[f]
            alt = s.pop(k)
            s.insert(0, {**alt, "spread": True})
            first[j] -= 1
            first[alt["j"]] = first.get(alt["j"], 0) + 1
    return lists


def _introducers(G: nx.Graph, scoring: _Scoring | None = None) -> dict:
    """What the ways in need: brokerage totals, cluster organisations by region and sector."""
    totals = brokerage_totals(G)
    return {
        "totals": totals,
        "by_region": cluster_organisations(G, "region", totals=totals),
        "by_sector": cluster_organisations(G, "sector", totals=totals),
        "scoring": scoring,
    }


def _closest(G: nx.Graph, f, options: list, ctx: dict):
    """The option matching the firm's sector, then closest to its programmes, then by brokerage (order kept)."""
    fs = G.nodes[f].get("sector")
    sim = ctx["scoring"].cosine([f], options)[0] if options else []
    return min(
        range(len(options)),
        key=lambda i: (not (fs is not None and G.nodes[options[i]].get("sector") == fs), -round(sim[i], 9), i),
    )


class _Distances(dict):
    """Shortest-path lengths (up to 4 steps) from an actor, computed on first use."""

    def __init__(self, U: nx.Graph):
        super().__init__()
        self.U = U

    def __missing__(self, n):
        self[n] = nx.single_source_shortest_path_length(self.U, n, cutoff=4)
        return self[n]


def _way_in(G: nx.Graph, U: nx.Graph, f, c, ctx: dict, dist: dict, memo: dict) -> tuple[str, object, str]:
    """(introducer_kind, broker, way_in sentence) for firm ``f`` and candidate ``c``.

    ``memo`` (firm -> :func:`_firm_way_in`) keeps the firm's own way in for its other
    candidates: it does not depend on the candidate (a network of 60,000 firms with no
    partner asked for it five times each).
    """
    name = lambda n: str(G.nodes[n].get("name", n))
    common = sorted(nx.common_neighbors(U, f, c), key=lambda n: (-ctx["totals"].get(n, 0), str(n)))
    if common:
        b = common[_closest(G, f, common, ctx)]
        return "shared partner", b, f"through {name(b)}, a partner of both"
    if f not in memo:
        memo[f] = _firm_way_in(G, U, f, ctx)
    if memo[f] is not None:
        return memo[f]
    df, dc = dist[f], dist[c]
    if c in df:
        d = df[c]
        between = [n for n in df if n not in (f, c) and n in dc and df[n] + dc[n] == d]
        if between:
            b = min(between, key=lambda n: (-ctx["totals"].get(n, 0), str(n)))
            return "broker", b, f"through {name(b)}, the strongest broker between them"
    return "none", None, NO_CONTACT


def _firm_way_in(G: nx.Graph, U: nx.Graph, f, ctx: dict) -> tuple[str, object, str] | None:
    """The firm's cluster organisation (its partner, else of its region, else of its sector), or None."""
    name = lambda n: str(G.nodes[n].get("name", n))
    own = sorted(
        (m for m in U[f] if G.nodes[m].get("type") == "cluster_org"),
        key=lambda n: (-ctx["totals"].get(n, 0), str(n)),
    )
    if own:
        b = own[_closest(G, f, own, ctx)]
        return "cluster organisation", b, f"through {name(b)}, the firm's cluster organisation"
    fr, fs = G.nodes[f].get("region"), G.nodes[f].get("sector")
    options = list(ctx["by_region"].get(fr, []))
    where = f"of {fr}"
    if not options and fs is not None:
        options, where = list(ctx["by_sector"].get(fs, [])), f"of the {fs} sector"
    if options:
        b = options[_closest(G, f, options, ctx)]
        return "cluster organisation", b, f"through {name(b)}, the cluster organisation {where}"
    return None


def _reason(G: nx.Graph, U: nx.Graph, f, c, p: dict, n_firms: int, scoring: _Scoring) -> str:
    common = sorted(nx.common_neighbors(U, f, c), key=lambda n: (U.degree(n), str(n)))
    parts = [
        f"{len(common)} shared partner{'s' if len(common) != 1 else ''} ({actor_names(G, common)})"
        if common
        else "no shared partners yet"
    ]
    parts.append(f"works with {n_firms} firm{'s' if n_firms != 1 else ''}" if n_firms else "no firm partner yet")
    if p["same_region"]:
        parts.append(f"same region ({G.nodes[f].get('region')})")
    elif p["place_score"] > 0:
        parts.append(f"neighbouring region ({G.nodes[c].get('region')})")
    if p["same_sector"]:
        parts.append(f"same sector ({G.nodes[f].get('sector')})")
    if p["programme_similarity"] > 0:
        shared = scoring.shared_programmes(f, c)
        if shared:
            what = "programmes" if scoring.profile_source == "programmes" else "kinds of links"
            parts.append(f"similar {what} ({', '.join(shared)})")
    if p["spread"]:
        parts.append("put first to spread introductions over the region's providers")
    return "; ".join(parts)


def _rows(G: nx.Graph, scoring: _Scoring, lists: dict) -> pd.DataFrame:
    U, cands, c_firms = scoring.U, scoring.cands, scoring.c_firms
    ctx = _introducers(G, scoring)
    attr = lambda n, k: G.nodes[n].get(k)
    dist = _Distances(U)
    memo: dict = {}
    rows = []
    for f in sorted(lists, key=str):
        for rank, p in enumerate(lists[f], 1):
            c = cands[p["j"]]
            kind, broker, way = _way_in(G, U, f, c, ctx, dist, memo)
            rows.append(
                {
                    "firm": f,
                    "firm_name": attr(f, "name") or f,
                    "region": attr(f, "region"),
                    "country": attr(f, "country"),
                    "sector": attr(f, "sector"),
                    "rank": rank,
                    "candidate": c,
                    "candidate_name": attr(c, "name") or c,
                    "candidate_type": attr(c, "type"),
                    "candidate_region": attr(c, "region"),
                    **{k: p[k] for k in COLUMNS if k in p and k not in ("firm",)},
                    "candidate_firms": int(c_firms[p["j"]]),
                    "reason": _reason(G, U, f, c, p, int(c_firms[p["j"]]), scoring),
                    "introducer_kind": kind,
                    "broker": broker,
                    "broker_name": NO_CONTACT if broker is None else (attr(broker, "name") or broker),
                    "way_in": way,
                    "recommended": bool(p["score"] > 0),
                }
            )
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("broker", "region", "country", "sector", "candidate_region"):  # missing stays None, not NaN
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def providers_to_bring_in(G: nx.Graph, region: str | None = None, *, max_firms: int = 1) -> pd.DataFrame:
    """Education actors with at most ``max_firms`` firm partners: a recruiting list for cluster organisations.

    The "broaden participation" step (Wilson 2020): these providers are
    untapped, so the cluster organisation brings them in (a member event, a
    skills project) rather than introducing them to firms one by one.

    Parameters
    ----------
    G : networkx.Graph
    region : str, optional
        Only providers of this region.
    max_firms : int
        Providers with at most this many firm partners are listed.

    Returns
    -------
    DataFrame
        Columns :data:`PROVIDER_COLUMNS`, by region, fewest firm partners
        first, then by id. ``recruiter`` is the cluster organisation of the
        provider's region (or sector) best placed to bring it in (highest
        brokerage total), empty when there is none (the reason says so).

    Examples
    --------
    >>> G = nx.Graph([("k", "f")]); G.add_node("v")
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm", "v": "vet"}, "type")
    >>> nx.set_node_attributes(G, "North", "region")
    >>> providers_to_bring_in(G)[["id", "recruiter", "n_firm_links"]].values.tolist()
    [['v', 'k', 0]]
    """
    G = actors_only(drop_self_loops(G))
    region = check_region(G, region)
    U = undirected(G)
    ctx = _introducers(G)
    rows = []
    for n in sorted(G.nodes, key=str):
        d = G.nodes[n]
        if d.get("type") not in EDUCATION_TYPES or (region is not None and d.get("region") != region):
            continue
        k = _firm_partners(G, U, n)
        if k > max_firms:
            continue
        options = ctx["by_region"].get(d.get("region")) or ctx["by_sector"].get(d.get("sector")) or []
        recruiter = options[0] if options else None
        deg = U.degree(n)
        why = "linked to nobody" if deg == 0 else f"{deg} link{'s' if deg != 1 else ''}, {('none', 'one')[k]} to a firm"
        why += (
            f"; {G.nodes[recruiter].get('name', recruiter)} can bring it into the cluster"
            if recruiter is not None
            else "; no cluster organisation in its region: the regional agency can bring it in"
        )
        rows.append(
            (
                d.get("region"),
                d.get("country"),
                d.get("sector"),
                n,
                d.get("name", n),
                d.get("type"),
                deg,
                k,
                recruiter,
                None if recruiter is None else G.nodes[recruiter].get("name", recruiter),
                why,
            )
        )
    df = pd.DataFrame(rows, columns=PROVIDER_COLUMNS, dtype=object)
    if len(df):
        df = df.astype({"n_links": int, "n_firm_links": int})
        df["_r"] = df["region"].astype(str)
        df = df.sort_values(["_r", "n_firm_links", "id"], kind="stable").drop(columns="_r").reset_index(drop=True)
    return df


def recommendations(suggestions: pd.DataFrame) -> pd.DataFrame:
    """The suggestions that may be shown as recommendations: score above zero and a way in.

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
    >>> s = pd.DataFrame({"score": [1.2, 0.0, 0.8], "broker": ["c", "c", None], "way_in": ["via c", "via c", None]})
    >>> len(recommendations(s))
    1
    """
    if not len(suggestions):
        return suggestions
    way = suggestions["way_in"].notna() if "way_in" in suggestions else suggestions["broker"].notna()
    ok = (suggestions["score"].astype(float) > 0) & way
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
    [['f2', True, 'v'], ['f1', False, 'v']]
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
            intro = (b.candidate, b.candidate_name, b.broker, b.broker_name, b.way_in, float(b.score), b.reason)
        else:
            why = (
                "no recommendation: no candidate scores above zero"
                if f.id in offered
                else "no recommendation: no education provider to suggest"
            )
            intro = (None, None, None, None, None, None, why)
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
