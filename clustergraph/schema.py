"""The data model: actor types, their aliases, link scopes and colours.

Everything else in clustergraph refers to these names, so a new actor type or
alias is added here and nowhere else.
"""

from __future__ import annotations

#: The canonical actor types: the triple helix (firms; education and research: vet, university,
#: rto; government), the cluster organisation, and ``other`` -- the fourth helix of civil
#: society (hospitals, foundations, NGOs, chambers, associations, investors) of the quadruple
#: helix reading (Carayannis & Campbell 2009). ``other`` counts for brokerage and centrality
#: like any type; it is neither a firm nor an education partner in the gap analysis.
ACTOR_TYPES: tuple[str, ...] = ("firm", "vet", "university", "rto", "government", "cluster_org", "other")

#: Human-readable labels for the canonical types (legends, reports).
TYPE_LABELS: dict[str, str] = {
    "firm": "Firm",
    "vet": "VET provider",
    "university": "University",
    "rto": "Research & technology org.",
    "government": "Government",
    "cluster_org": "Cluster organisation",
    "other": "Other (civil society)",
}

#: Aliases accepted in ``actors.csv`` (matched case-insensitively after trimming and
#: folding ``-``/``_``/repeated spaces to one space). Canonical names map to themselves.
TYPE_ALIASES: dict[str, str] = {
    # firms
    "firm": "firm",
    "company": "firm",
    "sme": "firm",
    "enterprise": "firm",
    "business": "firm",
    "start-up": "firm",
    "startup": "firm",
    "start up": "firm",
    "industry": "firm",
    # vocational education and training
    "vet": "vet",
    "vet provider": "vet",
    "vocational school": "vet",
    "vocational college": "vet",
    "training provider": "vet",
    # universities
    "university": "university",
    "higher education": "university",
    "hei": "university",
    "higher education institution": "university",
    "college": "university",
    # research and technology organisations
    "rto": "rto",
    "research centre": "rto",
    "research center": "rto",
    "technology centre": "rto",
    "technology center": "rto",
    "research institute": "rto",
    "research organisation": "rto",
    "research organization": "rto",
    # government
    "government": "government",
    "public authority": "government",
    "agency": "government",
    "municipality": "government",
    "ministry": "government",
    "regional government": "government",
    "local government": "government",
    # cluster organisations
    "cluster_org": "cluster_org",
    "cluster org": "cluster_org",
    "cluster organisation": "cluster_org",
    "cluster organization": "cluster_org",
    "cluster": "cluster_org",
    "cluster manager": "cluster_org",
    # the fourth helix: civil society and other organisations
    "other": "other",
    "civil society": "other",
    "ngo": "other",
    "non profit": "other",
    "nonprofit": "other",
    "association": "other",
    "trade association": "other",
    "foundation": "other",
    "chamber": "other",
    "chamber of commerce": "other",
    "hospital": "other",
    "investor": "other",
}

#: Types that count as education partners (skills providers).
EDUCATION_TYPES: frozenset[str] = frozenset({"vet", "university"})
#: Types that count as research partners.
RESEARCH_TYPES: frozenset[str] = frozenset({"rto", "university"})

#: Firm size classes accepted in the optional ``size`` column.
SIZES: tuple[str, ...] = ("micro", "small", "medium", "large")

#: Geographic scope of a link.
SCOPES: tuple[str, ...] = ("regional", "national", "international")

#: Colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design").
TYPE_COLOURS: dict[str, str] = {
    "firm": "#E69F00",  # orange
    "vet": "#56B4E9",  # sky blue
    "university": "#0072B2",  # blue
    "rto": "#009E73",  # bluish green
    "government": "#CC79A7",  # reddish purple
    "cluster_org": "#D55E00",  # vermillion
    "other": "#F0E442",  # yellow
}

#: Columns with a meaning in ``actors.csv``; any other column is kept as a node attribute.
ACTOR_REQUIRED: tuple[str, ...] = ("id", "name", "type")
ACTOR_OPTIONAL: tuple[str, ...] = ("region", "country", "sector", "size", "lat", "lon")
#: Columns with a meaning in ``links.csv``; any other column is kept as an edge attribute.
LINK_REQUIRED: tuple[str, ...] = ("source", "target")
LINK_OPTIONAL: tuple[str, ...] = ("type", "weight", "year", "scope")

#: Columns with a meaning in the skills table (``skills.csv`` or a sheet ``skills``; see
#: :mod:`clustergraph.io.skills`); any other column is kept.
SKILL_REQUIRED: tuple[str, ...] = ("actor", "skill", "kind")
SKILL_OPTIONAL: tuple[str, ...] = ("priority", "level", "year", "note")
#: The two kinds of a skills row and the words read as each (matched after folding).
SKILL_KINDS: dict[str, str] = {
    "need": "need",
    "needs": "need",
    "needed": "need",
    "demand": "need",
    "demands": "need",
    "want": "need",
    "wants": "need",
    "offer": "offer",
    "offers": "offer",
    "offered": "offer",
    "supply": "offer",
    "supplies": "offer",
    "provide": "offer",
    "provides": "offer",
}
#: Priorities of a need, highest first; ``1``-``3`` are read as high, medium, low.
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")

