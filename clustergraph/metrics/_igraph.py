"""Optional fast path through python-igraph (a compiled C graph library).

python-igraph is a declared dependency, but every metric also works with
networkx alone: callers ask :func:`available` and fall back to networkx when
it says no. Setting the environment variable ``CLUSTERGRAPH_NO_IGRAPH=1``
forces the networkx path (used by the tests to check both paths agree).

Every igraph result used by clustergraph is rescaled to networkx's definition
by the caller; this module only converts graphs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import networkx as nx

from ._sparse import edge_arrays

try:  # pragma: no cover - exercised implicitly
    import igraph as _ig
except ImportError:  # pragma: no cover
    _ig = None


def available() -> bool:
    """True when python-igraph is importable and not disabled by ``CLUSTERGRAPH_NO_IGRAPH``."""
    return _ig is not None and os.environ.get("CLUSTERGRAPH_NO_IGRAPH", "") in ("", "0")


def edge_index_list(G: nx.Graph, nodes: Sequence) -> list[tuple[int, int]]:
    """The edges of ``G`` as ``(i, j)`` positions in ``nodes``, in ``G.edges()`` order, self-loops left out."""
    u, v, _ = edge_arrays(G, nodes)
    return list(zip(u.tolist(), v.tolist()))


def to_igraph(G: nx.Graph, nodes: Sequence | None = None, edges: list[tuple[int, int]] | None = None):
    """Convert ``G`` to an :class:`igraph.Graph` without attributes.

    Vertex ``i`` is ``nodes[i]`` (default ``list(G)``); edge ``e`` is the
    ``e``-th non-loop edge of ``G.edges()``. Directedness is kept. ``edges``:
    :func:`edge_index_list` of ``G`` and ``nodes`` when the caller has it already.

    Examples
    --------
    >>> g = to_igraph(nx.path_graph(3))
    >>> g.vcount(), g.ecount(), g.is_directed()
    (3, 2, False)
    """
    if _ig is None:  # pragma: no cover
        raise RuntimeError("python-igraph is not installed")
    nodes = list(G) if nodes is None else list(nodes)
    if edges is None:
        edges = edge_index_list(G, nodes)
    return _ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
