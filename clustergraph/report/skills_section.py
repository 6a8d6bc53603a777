"""The report section "Skills needs and who can meet them": a typed view of the skills analysis.

Shown only when the ecosystem was loaded with a skills table. :func:`skills_view` computes once
what the section shows (:mod:`clustergraph.analysis.skills`): the region x skill matrix as a heat
map (each cell: needs met of needs, shaded by the share unmet), the unmet needs with high
priority first with the best provider and the introducer, the offers nobody needs, and one
sentence for the key findings. The template renders it with autoescaping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.skills import NO_REGION, SkillsReport
from ..lookup import fold

ANCHOR = "skills"
HEADING = "Skills needs and who can meet them"
#: Skills shown as columns of the heat map (the most needed), and rows of the unmet list.
MAX_SKILLS = 12
MAX_UNMET = 15

HOW_TO_READ_SKILLS = (
    "A need of a member is met when the member is linked to an organisation that offers the skill; "
    "otherwise it is unmet. Each cell gives the needs met out of the needs of the region's members "
    "(darker: more unmet; grey: nobody in the region needs it), and how many organisations offer the "
    "skill in the region and elsewhere. Every need is in skill_needs.csv, the matrix in skills_matrix.csv."
)

#: Shading of a cell by its share of unmet needs: from white (all met) to Okabe-Ito vermillion.
_LIGHT, _DARK = (255, 255, 255), (213, 94, 0)


def shade(unmet_share: float | None) -> str:
    """The cell colour for a share of unmet needs (None: nobody needs it, grey).

    >>> shade(0.0), shade(1.0), shade(None)
    ('#ffffff', '#d55e00', '#eeeeee')
    """
    if unmet_share is None:
        return "#eeeeee"
    t = min(max(float(unmet_share), 0.0), 1.0)
    rgb = (round(a + (b - a) * t) for a, b in zip(_LIGHT, _DARK))
    return "#" + "".join(f"{c:02x}" for c in rgb)


@dataclass(frozen=True)
class HeatCell:
    """One region x skill cell."""

    needs: int
    met: int
    providers_in_region: int
    providers_elsewhere: int
    colour: str
    dark: bool  # white text on a dark cell

    @property
    def label(self) -> str:
        return f"{self.met}/{self.needs}" if self.needs else "–"

    @property
    def title(self) -> str:
        return (
            f"{self.met} of {self.needs} needs met; {self.providers_in_region} providers in the region, "
            f"{self.providers_elsewhere} elsewhere"
        )


@dataclass(frozen=True)
class UnmetNeed:
    """An unmet need with its best provider and introducer."""

    name: str
    region: str
    skill: str
    priority: str
    provider: str
    provider_region: str
    introducer: str


@dataclass
class SkillsView:
    """What the skills section shows."""

    finding: str | None
    n_needs: int
    n_met: int
    skills: list[str]
    rows: list[tuple[str, list[HeatCell]]]
    unmet: list[UnmetNeed]
    n_unmet: int
    idle: list[tuple[str, str, str]] = field(default_factory=list)
    more_skills: int = 0


def skills_view(report: SkillsReport, *, region: str | None = None) -> SkillsView:
    """The figures of the skills section (``region``: only that region's needs and rows).

    Examples
    --------
    >>> import networkx as nx, pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> from clustergraph.analysis.skills import analyse_skills
    >>> G = nx.Graph([("f", "u")]); G.add_node("g")
    >>> nx.set_node_attributes(G, "R", "region")
    >>> t = pd.DataFrame({"actor": ["f", "g", "u"], "skill": ["welding"] * 3,
    ...                   "kind": ["need", "need", "offer"], "priority": ["high", "high", None]})
    >>> v = skills_view(analyse_skills(G, SkillsData(t)))
    >>> v.rows[0][1][0].label, v.unmet[0].name, v.unmet[0].provider
    ('1/2', 'g', 'u')
    """
    needs, matrix = report.needs, report.matrix
    if region is not None:
        needs = needs[needs["region"] == region]
        matrix = matrix[matrix["region"] == region]
    totals = matrix.groupby("skill")["needs"].sum() if len(matrix) else None
    skills = sorted(set(matrix["skill"]), key=lambda s: (-int(totals[s]) if totals is not None else 0, fold(s)))
    shown = skills[:MAX_SKILLS]
    index = matrix.set_index(["region", "skill"]) if len(matrix) else None
    rows = []
    for reg in dict.fromkeys(matrix["region"]):
        cells = []
        for s in shown:
            if index is not None and (reg, s) in index.index:
                r = index.loc[(reg, s)]
                nd, mt = int(r["needs"]), int(r["met"])
                pin, pout = int(r["providers_in_region"]), int(r["providers_elsewhere"])
            else:
                nd = mt = pin = 0
                pout = int(report.matrix.loc[report.matrix["skill"] == s, "providers_in_region"].sum())
            share = (nd - mt) / nd if nd else None
            cells.append(HeatCell(nd, mt, pin, pout, shade(share), share is not None and share > 0.6))
        rows.append((str(reg), cells))
    open_needs = needs[~needs["met"].astype(bool)]
    unmet = [
        UnmetNeed(
            str(r.name),
            str(r.region) if r.region is not None else NO_REGION,
            str(r.skill),
            str(r.priority or ""),
            str(r.suggested).split("; ")[0] if r.suggested else "nobody offers it",
            str(r.suggested_region or ""),
            str(r.broker or ""),
        )
        for r in open_needs.head(MAX_UNMET).itertuples(index=False)
    ]
    idle = [(str(r.name), str(r.region or ""), str(r.skill)) for r in report.idle.itertuples(index=False)]
    if region is not None:
        idle = [i for i in idle if i[1] == region]
    return SkillsView(
        finding=report.finding(),
        n_needs=len(needs),
        n_met=int(needs["met"].sum()) if len(needs) else 0,
        skills=shown,
        rows=rows,
        unmet=unmet,
        n_unmet=len(open_needs),
        idle=idle,
        more_skills=max(0, len(skills) - len(shown)),
    )
