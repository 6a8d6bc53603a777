"""The skills layer of a map: who needs and who offers which skill, for the page's skill filter.

A small, separate part of the :class:`~clustergraph.maps.model.MapModel` (its ``skills``
field), built once from the skills table the graph was loaded with
(:mod:`clustergraph.io.skills`); the page draws it with ``static/skills.js``, which hooks into
the explorer through ``window.cgMap.mark`` and the ``cg:applied`` event (see explorer.js).

A need is *met* as in :mod:`clustergraph.analysis.skills`: the actor is linked to an actor
offering the skill.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from ..lookup import fold

#: File name of the skill filter's script (``clustergraph/maps/static``).
SKILLS_JS = "skills.js"


@dataclass(frozen=True)
class MapSkills:
    """The skills of the actors a map shows.

    ``names``: the skills, most needed first. ``needs``: actor id -> ((skill index, met,
    priority or ""), ...); ``offers``: actor id -> (skill index, ...).
    """

    names: tuple[str, ...]
    needs: dict[str, tuple[tuple[int, bool, str], ...]]
    offers: dict[str, tuple[int, ...]]

    def payload(self) -> dict:
        """The page data (``data.skills``): lists only, keyed by nothing a user typed.

        >>> MapSkills(("welding",), {"f": ((0, False, "high"),)}, {"u": (0,)}).payload()
        {'names': ['welding'], 'actors': [['f', [[0, 0, 'high']], []], ['u', [], [0]]]}
        """
        ids = sorted(set(self.needs) | set(self.offers))
        return {
            "names": list(self.names),
            "actors": [
                [i, [[k, int(m), p] for k, m, p in self.needs.get(i, ())], list(self.offers.get(i, ()))] for i in ids
            ],
        }


def map_skills(G: nx.Graph, shown: Iterable[str]) -> MapSkills | None:
    """The skills layer of the actors ``shown`` (ids), or None when ``G`` has no skills table.

    Examples
    --------
    >>> import pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> G = nx.Graph([("f", "u")]); G.add_node("g")
    >>> t = pd.DataFrame({"actor": ["f", "g", "u"], "skill": ["welding"] * 3,
    ...                   "kind": ["need", "need", "offer"], "priority": ["high", None, None]})
    >>> G.graph["skills"] = SkillsData(t)
    >>> s = map_skills(G, ["f", "g", "u"])
    >>> s.names, s.needs["f"], s.needs["g"], s.offers["u"]
    (('welding',), ((0, True, 'high'),), ((0, False, ''),), (0,))
    """
    from ..io.skills import skills_data

    data = skills_data(G)
    if data is None:
        return None
    keep = {str(n) for n in shown}
    table = data.table
    table = table[table["actor"].astype(str).isin(keep)]
    if not len(table):
        return MapSkills((), {}, {})
    need_rows = table[table["kind"] == "need"]
    count = need_rows["skill"].value_counts()
    names = sorted(set(table["skill"]), key=lambda s: (-int(count.get(s, 0)), fold(s)))
    index = {s: k for k, s in enumerate(names)}
    offerers: dict[str, set] = {}
    for a, s in zip(data.offers["actor"], data.offers["skill"]):
        offerers.setdefault(s, set()).add(a)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    needs: dict[str, list] = {}
    for a, s, p in zip(need_rows["actor"], need_rows["skill"], need_rows["priority"]):
        met = a in U and any(b != a and b in offerers.get(s, ()) for b in U.neighbors(a))
        needs.setdefault(str(a), []).append((index[s], bool(met), p if isinstance(p, str) else ""))
    offers: dict[str, list] = {}
    for a, s in zip(table.loc[table["kind"] == "offer", "actor"], table.loc[table["kind"] == "offer", "skill"]):
        offers.setdefault(str(a), []).append(index[s])
    return MapSkills(
        tuple(names),
        {a: tuple(sorted(set(v))) for a, v in needs.items()},
        {a: tuple(sorted(set(v))) for a, v in offers.items()},
    )
