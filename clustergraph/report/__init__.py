"""The main job: one offline HTML report for policy makers, plus every export (issue 6).

``build_report(G, "output/")`` (also ``clustergraph.report(G, "output/")``)
writes ``report.html`` with the static picture, charts and tables, and beside
it the interactive map (``map.html``, one page with a region menu), the metric
tables, graph exports, gaps, partner suggestions, ``report.xlsx`` and
``findings.txt``. Modules:

- :mod:`.build`: :func:`collect` computes everything once into a
  :class:`~.model.ReportData`; :func:`build_report` writes all files from it,
  all or nothing;
- :mod:`.model`: the typed view model (:class:`~.model.ReportData`, findings,
  picture, projects);
- :mod:`.findings`: the key findings as records, and their plain text;
- :mod:`.page`, :mod:`.projects_section`, :mod:`.blocks`: one view model per
  section, drawn by the Jinja2 templates in ``clustergraph/templates/report/``
  (:mod:`clustergraph.templates`); :mod:`.page` says how to add a section;
- :mod:`.charts`: matplotlib charts as deterministic inline SVG, in the shared
  figure style of :mod:`clustergraph.style`;
- :mod:`.texts`: the wording (headings, reading notes, definitions).

The network as it was up to a year and the year-by-year figures come from
:mod:`clustergraph.analysis.timeline` (re-exported here).
"""

from ..analysis.timeline import network_until, yearly_figures
from .build import build_report, collect, region_map_files, slug

__all__ = ["build_report", "collect", "network_until", "yearly_figures", "region_map_files", "slug"]
