"""The main job: one offline HTML report for policy makers, plus every export (issue 6).

``build_report(G, "output/")`` (also ``clustergraph.report(G, "output/")``)
writes ``report.html`` with the interactive map, charts and tables, and beside
it the maps of each region, the metric tables, graph exports, gaps and partner
suggestions. Modules:

- :mod:`.build`: runs the analyses once and writes all files, all or nothing;
- :mod:`.timeline`: the network as it was up to a year, year-by-year figures;
- :mod:`.charts`: matplotlib charts as deterministic inline SVG;
- :mod:`.page`, :mod:`.html`, :mod:`.texts`: layout, escaping helpers, wording.
"""

from ..analysis.timeline import network_until, yearly_figures
from .build import build_report, collect, region_map_files, slug

__all__ = ["build_report", "collect", "network_until", "yearly_figures", "region_map_files", "slug"]
