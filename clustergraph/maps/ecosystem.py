"""The public map function: options in, model built once, the offline page written."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from .model import (
    LARGE_MAP,
    MAX_MAP_ACTORS,
    MAX_MAP_LINKS,
    OPEN_GROUPED,
    WEBGL_FROM,
    MapModel,
    build_map_model,
    select_view,
)
from .offline import asset_names, write_assets, write_page
from .options import LAYOUTS, RENDERERS, MapOptions

#: Folder (beside the page) of the shared JavaScript/CSS with ``shared_assets=True``.
ASSETS_DIR = "assets"

__all__ = [
    "ASSETS_DIR",
    "LARGE_MAP",
    "LAYOUTS",
    "MAX_MAP_ACTORS",
    "MAX_MAP_LINKS",
    "OPEN_GROUPED",
    "RENDERERS",
    "WEBGL_FROM",
    "ecosystem_map",
    "ecosystem_network",
    "select_view",
    "write_map",
]


def _options(options: MapOptions | None, keywords: dict) -> MapOptions:
    if options is not None and keywords:
        raise TypeError("give either options=MapOptions(...) or the option keywords, not both")
    return options if options is not None else MapOptions.from_keywords(**keywords)


def ecosystem_network(
    G: nx.Graph,
    options: MapOptions | None = None,
    *,
    metrics: pd.DataFrame | None = None,
    flagged=None,
    suggestions: pd.DataFrame | None = None,
    communities=None,
    **keywords,
):
    """The pyvis network of a map and its model (for notebooks; see :func:`ecosystem_map`).

    Returns
    -------
    (pyvis.network.Network, MapModel)
    """
    from .render import vis_network

    model = build_map_model(
        G,
        _options(options, keywords),
        metrics=metrics,
        flagged=flagged,
        suggestions=suggestions,
        communities=communities,
    )
    return vis_network(model), model


def write_map(model: MapModel, path) -> Path:
    """Write the explorer page of ``model`` to ``path`` (atomically); with the model's
    ``shared_assets`` option the scripts go once into ``assets/`` beside it."""
    assets = None
    if model.options.shared_assets:
        write_assets(Path(path).parent / ASSETS_DIR, asset_names(model))
        assets = ASSETS_DIR
    return write_page(model, path, assets=assets)


def ecosystem_map(
    G: nx.Graph,
    path,
    options: MapOptions | None = None,
    *,
    metrics: pd.DataFrame | None = None,
    flagged=None,
    suggestions: pd.DataFrame | None = None,
    communities=None,
    **keywords,
) -> Path:
    """Write an interactive, self-contained (offline) HTML map of the ecosystem.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`clustergraph.load` or :func:`clustergraph.graph.build_graph`.
    path : path-like
        The HTML file to write (folders are created; written atomically).
    options : MapOptions, optional
        How the map is drawn: :class:`clustergraph.maps.options.MapOptions` (``size_by``,
        ``region``/``ego``/``radius``/``aggregate``, ``title``, ``seed``, ``physics``,
        ``force_full``, ``shared_assets``, ``layout``, ``renderer``,
        ``suggestions_in_views``; documented there). The same names are accepted as
        keywords (``ecosystem_map(G, p, size_by="degree")``), validated the same way.
    metrics : DataFrame, optional
        Actor metrics (``clustergraph.metrics(G).actors``): sizes, tooltips and communities;
        computed when missing (only what the map needs).
    flagged : iterable of str, optional
        Actors flagged by gap analysis (drawn with a thick black ring).
    suggestions : DataFrame, optional
        Suggested partnerships, columns ``firm`` and ``candidate`` (dashed magenta edges).
    communities : mapping, optional
        Actor id -> community; default the Leiden communities of the metrics (same seed).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    ValueError
        A seed that is not an integer from 0 (:func:`clustergraph.randomness.check_seed`).

    Examples
    --------
    >>> from clustergraph.graph import build_graph
    >>> from clustergraph.synthetic import sample_ecosystem
    >>> import tempfile, pathlib
    >>> G = build_graph(*sample_ecosystem())
    >>> out = ecosystem_map(G, pathlib.Path(tempfile.mkdtemp()) / "map.html", size_by="degree")
    >>> out.read_text(encoding="utf-8").count('src="http')
    0

    To draw the same map twice (a page and a static picture), build the model once with
    :func:`clustergraph.maps.model.build_map_model` and call :func:`write_map` and
    :func:`clustergraph.maps.static_picture.picture_from_model`.

    References
    ----------
    Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make
    figures and presentations that are friendly to colorblind people.
    vis-network (https://visjs.github.io/vis-network/), through pyvis.
    """
    model = build_map_model(
        G,
        _options(options, keywords),
        metrics=metrics,
        flagged=flagged,
        suggestions=suggestions,
        communities=communities,
    )
    return write_map(model, path)
