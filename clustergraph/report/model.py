"""The report's model: everything it shows, computed once, and the names of its files.

:class:`ReportData` is filled by :func:`clustergraph.report.build.collect` and
read by every writer of the report (the page sections of
:mod:`clustergraph.report.page`, the static picture, the tables, report.xlsx,
findings.txt), which only format and draw it; keeping it here lets the page and
the builder depend on the model rather than on each other. The key findings are
data (:class:`Finding`), so the page shows them as HTML and findings.txt as
plain text from the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from .._version import __version__
from ..analysis.gaps import GapReport
from ..analysis.skills import SkillsReport
from ..analysis.summary import Summary
from ..maps.model import MapModel
from ..metrics import MetricsResult
from .skills_section import SkillsView

#: Partner suggestions per firm written to suggestions.csv.
SUGGESTIONS_PER_FIRM = 5

#: Regions or countries shown one by one in the link matrices (the rest merged into "others").
TOP_GROUPS = 12

#: Projects with more partners than this are "giant consortia": the report says how much of "firms with
#: an education partner" comes only from them (co-participation among 188 partners is rarely work together).
LARGE_CONSORTIUM = 50

#: Name of the one explorer map (regions are ``map.html#region=<name>``).
MAP_FILE = "map.html"
REPORT_FILE = "report.html"
FINDINGS_FILE = "findings.txt"


@dataclass(frozen=True)
class FindingPart:
    """A piece of a finding's sentence; ``strong`` pieces are emphasised on the page."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Finding:
    """One key finding: its sentence in parts, and how much it calls for action.

    ``severity`` is ``"gap"`` (something to act on: firms or regions without an
    education partner, fragile actors) or ``"info"``.

    >>> Finding((FindingPart("3 of 5", strong=True), FindingPart(" firms"))).text
    '3 of 5 firms'
    """

    parts: tuple[FindingPart, ...]
    severity: str = "info"

    @property
    def text(self) -> str:
        """The finding as plain text."""
        return "".join(p.text for p in self.parts)


@dataclass(frozen=True)
class Picture:
    """The static picture: the map model of its view (actors drawn, greyed, laid out), computed once."""

    model: MapModel


@dataclass(frozen=True)
class TypologyCell:
    """One cell of the projects' typology grid: projects, timing mix, largest (names with partners)."""

    n: int
    mix: str
    largest: str


@dataclass(frozen=True)
class LargeConsortia:
    """How much of "firms with an education partner" comes only from projects above ``threshold`` partners.

    ``firms_only`` of the ``firms_linked`` firms (in scope) with an education partner have every one of
    their education partners only through the ``projects`` projects of more than ``threshold`` partners.
    With hub projects (``--hub-above``): ``hubs`` projects of more than ``hub_above`` partners are hub
    nodes, ``hub_actors`` actors (in scope) share one, and ``hub_firms`` firms without an education
    partner share one with an education partner (hub partners are not each other's partners in the
    gap analysis).
    """

    threshold: int
    projects: int
    firms_only: int
    firms_linked: int
    hubs: int = 0
    hub_above: int | None = None
    hub_actors: int = 0
    hub_firms: int = 0


@dataclass(frozen=True)
class ProjectsView:
    """The projects section's figures (:func:`clustergraph.report.projects_section.projects_view`)."""

    n: int  # projects in scope
    n_education: int  # of them bringing a VET provider or a university together with firms
    projection: str  # how links are weighted, in words
    high_helices: int
    high_partners: int
    scopes: list[str]  # column headings of the grid
    grid: list[tuple[str, list[TypologyCell]]]  # (row label, cells), high complexity first
    per_region: pd.DataFrame  # region, projects, local_education, largest


@dataclass
class ReportData:
    """Everything the report shows, computed once (see :func:`collect`)."""

    G: nx.Graph  # the network analysed (cut to ``until`` when given)
    scope: nx.Graph  # the actors the report is about (one region, or all)
    title: str
    region: str | None
    until: int | None
    seed: int
    metrics: MetricsResult
    actors: pd.DataFrame  # metrics.actors for the actors in scope
    groups: pd.DataFrame  # metrics.groups (regions in scope, communities touching it)
    mixing: pd.DataFrame
    summary: Summary  # of ``scope``
    link_summary: Summary | None  # of every link touching ``scope`` (outside partners too)
    gaps: GapReport
    suggestions: pd.DataFrame
    neediest: pd.DataFrame  # one row per firm without an education partner (analysis.suggest.neediest_first)
    yearly: pd.DataFrame
    provenance: dict
    steps: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.steps.step_indicators
    steps_history: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.steps.step_history
    step_moves: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.steps.step_moves of each one
    region_matrix: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.geography.link_matrix
    country_matrix: pd.DataFrame = field(default_factory=pd.DataFrame)
    partners_abroad: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.geography.partners_abroad
    region_years: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.geography.links_per_year
    links_leaving: int = 0  # links from the region to elsewhere (region report)
    region_maps: dict[str, str] = field(default_factory=dict)
    outputs: list[tuple[str, str]] = field(default_factory=list)  # (file, description)
    findings: list[Finding] = field(default_factory=list)  # report.findings.key_findings
    picture: Picture | None = None  # None above report.page.PICTURE_MAX actors
    projects: pd.DataFrame | None = None  # analysis.projects.project_metrics of every project (None: no projects)
    projects_view: ProjectsView | None = None  # the projects in scope (region, year)
    large_consortia: LargeConsortia | None = None  # None: no project above LARGE_CONSORTIUM partners
    skills: SkillsReport | None = None  # analysis.skills.analyse_skills (None: no skills table)
    skills_view: SkillsView | None = None  # report.skills_section.SkillsView of the needs in scope
    version: str = __version__
    run_date: str = ""

    @property
    def best_suggestions(self) -> pd.DataFrame:
        """The best recommended suggestion of each firm (drawn on the maps, listed in the gaps section).

        Suggestions scoring zero or less, or with nobody to make the introduction,
        are not recommendations (:func:`clustergraph.analysis.suggest.recommendations`).
        """
        from ..analysis.suggest import recommendations

        rec = recommendations(self.suggestions)
        return rec.sort_values("rank", kind="stable").drop_duplicates("firm").sort_index() if len(rec) else rec
