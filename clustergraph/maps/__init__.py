"""Interactive, offline HTML maps of the ecosystem (vis-network through pyvis).

``ecosystem_map(G, "output/map.html")`` writes one self-contained HTML file:
vis-network's JavaScript and CSS are inlined from the copy bundled with pyvis,
nothing is loaded from the internet, and the legend, filters, search and
physics switch are plain inline JavaScript.

Modules: :mod:`.views` (what is shown), :mod:`.layout` (seeded positions),
:mod:`.measures` (node sizes, tooltip metrics), :mod:`.render` (the pyvis
network and its options), :mod:`.offline` (the self-contained page),
:mod:`.ecosystem` (the public function).
"""

from .ecosystem import LARGE_MAP, ecosystem_map, select_view
from .ecosystem import ecosystem_network as network
from .views import aggregate_view, ego_view, full_view, region_view

__all__ = [
    "ecosystem_map",
    "network",
    "select_view",
    "LARGE_MAP",
    "aggregate_view",
    "ego_view",
    "full_view",
    "region_view",
]
