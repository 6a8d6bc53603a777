"""Interactive, offline HTML maps of the ecosystem (vis-network through pyvis, or WebGL).

``ecosystem_map(G, "output/map.html")`` writes one self-contained HTML file:
vis-network's JavaScript and CSS (vendored from npm, with their licence) are
inlined, nothing is loaded from the internet, and the legend, filters, search
and physics switch come from the page template and ``static/explorer.js``.

The seam between computing and rendering: :func:`build_map_model` computes a
:class:`MapModel` once (view, sizes, tooltips, Leiden communities of the
metrics, layout, legend) from a :class:`MapOptions`; every writer is a pure
function of it (:func:`write_map`, :func:`clustergraph.maps.render.vis_network`,
:func:`clustergraph.maps.static_picture.picture_from_model`).

Modules: :mod:`.options` (the options), :mod:`.views` (what is shown),
:mod:`.layout` (seeded positions), :mod:`.measures` (node sizes, tooltip
metrics), :mod:`.model` (the view model), :mod:`.render` (the pyvis network),
:mod:`.offline` and :mod:`.templating` (the page), :mod:`.static_picture`,
:mod:`.ecosystem` (the public functions).
"""

from .ecosystem import LARGE_MAP, ecosystem_map, select_view, write_map
from .ecosystem import ecosystem_network as network
from .model import MapEdge, MapModel, MapNode, build_map_model
from .options import MapOptions
from .views import aggregate_view, ego_view, full_view, region_view

__all__ = [
    "ecosystem_map",
    "build_map_model",
    "write_map",
    "MapModel",
    "MapNode",
    "MapEdge",
    "MapOptions",
    "network",
    "select_view",
    "LARGE_MAP",
    "aggregate_view",
    "ego_view",
    "full_view",
    "region_view",
]
