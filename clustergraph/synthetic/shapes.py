"""Generated networks of other shapes than :func:`clustergraph.synthetic.generate`, for benchmarks and tests.

The cost of the centrality estimators depends on the shape of the network (its
diameter, how evenly shortest paths spread), not only on its size, so the
benchmarks (``benchmarks/shapes_bench.py``) and the estimator tests run on
several shapes of the same size:

``regional``
    Actors in regions of :data:`REGION_SIZE` (250) actors; a share ``inside``
    (0.8) of the links joins two actors of one region, the rest two actors
    anywhere: what regional project data gives.
``projects``
    The links of project consortia (every pair of partners, a clique), with
    heavy-tailed consortium sizes: most 2-10 partners, a few 100-200.
``scalefree``
    Preferential attachment (Barabási & Albert 1999): each new actor links to
    ``m`` earlier ones chosen in proportion to their degree, so a few hubs
    have thousands of partners.

Every generator returns ``(actors, links)`` in the schema of ``data/actors.csv`` and
``data/links.csv`` (:func:`clustergraph.synthetic.write_tables` writes them) and is
vectorised and deterministic for a given seed.

>>> actors, links = regional(1_000, seed=1)
>>> len(actors), len(links), links.columns.tolist()
(1000, 4986, ['source', 'target', 'weight'])

References
----------
Barabási, A.-L. and Albert, R. (1999). Emergence of scaling in random networks.
*Science* 286: 509-512.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Actors per region of :func:`regional` and of the actor tables of every shape.
REGION_SIZE: int = 250
#: The shapes, by name, for ``shape(name, n)``.
SHAPES: tuple[str, ...] = ("regional", "projects", "scalefree")


def shape_actors(n: int, *, seed: int = 0, region_size: int = REGION_SIZE) -> pd.DataFrame:
    """``n`` actors: ids ``S000000``..., types drawn with the shares of ``synthetic.TYPE_SHARES``.

    Actor ``i`` is in region ``i // region_size`` (three regions a country).

    >>> shape_actors(500)["region"].nunique()
    2
    """
    from . import SECTORS, TYPE_SHARES

    rng = np.random.default_rng(seed)
    types = np.array(list(TYPE_SHARES))
    shares = np.array(list(TYPE_SHARES.values()))
    t = types[rng.choice(len(types), size=n, p=shares / shares.sum())]
    region = np.arange(n) // region_size
    ids = np.char.add("S", np.char.zfill(np.arange(n).astype(str), 6))
    return pd.DataFrame(
        {
            "id": ids.astype(object),
            "name": np.char.add(np.char.add(np.char.capitalize(t.astype(str)), " "), np.arange(n).astype(str)).astype(
                object
            ),
            "type": t.astype(object),
            "region": np.char.add("R", np.char.zfill(region.astype(str), 3)).astype(object),
            "country": np.char.add("C", np.char.zfill((region // 3).astype(str), 2)).astype(object),
            "sector": np.array(SECTORS, dtype=object)[rng.integers(0, len(SECTORS), n)],
        }
    )


def _links_frame(actors: pd.DataFrame, u: np.ndarray, v: np.ndarray, weight: np.ndarray | None = None) -> pd.DataFrame:
    ids = actors["id"].to_numpy(dtype=object)
    keep = u != v
    w = np.ones(int(keep.sum())) if weight is None else weight[keep]
    return pd.DataFrame({"source": ids[u[keep]], "target": ids[v[keep]], "weight": w})


def regional(
    n: int = 10_000,
    *,
    links_per_actor: float = 5.0,
    inside: float = 0.8,
    region_size: int = REGION_SIZE,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Regions of ``region_size`` actors, a share ``inside`` of the links within a region.

    ``round(n * links_per_actor)`` links are drawn (self-links dropped; a repeated pair
    merges into one weighted link when the graph is built): one end uniformly among
    all actors, the other in the same region with probability ``inside``, anywhere
    otherwise.

    >>> actors, links = regional(1_000, seed=2)
    >>> same = actors.set_index("id")["region"]
    >>> share = (same[links["source"]].to_numpy() == same[links["target"]].to_numpy()).mean()
    >>> bool(0.82 < share < 0.87)  # 0.8 inside, plus a quarter of the 0.2 drawn anywhere (4 regions)
    True
    """
    rng = np.random.default_rng(seed)
    actors = shape_actors(n, seed=seed, region_size=region_size)
    m = int(round(n * links_per_actor))
    u = rng.integers(0, n, m)
    start = (u // region_size) * region_size
    size = np.minimum(start + region_size, n) - start
    local = start + (rng.random(m) * size).astype(np.int64)
    v = np.where(rng.random(m) < inside, local, rng.integers(0, n, m))
    return actors, _links_frame(actors, u, v)


def consortium_sizes(n_projects: int, *, seed: int = 0, big_share: float = 0.004) -> np.ndarray:
    """Heavy-tailed consortium sizes: most 2-10 partners (geometric), a share ``big_share`` 100-200.

    >>> s = consortium_sizes(10_000, seed=1)
    >>> int(s.min()), bool(np.median(s) <= 5), int((s >= 100).sum()) > 10
    (2, True, True)
    """
    rng = np.random.default_rng(seed)
    sizes = np.minimum(2 + rng.geometric(0.35, n_projects) - 1, 10)
    big = rng.random(n_projects) < big_share
    sizes[big] = rng.integers(100, 201, int(big.sum()))
    return sizes.astype(np.int64)


def projects(
    n: int = 10_000,
    *,
    links_per_actor: float = 5.0,
    big_share: float = 0.004,
    region_size: int = REGION_SIZE,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pairwise links of project consortia (cliques) with :func:`consortium_sizes`.

    Projects are added until about ``n * links_per_actor`` pairs are made; partners
    are drawn in proportion to a log-normal activity (many actors in one project,
    a few in very many), 70 % of a project's partners from one region. Each pair of
    partners is one link of weight ``1/(size-1)`` (Newman 2001, as
    :func:`clustergraph.projection.project_links`).

    >>> actors, links = projects(2_000, seed=1)
    >>> bool(8_000 < len(links) < 25_000), bool(links["weight"].min() >= 1 / 199)
    (True, True)
    """
    rng = np.random.default_rng(seed)
    actors = shape_actors(n, seed=seed, region_size=region_size)
    target = int(round(n * links_per_actor))
    sizes_all = consortium_sizes(max(16, target), seed=seed, big_share=big_share)
    pairs = np.cumsum(sizes_all * (sizes_all - 1) // 2)
    sizes = sizes_all[: int(np.searchsorted(pairs, target)) + 1]
    activity = rng.lognormal(0.0, 1.0, n)
    cdf = np.cumsum(activity) / activity.sum()
    total = int(sizes.sum())
    anywhere = np.minimum(np.searchsorted(cdf, rng.random(total)), n - 1)
    project = np.repeat(np.arange(len(sizes)), sizes)
    home = anywhere[np.searchsorted(np.cumsum(sizes) - sizes, np.arange(len(sizes)))]
    start = (home // region_size) * region_size
    local = np.minimum(start[project] + (rng.random(total) * region_size).astype(np.int64), n - 1)
    member = np.where(rng.random(total) < 0.7, local, anywhere)
    # every pair of one project's partners (a repeated draw of one actor gives a dropped self-link)
    offsets = np.cumsum(sizes) - sizes
    us, vs, ws = [], [], []
    for s in np.unique(sizes):
        which = np.flatnonzero(sizes == s)
        iu, ju = np.triu_indices(int(s), 1)
        block = member[offsets[which][:, None] + np.arange(s)]
        us.append(block[:, iu].ravel())
        vs.append(block[:, ju].ravel())
        ws.append(np.full(len(which) * len(iu), 1.0 / (s - 1)))
    return actors, _links_frame(actors, np.concatenate(us), np.concatenate(vs), np.concatenate(ws))


def scalefree(n: int = 10_000, *, m: int = 5, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Preferential attachment: actor ``i`` links to ``m`` earlier actors drawn in proportion to degree.

    Drawn by the repeated-ends method (Batagelj & Brandes 2005): an end chosen
    uniformly among the ends of the links made so far is an actor chosen in
    proportion to its degree. About ``m * n`` links; the first ``m + 1`` actors
    form a clique.

    >>> actors, links = scalefree(2_000, seed=1)
    >>> degree = pd.concat([links["source"], links["target"]]).value_counts()
    >>> bool(degree.max() > 100), bool(degree.median() < 10)
    (True, True)
    """
    rng = np.random.default_rng(seed)
    actors = shape_actors(n, seed=seed)
    m = max(1, min(m, n - 1))
    ends = np.empty(2 * m * n, dtype=np.int64)
    iu, ju = np.triu_indices(m + 1, 1)
    k = len(iu)
    ends[0 : 2 * k : 2], ends[1 : 2 * k : 2] = iu, ju
    filled = 2 * k
    draws = rng.random((n, m))
    for i in range(m + 1, n):
        picks = ends[(draws[i] * filled).astype(np.int64)]
        ends[filled : filled + 2 * m : 2] = i
        ends[filled + 1 : filled + 2 * m : 2] = picks
        filled += 2 * m
    u, v = ends[0:filled:2], ends[1:filled:2]
    return actors, _links_frame(actors, u, v)


def shape(name: str, n: int, *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The generator of :data:`SHAPES` called ``name``, for ``n`` actors and about ``5 n`` links.

    >>> [len(shape(s, 500, seed=1)[0]) for s in SHAPES]
    [500, 500, 500]
    """
    if name == "regional":
        return regional(n, seed=seed)
    if name == "projects":
        return projects(n, seed=seed)
    if name == "scalefree":
        return scalefree(n, seed=seed)
    raise ValueError(f"unknown shape {name!r}; use one of {', '.join(SHAPES)}")