#: Years accepted in ``links.csv`` (inclusive).
YEAR_RANGE: tuple[int, int] = (1900, 2100)


def normalise_type(value: str) -> str | None:
    """Return the canonical actor type for ``value``, or None when it is unknown.

    Examples
    --------
    >>> normalise_type(" Vocational-School ")
    'vet'
    >>> normalise_type("bakery") is None
    True
    """
    key = " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())
    if key in TYPE_ALIASES:
        return TYPE_ALIASES[key]
    # "start-up" etc. were folded above; also accept the canonical underscore forms
    return TYPE_ALIASES.get(key.replace(" ", "_")) or TYPE_ALIASES.get(key.replace(" ", "-"))


#: Column synonyms: a header as people write it -> the canonical column, per table. Headers are
#: matched after :func:`clustergraph.lookup.fold` (case, accents, spaces) with ``_``/``-`` read as
#: spaces. A canonical name in the header always wins over a synonym; of several synonyms of one
#: column the first (left-most) is used and the others are kept as attributes. Each use is reported.
COLUMN_SYNONYMS: dict[str, dict[str, str]] = {
    "actors": {
        "actor id": "id",
        "member id": "id",
        "identifier": "id",
        "organisation": "name",
        "organization": "name",
        "organisation name": "name",
        "organization name": "name",
        "actor": "name",
        "actor name": "name",
        "member": "name",
        "member name": "name",
        "kind": "type",
        "category": "type",
        "actor type": "type",
        "organisation type": "type",
        "organization type": "type",
        "province": "region",
        "county": "region",
        "latitude": "lat",
        "longitude": "lon",
        "lng": "lon",
        "long": "lon",
    },
    "links": {
        "from": "source",
        "actor a": "source",
        "actor 1": "source",
        "organisation": "source",
        "organization": "source",
        "partner a": "source",
        "partner 1": "source",
        "source id": "source",
        "to": "target",
        "actor b": "target",
        "actor 2": "target",
        "partner": "target",
        "partner b": "target",
        "partner 2": "target",
        "target id": "target",
        "kind": "type",
        "category": "type",
        "relation": "type",
        "relationship": "type",
        "link type": "type",
        "tie type": "type",
        "strength": "weight",
        "intensity": "weight",
        "value": "weight",
        "date": "year",
    },
    "skills": {
        "id": "actor",
        "actor id": "actor",
        "name": "actor",
        "actor name": "actor",
        "member": "actor",
        "member id": "actor",
        "organisation": "actor",
        "organization": "actor",
        "firm": "actor",
        "skills": "skill",
        "skill name": "skill",
        "skill area": "skill",
        "competence": "skill",
        "competency": "skill",
        "type": "kind",
        "need or offer": "kind",
        "need offer": "kind",
        "need/offer": "kind",
        "direction": "kind",
        "importance": "priority",
        "urgency": "priority",
        "eqf": "level",
        "eqf level": "level",
        "date": "year",
        "notes": "note",
        "comment": "note",
        "comments": "note",
        "remarks": "note",
    },
    "skill_groups": {
        "skills": "skill",
        "skill name": "skill",
        "competence": "skill",
        "skill group": "group",
        "category": "group",
        "esco": "group",
        "esco group": "group",
        "taxonomy": "group",
    },
}

#: Headers read as ``year`` by taking the year out of a date (``2019-05-01``, ``01.05.2019``, an
#: Excel date cell).
DATE_COLUMNS: frozenset[str] = frozenset({"date"})

#: Sheet names of a workbook per table, in order of preference (matched after folding). The
#: ``participations`` (project, actor) and ``projects`` tables are read by :mod:`clustergraph.io.participations`.
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "actors": ("actors", "members", "organisations", "organizations", "stakeholders", "nodes"),
    "links": ("links", "partnerships", "collaborations", "relations", "relationships", "ties", "edges"),
    "participations": ("participations", "project partners", "consortia"),
    "projects": ("projects",),
    "skills": ("skills", "skills needs", "skill needs", "competences", "competencies"),
    "skill_groups": ("skill groups", "skill_groups", "groups"),
}

#: Link weights accepted (inclusive). Outside this range sums and products of weights in the
#: metrics (PageRank, constraint) lose precision or overflow, so such a weight is refused.
WEIGHT_RANGE: tuple[float, float] = (1e-9, 1e12)


def canonical_column(header: str, table: str) -> tuple[str, bool]:
    """The canonical column a ``header`` of table ``"actors"`` or ``"links"`` stands for.

    Returns ``(name, True)`` when ``header`` is a synonym, ``(folded header, False)`` otherwise.

    >>> canonical_column(" Actor_B ", "links"), canonical_column("Strength", "links")
    (('target', True), ('weight', True))
    >>> canonical_column("Type", "links"), canonical_column("Website", "actors")
    (('type', False), ('website', False))
    """
    from .lookup import fold

    key = fold(str(header).replace("_", " ").replace("-", " "))
    hit = COLUMN_SYNONYMS.get(table, {}).get(key)
    return (hit, True) if hit else (key, False)
