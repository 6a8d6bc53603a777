"""The explorer map inline in a notebook: ``clustergraph.map(G)`` without a path (issue 28).

:func:`inline_map` writes the same self-contained explorer page as
:func:`clustergraph.maps.ecosystem_map` (to a temporary file, removed at once) and returns an
:class:`InlineMap`, whose ``_repr_html_`` embeds the page in a sandboxed ``<iframe srcdoc>``:
Jupyter, VS Code and JupyterLab show the map beside the DataFrames, offline, with its scripts
kept apart from the notebook's own page.

>>> from clustergraph.synthetic import sample_ecosystem
>>> from clustergraph.graph import build_graph
>>> m = inline_map(build_graph(*sample_ecosystem()), seed=1)
>>> m._repr_html_().startswith("<iframe")
True
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import networkx as nx

from ..files.atomic import atomic_write_text


class InlineMap:
    """An explorer page held in memory; shown inline by notebooks (``_repr_html_``).

    Parameters
    ----------
    page : str
        The self-contained HTML page of the map.
    height : int
        Height of the frame in pixels (its width follows the notebook's).
    """

    def __init__(self, page: str, *, height: int = 640) -> None:
        self.page = page
        self.height = int(height)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" title="clustergraph map" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
            'sandbox="allow-scripts" loading="lazy"></iframe>'
        )

    def save(self, path) -> Path:
        """Write the page to ``path`` (atomically); it opens in any browser, offline."""
        return atomic_write_text(path, self.page)

    def __repr__(self) -> str:
        return f"<InlineMap: {len(self.page):,} characters; show it in a notebook or .save(path)>"


def inline_map(G: nx.Graph, options=None, *, height: int = 640, **keywords) -> InlineMap:
    """The explorer map of ``G`` for a notebook (options as for :func:`clustergraph.maps.ecosystem_map`)."""
    from .ecosystem import ecosystem_map

    keywords.pop("shared_assets", None)  # inline means self-contained
    with tempfile.TemporaryDirectory(prefix="clustergraph-inline-") as tmp:
        path = ecosystem_map(G, Path(tmp) / "map.html", options, **keywords)
        return InlineMap(Path(path).read_text(encoding="utf-8"), height=height)
