"""What a load is asked to do, as one value: :class:`LoadOptions`.

The command line builds one from its flags (:func:`clustergraph.cli.common.input_options`) and
passes it to :func:`clustergraph.io.load`, which passes its :class:`~clustergraph.io.read.InputBudget`
to every :func:`~clustergraph.io.read.read_table` call. Nothing travels through a hidden channel.

>>> opts = LoadOptions(lenient=True)
>>> opts.replace(projection="count").projection, opts.budget.max_rows == InputBudget().max_rows
('count', True)
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from ..projection import DEFAULT_MAX_CONSORTIUM, PROJECTIONS
from .read import InputBudget

PathLike = str | os.PathLike


@dataclass(frozen=True)
class LoadOptions:
    """Options of one load of ``actors`` and ``links``.

    Attributes
    ----------
    directed : bool
        Read links as ``source -> target``.
    lenient : bool
        Drop bad rows (each one recorded) instead of raising.
    participations, projects : path-like, optional
        A further participations table (``project``, ``actor``) and a projects table.
    projection : {"newman", "count"}
        How shared projects weigh links.
    high_helices, high_partners : int
        Thresholds of high systemic complexity in the projects typology, kept in the loaded
        :class:`clustergraph.projection.ProjectData`.
    budget : InputBudget
        Limits on rows, cell size and file size of every table read.
    skills, skill_groups : path-like, optional
        A skills table (:mod:`clustergraph.io.skills`) and a table mapping skills to groups.
    max_consortium : int
        Refuse a project of more partners (``--max-consortium``, default
        :data:`clustergraph.projection.DEFAULT_MAX_CONSORTIUM`): its pairs would be millions of links.
    hub_above : int, optional
        Keep each project of more partners as one hub node linked to each partner instead of its
        pairs (``--hub-above``; :func:`clustergraph.projection.hub_projects`); None (default): every
        project is projected onto pairs.
    """

    directed: bool = False
    lenient: bool = False
    participations: PathLike | None = None
    projects: PathLike | None = None
    projection: str = "newman"
    high_helices: int = 3
    high_partners: int = 10
    budget: InputBudget = field(default_factory=InputBudget)
    skills: PathLike | None = None
    skill_groups: PathLike | None = None
    max_consortium: int = DEFAULT_MAX_CONSORTIUM
    hub_above: int | None = None

    def __post_init__(self) -> None:
        if self.projection not in PROJECTIONS:
            raise ValueError(f"projection must be one of {', '.join(PROJECTIONS)}, not {self.projection!r}")
        for name in ("high_helices", "high_partners", "max_consortium"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
        h = self.hub_above
        if h is not None and (isinstance(h, bool) or not isinstance(h, int) or h < 2):
            raise ValueError(f"hub_above must be a whole number of at least 2, or None, not {h!r}")

    def replace(self, **changes: Any) -> LoadOptions:
        """A copy with ``changes``; keywords given as ``None`` keep this object's value."""
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **given) if given else self
