"""Projects and participations: the project tables and their projection onto links.

Collaboration data often comes as *projects with participants* (EU framework
programmes, Erasmus+, Interreg, a cluster organisation's own joint projects).
The actor network is the one-mode projection of that two-mode (bipartite)
network: two actors are linked when they share a project. How much a shared
project weighs is a choice:

``newman`` (default)
    Each project of ``n`` partners adds ``1/(n-1)`` to the weight of each pair of
    its partners, so every partner receives a total of 1 from each project
    whatever its size (Newman, M. E. J. (2001), "Scientific collaboration
    networks. II. Shortest paths, weighted networks, and centrality",
    *Phys. Rev. E* 64, 016132). A 30-partner consortium adds 435 pairs of
    weight 1/29 instead of 435 links of weight 1: mega-projects are kept, but
    they no longer swamp the weighted measures. Unweighted measures (degree,
    betweenness) still see every pair.
``count``
    Each shared project adds 1.

A projected link's ``year`` is the first start year of the projects it comes
from, its ``type`` the programmes of those projects, ``projects`` their ids
(``;``-joined) and ``n_projects`` their number. Single-partner projects add no
link but stay projects ("acting alone" in the typology of
:mod:`clustergraph.analysis.projects`).

The projection is vectorised (numpy): one million participations in 200,000
projects project in seconds (``benchmarks/projection_bench.py``).

Hub projects (``--hub-above N``)
--------------------------------
A project of more than ``N`` partners is not expanded into its ``n(n-1)/2`` pairs: it becomes
one *hub* node (:func:`hub_projects`; id ``project:<project id>``, type ``project``, attribute
``hub=True``, ``partners`` its size) linked to each partner by a link of weight 1. Components and
reachability are those of the clique; distances through the project take two steps instead of
one, and the hub takes the betweenness of the pairs it stands for (README, "Projects"). Hubs are
not actors: :func:`clustergraph.graph.actors_only` drops them for the actor-level analyses.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

#: Largest consortium :func:`project_links` projects by default (``--max-consortium``): a project of
#: ``n`` partners makes ``n(n-1)/2`` pairs (2,000 partners: 2 million; 5,000: 12.5 million, several GB on
#: the way to a graph), while real consortia reach 188 partners (CORDIS) and 84 (Erasmus+).
DEFAULT_MAX_CONSORTIUM: int = 2_000

#: Node type and id prefix of a hub project (:func:`hub_projects`).
HUB_TYPE: str = "project"
HUB_PREFIX: str = "project:"

#: Weightings accepted by :func:`project_links`.
PROJECTIONS: tuple[str, ...] = ("newman", "count")

#: Columns of the projects table (``id`` required) and of the participations table.
PROJECT_COLUMNS: tuple[str, ...] = ("id", "title", "acronym", "programme", "start", "end", "budget")
PARTICIPATION_COLUMNS: tuple[str, ...] = ("project", "actor", "role", "year", "type")


@dataclass
class ProjectData:
    """The projects of an ecosystem, kept beside the graph in ``G.graph["projects"]``.

    Attributes
    ----------
    projects : DataFrame
        One row per project: ``id``, ``title``, ``acronym``, ``programme``,
        ``start``, ``end`` (``Timestamp`` or NaT; a year alone is read as 1 January
        for a start and 31 December for an end), ``budget`` (float), ``start_year``
        (Int64: from ``start``, else the first participation ``year``).
    participations : DataFrame
        ``project``, ``actor`` and, when given, ``role``, ``year``, ``type``.
    projection : str
        The weighting used (see :data:`PROJECTIONS`).
    high_helices, high_partners : int
        Thresholds of high systemic complexity in the typology of
        :mod:`clustergraph.analysis.projects` (``--high-helices``, ``--high-partners``).
    hubs : DataFrame or None
        The hub projects (``--hub-above``; :func:`hub_projects`): ``node`` (the hub's node id),
        ``project``, ``name``, ``partners``; None when no hub was asked for or none is that large.
    hub_above : int or None
        The ``--hub-above`` threshold of the load (None: every project projected onto pairs).
    """

    projects: pd.DataFrame
    participations: pd.DataFrame
    projection: str = "newman"
    high_helices: int = 3
    high_partners: int = 10
    hubs: pd.DataFrame | None = None
    hub_above: int | None = None

    def __str__(self) -> str:  # what a GraphML/GEXF export writes for G.graph["projects"]
        return (
            f"{len(self.projects)} projects, {len(self.participations)} participations ({self.projection} projection)"
        )


def project_data(G: nx.Graph) -> ProjectData | None:
    """The :class:`ProjectData` of ``G``, or None when it was built from links only.

    >>> project_data(nx.Graph()) is None
    True
    """
    data = G.graph.get("projects")
    return data if isinstance(data, ProjectData) else None


def project_links(
    participations: pd.DataFrame,
    projects: pd.DataFrame | None = None,
    *,
    method: str = "newman",
    max_consortium: int | None = DEFAULT_MAX_CONSORTIUM,
    file: str = "participations",
) -> pd.DataFrame:
    """Project participations onto weighted links between actors.

    Parameters
    ----------
    participations : DataFrame
        Columns ``project`` and ``actor`` (one row per actor and project; an actor
        listed twice in a project must have been rejected before).
    projects : DataFrame, optional
        Columns ``id`` and optionally ``programme`` and ``start_year``: the link
        ``type`` and ``year``.
    method : {"newman", "count"}
        ``newman``: each project of ``n`` partners adds ``1/(n-1)`` to each pair
        (Newman 2001, Phys. Rev. E 64, 016132); ``count``: each shared project adds 1.
    max_consortium : int or None
        Refuse (:class:`~clustergraph.errors.InputError`, exit 2 in the CLI) a project of more
        partners, before any pair is made, naming the project, its size and
        ``--max-consortium`` (default :data:`DEFAULT_MAX_CONSORTIUM`); None: no limit.
    file : str
        The participations file, named in that message.

    Returns
    -------
    DataFrame
        ``source``, ``target`` (``source`` the actor listed first), ``weight``,
        ``n_projects``, ``year`` (Int64, first start year), ``type`` (the
        programme, a tuple when several, None when unknown), ``projects``
        (``;``-joined ids in order of first appearance).

    Examples
    --------
    >>> p = pd.DataFrame({"project": ["P1", "P1", "P1", "P2", "P2"], "actor": ["a", "b", "c", "a", "b"]})
    >>> links = project_links(p)
    >>> links[["source", "target", "weight", "projects"]].values.tolist()
    [['a', 'b', 1.5, 'P1;P2'], ['a', 'c', 0.5, 'P1'], ['b', 'c', 0.5, 'P1']]
    >>> project_links(p, method="count")["weight"].tolist()
    [2.0, 1.0, 1.0]
    """
    if method not in PROJECTIONS:
        raise ValueError(f"unknown projection {method!r}; use one of {', '.join(PROJECTIONS)}")
    columns = ["source", "target", "weight", "n_projects", "year", "type", "projects"]
    pcode, pids = pd.factorize(participations["project"], sort=False)
    acode, aids = pd.factorize(participations["actor"], sort=False)
    if len(pcode) == 0:
        return pd.DataFrame(columns=columns)
    n_actors = len(aids)
    # participations grouped by project, projects in order of first appearance
    order = np.argsort(pcode, kind="stable")
    pc, ac = pcode[order], acode[order].astype(np.int64)
    sizes = np.bincount(pc, minlength=len(pids))
    if max_consortium is not None:
        check_consortia(pids, sizes, max_consortium, file)
    start_of = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    local = np.arange(len(pc)) - start_of[pc]
    # element k pairs with the later members of its project: size - 1 - local of them
    n_pairs = (sizes[pc] - 1 - local).astype(np.int64)
    total = int(n_pairs.sum())
    if total == 0:
        return pd.DataFrame(columns=columns)
    left = np.repeat(np.arange(len(pc), dtype=np.int64), n_pairs)
    first_pair = np.cumsum(n_pairs) - n_pairs
    right = left + 1 + (np.arange(total, dtype=np.int64) - np.repeat(first_pair, n_pairs))
    del first_pair
    u, v = ac[left], ac[right]
    proj = pc[left]
    del left, right
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    del u, v
    key = lo * n_actors + hi
    del lo, hi
    # group the (pair, project) incidences by pair; stable keeps projects in order
    srt = np.argsort(key, kind="stable")
    key, proj = key[srt], proj[srt]
    del srt
    bounds = np.flatnonzero(np.diff(key)) + 1
    starts = np.concatenate(([0], bounds))
    counts = np.diff(np.concatenate((starts, [len(key)])))
    pair = key[starts]
    src, dst = pair // n_actors, pair % n_actors

    per_project = 1.0 / np.maximum(sizes - 1, 1) if method == "newman" else np.ones(len(pids))
    weight = np.add.reduceat(per_project[proj], starts)

    # per-project year and programme
    year_of = np.full(len(pids), np.iinfo(np.int64).max, dtype=np.int64)
    programme_of = np.full(len(pids), None, dtype=object)
    if projects is not None and len(projects):
        meta = projects.drop_duplicates("id").set_index("id")
        idx = pd.Index(pids)
        if "start_year" in meta:
            ys = meta["start_year"].reindex(idx)
            known = ys.notna().to_numpy()
            year_of[known] = ys[known].astype(np.int64).to_numpy()
        if "programme" in meta:
            progs = meta["programme"].reindex(idx).to_numpy(dtype=object)
            has = np.fromiter((isinstance(p, str) and p != "" for p in progs), dtype=bool, count=len(progs))
            programme_of[has] = progs[has]
    first_year = np.minimum.reduceat(year_of[proj], starts)
    years = pd.array(np.where(first_year == np.iinfo(np.int64).max, 0, first_year), dtype="Int64")
    years[first_year == np.iinfo(np.int64).max] = pd.NA

    pid_text = np.asarray(pids.astype(str), dtype=object)
    proj_text = pid_text[proj[starts]]
    ptype = programme_of[proj[starts]]
    multi = np.flatnonzero(counts > 1)
    for g in multi:  # pairs sharing several projects (few): join their ids and programmes
        members = proj[starts[g] : starts[g] + counts[g]]
        proj_text[g] = ";".join(pid_text[members])
        progs = sorted({p for p in programme_of[members] if p is not None})
        ptype[g] = None if not progs else progs[0] if len(progs) == 1 else tuple(progs)
    aid_text = np.asarray(aids.astype(str), dtype=object)
    return pd.DataFrame(
        {
            "source": aid_text[src],
            "target": aid_text[dst],
            "weight": weight,
            "n_projects": counts,
            "year": years,
            "type": ptype,
            "projects": proj_text,
        },
        columns=columns,
    )


def check_consortia(project_ids, sizes: np.ndarray, max_consortium: int, file: str = "participations") -> None:
    """Raise :class:`~clustergraph.errors.InputError` naming every project of more than ``max_consortium`` partners.

    >>> check_consortia(pd.Index(["P1", "BIG"]), np.array([3, 5]), 4)
    Traceback (most recent call last):
    ...
    clustergraph.errors.InputError: 1 problem in the input:
      - participations: project BIG has 5 partners, more than --max-consortium 4 (its 10 partner pairs would each become a link); check the file, raise --max-consortium (real consortia have up to a few hundred partners), or keep such projects as one hub node each with --hub-above N
    """
    from .errors import InputError, Problem

    big = np.flatnonzero(sizes > max_consortium)
    if not len(big):
        return
    order = big[np.argsort(-sizes[big], kind="stable")]
    problems = []
    for i in order[:20].tolist():
        size = int(sizes[i])
        problems.append(
            Problem(
                file,
                None,
                None,
                f"project {project_ids[i]} has {size:,} partners, more than --max-consortium {max_consortium:,} "
                f"(its {size * (size - 1) // 2:,} partner pairs would each become a link); check the file, "
                "raise --max-consortium (real consortia have up to a few hundred partners), or keep such "
                "projects as one hub node each with --hub-above N",
            )
        )
    if len(order) > 20:
        problems.append(Problem(file, None, None, f"... and {len(order) - 20} more projects above --max-consortium"))
    raise InputError(problems)


def hub_projects(
    participations: pd.DataFrame,
    projects: pd.DataFrame | None,
    hub_above: int,
    actor_ids,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Keep each project of more than ``hub_above`` partners as one hub node instead of its pairs.

    A project of ``n`` partners projected as a clique makes ``n(n-1)/2`` links (5,000 partners:
    12.5 million); as a hub (a star) it makes ``n``. The hub's node id is ``project:<id>``
    (:data:`HUB_PREFIX`), with one more ``:`` after ``project`` until no actor has such an id, so a
    hub can never take an actor's place; its name is the project's acronym, else its title, else
    its id.

    Parameters
    ----------
    participations : DataFrame
        Columns ``project`` and ``actor`` (validated).
    projects : DataFrame, optional
        The projects table (``id``, ``acronym``, ``title``, ``programme``, ``start_year``).
    hub_above : int
        Projects of more partners become hubs.
    actor_ids : collection of str
        The actors' ids (a hub id never equals one).

    Returns
    -------
    (participations, hubs, links) : DataFrames
        The participations of the other projects (to :func:`project_links`); one row per hub
        (``node``, ``project``, ``name``, ``partners``), largest first; and one link per hub and
        partner (``source`` the partner, ``target`` the hub, ``weight`` 1, ``n_projects`` 1,
        ``year`` the project's start year, ``type`` its programme, ``projects`` its id).

    Examples
    --------
    >>> p = pd.DataFrame({"project": ["BIG"] * 4 + ["P2"] * 2, "actor": ["a", "b", "c", "d", "a", "b"]})
    >>> rest, hubs, links = hub_projects(p, None, 3, {"a", "b", "c", "d", "project:BIG"})
    >>> len(rest), hubs[["node", "partners"]].values.tolist(), links["target"].unique().tolist()
    (2, [['project::BIG', 4]], ['project::BIG'])
    """
    sizes = participations.groupby("project", sort=False).size()
    big = sizes[sizes > hub_above].sort_values(ascending=False, kind="stable")
    hub_cols = ["node", "project", "name", "partners"]
    link_cols = ["source", "target", "weight", "n_projects", "year", "type", "projects"]
    if not len(big):
        return participations, pd.DataFrame(columns=hub_cols), pd.DataFrame(columns=link_cols)
    pids = [str(p) for p in big.index]
    taken = {str(a) for a in actor_ids}
    prefix = HUB_PREFIX
    while any(prefix + p in taken for p in pids):
        prefix = prefix[:-1] + "::"
    meta = projects.drop_duplicates("id").set_index("id") if projects is not None and len(projects) else None

    def known(pid, column):
        if meta is None or column not in meta or pid not in meta.index:
            return None
        value = meta.at[pid, column]
        return value if isinstance(value, str) and value.strip() else None

    names = [known(p, "acronym") or known(p, "title") or p for p in big.index]
    hubs = pd.DataFrame(
        {"node": [prefix + p for p in pids], "project": pids, "name": names, "partners": big.to_numpy(dtype=np.int64)},
        columns=hub_cols,
    )
    is_hub = participations["project"].isin(set(big.index)).to_numpy()
    members = participations[is_hub]
    node_of = dict(zip(big.index, hubs["node"]))
    year = pd.array([pd.NA] * len(members), dtype="Int64")
    ptype = np.full(len(members), None, dtype=object)
    if meta is not None:
        if "start_year" in meta:
            year = pd.array(members["project"].map(meta["start_year"]), dtype="Int64")
        if "programme" in meta:
            progs = members["project"].map(meta["programme"]).to_numpy(dtype=object)
            ptype = np.asarray([x if isinstance(x, str) and x != "" else None for x in progs], dtype=object)
    links = pd.DataFrame(
        {
            "source": members["actor"].astype(str).to_numpy(dtype=object),
            "target": members["project"].map(node_of).to_numpy(dtype=object),
            "weight": 1.0,
            "n_projects": 1,
            "year": year,
            "type": ptype,
            "projects": members["project"].astype(str).to_numpy(dtype=object),
        },
        columns=link_cols,
    )
    return participations[~is_hub], hubs, links
