"""Write metric results for researchers: CSV tables, JSON, GraphML and GEXF.

Files written by :func:`write_metrics` (each atomically, see :mod:`clustergraph.files.atomic`):

======================  ===========  ====================================================
file                    format       content
======================  ===========  ====================================================
``actors_metrics.csv``  ``csv``      one row per actor, columns
                                     :data:`clustergraph.metrics.ACTOR_COLUMNS`
``groups_metrics.csv``  ``csv``      critical mass per group (column ``by`` = grouping)
``mixing_matrix.csv``   ``csv``      links between each pair of actor types
``bridges.csv``         ``csv``      links whose loss splits a component
``metrics.json``        ``json``     summary, approximations (sample size, seed),
                                     column list, groups and mixing matrix
``graph.graphml``       ``graphml``  the graph, every actor metric as a node attribute
``graph.gexf``          ``gexf``     the same for Gephi (node ``label`` = actor name)
======================  ===========  ====================================================

In the graph files list attributes (link ``types``, ``years``) are joined with
``";"``, missing values (None, NaN) are left out and links carry ``is_bridge``.
An attribute whose values are all booleans is typed ``boolean``, all integers
``long``, all numbers ``double``, anything else ``string`` (every value then
written as text). The two files are streamed to disk by small writers here
rather than by networkx's ``write_graphml``/``write_gexf``, which build the
whole XML tree in memory first (about 4 GiB for 100,000 actors with their
metrics) and take several times longer; the tests read them back with
networkx's readers.

**Spreadsheet safety.** A CSV cell starting with ``=``, ``+``, ``-``, ``@``
(or a tab or carriage return) is run as a formula by Excel and LibreOffice,
which an actor name like ``=HYPERLINK(...)`` could abuse (OWASP "CSV
injection"). :func:`~clustergraph.files.guard.safe_csv` prefixes such *text* cells, and header cells, with
a single quote ``'``; numbers, including negative numbers, stay numbers.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..files.atomic import atomic_write_text
from ..files.guard import CSV_DIALECTS, FORMULA_PREFIXES, neutralise, safe_csv  # noqa: F401  (re-exported)
from .graphfiles import _native, attribute_records, graph_with_metrics, write_gexf, write_graphml  # noqa: F401

#: Formats accepted by :func:`write_metrics`.
FORMATS: tuple[str, ...] = ("csv", "json", "graphml", "gexf")


#: Significant digits of every float clustergraph writes in its metric tables, graph files,
#: workbooks and JSON (:func:`rounded`, :func:`json_safe`). Sums of many floats (PageRank's
#: power iteration, betweenness over worker processes) can differ in the last bits between
#: runs; 12 digits are far beyond any meaning of these measures and make the same input and
#: seed give byte-identical files.
OUTPUT_DIGITS = 12


def _round_significant(values: np.ndarray, digits: int = OUTPUT_DIGITS) -> np.ndarray:
    out = values.astype(float, copy=True)
    finite = np.isfinite(out) & (out != 0)
    if finite.any():
        decimals = digits - 1 - np.floor(np.log10(np.abs(out[finite]))).astype(int)
        chosen = out[finite]
        for d in np.unique(decimals):
            mask = decimals == d
            chosen[mask] = np.round(chosen[mask], int(d))
        out[finite] = chosen
    return out


def rounded(df: pd.DataFrame, digits: int = OUTPUT_DIGITS) -> pd.DataFrame:
    """``df`` with every float column rounded to ``digits`` significant digits (the one output precision).

    >>> rounded(pd.DataFrame({"x": [0.1 + 0.2, 1 / 3, 0.0], "n": [1, 2, 3]})).to_dict("list")
    {'x': [0.3, 0.333333333333, 0.0], 'n': [1, 2, 3]}
    """
    floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
    if not floats:
        return df
    out = df.copy()
    for c in floats:
        out[c] = _round_significant(out[c].to_numpy(dtype=float), digits)
    return out


def json_safe(obj):
    """``obj`` with every value JSON can hold: NaN/inf -> None, numpy -> Python, keys -> text.

    >>> json_safe({1: [float("nan"), 2]})
    {'1': [None, 2]}
    """
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    value = _native(obj) if not isinstance(obj, str) else obj
    if isinstance(value, float) and math.isfinite(value) and value:
        value = float(f"{value:.{OUTPUT_DIGITS}g}")  # the output precision (OUTPUT_DIGITS)
    return value + 0.0 if isinstance(value, float) else value  # -0.0 -> 0.0


def records(df: pd.DataFrame) -> list[dict]:
    """The rows of ``df`` as JSON-safe dicts (the one JSON records writer of clustergraph).

    >>> records(pd.DataFrame({"a": [1.5, float("nan")]}))
    [{'a': 1.5}, {'a': None}]
    """
    return [{str(k): json_safe(v) for k, v in row.items()} for row in df.to_dict("records")]


#: Above this many records in one list, a JSON document is written one record per line.
JSON_LINE_FROM = 5_000


def json_text(doc: dict) -> str:
    """``doc`` as the text of a JSON file (the one JSON document writer of clustergraph).

    Indented two spaces; a list of more than :data:`JSON_LINE_FROM` items is written one item
    per line instead (``json``'s indenting encoder is pure Python: 4.5 s for the 100 MB
    ``gaps.json`` of 100,000 actors; one compact item a line is the C encoder, and still
    readable and diffable line by line). NaN and infinity are refused (:func:`json_safe` first).

    >>> print(json_text({"a": 1, "rows": [{"x": 1}]}))
    {
      "a": 1,
      "rows": [
        {
          "x": 1
        }
      ]
    }
    <BLANKLINE>
    >>> json_text({"rows": [{"x": i} for i in range(JSON_LINE_FROM + 1)]}).splitlines()[:3]
    ['{', '  "rows": [', '    {"x": 0},']
    """
    dump = lambda v, **kw: json.dumps(v, ensure_ascii=False, allow_nan=False, **kw)
    long = {k for k, v in doc.items() if isinstance(v, list) and len(v) > JSON_LINE_FROM}
    if not long:
        return dump(doc, indent=2) + "\n"
    parts = []
    for k, v in doc.items():
        if k in long:
            body = ",\n".join("    " + dump(item) for item in v)
            parts.append(f"  {dump(str(k))}: [\n{body}\n  ]")
        else:
            parts.append(f"  {dump(str(k))}: " + dump(v, indent=2).replace("\n", "\n  "))
    return "{\n" + ",\n".join(parts) + "\n}\n"


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"csv,json"`` -> ``("csv", "json")``; unknown names raise :class:`InputError`.

    >>> parse_formats("CSV, gexf")
    ('csv', 'gexf')
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = tuple(dict.fromkeys(s.strip().lower() for s in items if s.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(f"Unknown output format {', '.join(bad) or '(none)'}: choose from {', '.join(FORMATS)}.")
    return formats


def write_metrics(
    result,
    G: nx.Graph,
    outdir,
    formats: Iterable[str] = FORMATS,
    *,
    progress: Callable[[str], None] | None = None,
    guard: bool = True,
    dialect: str = "plain",
    excel: bool = False,
    projects: pd.DataFrame | None = None,
    skills=None,
) -> list[Path]:
    """Write a :class:`~clustergraph.metrics.MetricsResult` to ``outdir``.

    Parameters
    ----------
    result : clustergraph.metrics.MetricsResult
    G : networkx.Graph
        The graph the result was computed on.
    outdir : path-like
        Output folder (created when missing).
    formats : iterable of str
        Any of ``"csv"``, ``"json"``, ``"graphml"``, ``"gexf"``.
    progress : callable, optional
        Called with each format name before its files are written.
    guard, dialect :
        The formula guard and CSV dialect of :func:`safe_csv`.
    excel : bool
        Also write ``metrics.xlsx`` (:func:`clustergraph.export.workbook.write_workbook`).
    projects : DataFrame, optional
        :func:`clustergraph.analysis.projects.project_metrics` of ``G`` when the caller has it
        (the report computes it once); else computed here, once, when ``G`` was loaded with
        participations. Written to ``projects_metrics.csv`` and the workbook.
    skills : SkillsReport, optional
        :func:`clustergraph.analysis.skills.analyse_skills` of ``G`` when the caller has it
        (the report); else computed here when ``G`` was loaded with a skills table.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of the table in the module docstring.

    Examples
    --------
    >>> import tempfile
    >>> from clustergraph.metrics import compute
    >>> G = nx.Graph([("f", "v")]); nx.set_node_attributes(G, {"f": "firm", "v": "vet"}, "type")
    >>> paths = write_metrics(compute(G, by=("type",), progress=False), G, tempfile.mkdtemp(), ["csv"])
    >>> [p.name for p in paths]
    ['actors_metrics.csv', 'groups_metrics.csv', 'mixing_matrix.csv', 'bridges.csv']
    """
    formats = parse_formats(formats)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    step = progress or (lambda name: None)
    # one output precision for every format (OUTPUT_DIGITS): same input and seed, same bytes
    actors, groups, bridges = rounded(result.actors), rounded(result.groups), rounded(result.bridges)
    if projects is None and ("csv" in formats or excel):
        projects = _project_table(G)
    skills = skills if skills is not None else _skills_report(G)
    from ..metrics import _pool  # here, not at import: the metrics package imports igraph (and matplotlib)

    # GraphML and GEXF format the same attributes: once for both
    shared = attribute_records(G, actors, bridges) if {"graphml", "gexf"} <= set(formats) else None
    # on large graphs the GEXF file is written by a second process meanwhile (the same bytes)
    gexf = (
        _start_gexf(G, outdir / "graph.gexf", actors, bridges, shared)
        if "gexf" in formats and len(formats) > 1
        else None
    )
    try:
        written += _write_tables(
            result, G, outdir, formats, step, guard, dialect, actors, groups, bridges, projects, skills, shared
        )
        if "gexf" in formats:
            step("gexf")
            path = outdir / "graph.gexf"
            written.append(
                write_gexf(G, path, actors, bridges, records=shared)
                if gexf is None
                else _pool.finish(gexf, lambda: write_gexf(G, path, actors, bridges, records=shared))
            )
    except BaseException:  # an error or an interruption: no orphan writer
        if gexf is not None:
            _pool.stop_pool(gexf[0])
        raise
    if excel:
        from .workbook import write_workbook

        written.append(
            write_workbook(
                outdir / "metrics.xlsx",
                actors=actors,
                groups=groups,
                projects=None if projects is None else rounded(projects),
                extra={"Bridges": bridges, **_skill_sheets(skills)},
                guard=guard,
                directed=G.is_directed(),
            )
        )
    return written


#: From this many actors plus links, :func:`write_metrics` writes the GEXF file in a second process
#: while this one writes the other formats (on 100,000 actors and 500,000 links GEXF alone takes
#: about 10 CPU seconds, as long as the CSV, JSON and GraphML files together).
PARALLEL_GEXF_MIN: int = 20_000


def _start_gexf(G: nx.Graph, path: Path, actors: pd.DataFrame, bridges: pd.DataFrame, records=None):
    """``(pool, future)`` of a forked process writing ``path``, or None (small graph, one CPU, no fork)."""
    from ..metrics import _pool

    if G.number_of_nodes() + G.number_of_edges() < PARALLEL_GEXF_MIN:
        return None
    return _pool.start_forked(functools.partial(write_gexf, records=records), G, path, actors, bridges)


def _write_tables(result, G, outdir, formats, step, guard, dialect, actors, groups, bridges, projects, skills, shared):
    """The CSV, JSON and GraphML files of :func:`write_metrics`, in that order."""
    written: list[Path] = []
    if "csv" in formats:
        step("csv")
        written.append(safe_csv(actors, outdir / "actors_metrics.csv", guard=guard, dialect=dialect))
        written.append(safe_csv(groups, outdir / "groups_metrics.csv", guard=guard, dialect=dialect))
        mixing = result.mixing.copy()
        mixing.index.name = mixing.index.name or "type"
        written.append(safe_csv(mixing, outdir / "mixing_matrix.csv", index=True, guard=guard, dialect=dialect))
        written.append(safe_csv(bridges, outdir / "bridges.csv", guard=guard, dialect=dialect))
        if projects is not None:  # loaded with participations: one row per project too
            written.append(safe_csv(rounded(projects), outdir / "projects_metrics.csv", guard=guard, dialect=dialect))
        if skills is not None:  # loaded with a skills table: needs, matrix, idle offers
            written += write_skill_files(skills, outdir, guard=guard, dialect=dialect)
    if "json" in formats:
        step("json")
        from .._version import __version__

        doc = {
            "clustergraph_version": __version__,
            "inputs": input_files(G),
            "summary": json_safe(result.summary),
            "actor_columns": [str(c) for c in actors.columns],
            "column_definitions": _column_definitions(result),
            "groups": records(groups),
            "mixing_matrix": {
                str(r): {str(c): json_safe(v) for c, v in row.items()} for r, row in result.mixing.iterrows()
            },
        }
        if skills is not None:
            doc["skills"] = skills_json(skills)
        written.append(atomic_write_text(outdir / "metrics.json", json_text(doc)))
    if "graphml" in formats:
        step("graphml")
        written.append(write_graphml(G, outdir / "graph.graphml", actors, bridges, records=shared))
    return written


def _project_table(G: nx.Graph) -> pd.DataFrame | None:
    """One row per project when ``G`` was loaded with participations, else None."""
    from ..projection import project_data

    pdata = project_data(G)
    if pdata is None:
        return None
    from ..analysis.projects import project_metrics

    return project_metrics(G, pdata)


# --------------------------------------------------------------------------- skills

#: Files written by :func:`write_skill_files`.
SKILL_FILES: tuple[str, ...] = ("skill_needs.csv", "skills_matrix.csv", "skills_idle.csv")

#: Columns of ``skill_needs.csv``, in order (the first nine as issue 23 names them).
NEEDS_FILE_COLUMNS: list[str] = [
    "actor",
    "name",
    "region",
    "skill",
    "priority",
    "met",
    "met_by",
    "suggested",
    "broker",
    "level",
    "met_by_ids",
    "suggested_ids",
    "suggested_region",
    "broker_id",
    "reason",
]

#: Workbook sheet names of the skills tables.
SKILL_SHEETS: dict[str, str] = {"needs": "Skill needs", "matrix": "Skills matrix", "idle": "Skills nobody needs"}


def needs_file_frame(needs: pd.DataFrame) -> pd.DataFrame:
    """The needs table with the columns of ``skill_needs.csv`` in their order."""
    return needs[[c for c in NEEDS_FILE_COLUMNS if c in needs.columns]]


def write_skill_files(report, outdir, *, guard: bool = True, dialect: str = "plain") -> list[Path]:
    """Write :data:`SKILL_FILES` for a :class:`clustergraph.analysis.skills.SkillsReport`.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> from clustergraph.io.skills import SkillsData
    >>> from clustergraph.analysis.skills import analyse_skills
    >>> G = nx.Graph([("f", "u")])
    >>> t = pd.DataFrame({"actor": ["f", "u"], "skill": ["welding"] * 2, "kind": ["need", "offer"],
    ...                   "priority": ["high", None]})
    >>> [p.name for p in write_skill_files(analyse_skills(G, SkillsData(t)), tempfile.mkdtemp())]
    ['skill_needs.csv', 'skills_matrix.csv', 'skills_idle.csv']
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    frames = (needs_file_frame(report.needs), report.matrix, report.idle)
    return [safe_csv(f, out / name, guard=guard, dialect=dialect) for f, name in zip(frames, SKILL_FILES)]


def skill_sheets(report) -> dict[str, pd.DataFrame]:
    """Sheet name -> table, for :func:`clustergraph.export.workbook.write_workbook` ``extra``."""
    return {
        SKILL_SHEETS["needs"]: needs_file_frame(report.needs),
        SKILL_SHEETS["matrix"]: report.matrix,
        SKILL_SHEETS["idle"]: report.idle,
    }


def skills_json(report) -> dict:
    """The ``skills`` entry of ``metrics.json``: summary, finding, merges, the region x skill matrix."""
    return {
        "summary": json_safe(report.summary()),
        "finding": report.finding(),
        "merges": list(report.data.merges),
        "hints": list(report.data.hints),
        "matrix": records(report.matrix),
        "idle_offers": records(report.idle),
    }


def _skills_report(G: nx.Graph):
    """The skills analysis of ``G`` when it was loaded with a skills table, else None."""
    from ..io.skills import skills_data

    if skills_data(G) is None:
        return None
    from ..analysis.skills import analyse_skills

    return analyse_skills(G)


def _skill_sheets(skills) -> dict:
    return {} if skills is None else skill_sheets(skills)


def input_files(G: nx.Graph) -> list[dict]:
    """The input files of ``G`` (name, size in bytes, SHA-256) from its load provenance.

    >>> input_files(nx.Graph())
    []
    """
    prov = G.graph.get("provenance") or {}
    return [
        {
            "table": key,
            "file": prov[key].get("file"),
            "bytes": prov[key].get("bytes"),
            "sha256": prov[key].get("sha256"),
        }
        for key in ("actors", "links", "skills")
        if isinstance(prov.get(key), dict)
    ]


def _column_definitions(result) -> dict[str, str]:
    """Definition of each actor column for the result's link mode (metrics.COLUMN_DEFINITIONS)."""
    from ..metrics import column_definitions

    defs = column_definitions(bool(result.summary.get("directed")))
    return {str(c): defs.get(str(c), "") for c in result.actors.columns}


#: Files written by :func:`write_gap_files`.
GAP_FILES: tuple[str, ...] = ("gaps.csv", "suggestions.csv", "gaps.json")


def write_gap_files(
    gaps,
    suggestions: pd.DataFrame,
    outdir,
    *,
    region: str | None = None,
    cluster_org: str | None = None,
    guard: bool = True,
    dialect: str = "plain",
    excel: bool = False,
) -> list[Path]:
    """Write ``gaps.csv``, ``suggestions.csv`` and ``gaps.json`` (the gaps command and the report).

    Parameters
    ----------
    gaps : clustergraph.analysis.gaps.GapReport
    suggestions : DataFrame
        :func:`clustergraph.analysis.suggest.suggest_partners` output.
    outdir : path-like
        Folder (created when missing); each file is written atomically.
    region, cluster_org : str, optional
        Recorded in ``gaps.json``.
    guard, dialect :
        The formula guard and CSV dialect of :func:`safe_csv`.
    excel : bool
        Also write ``gaps.xlsx`` (gaps and suggestions sheets with definitions).

    Returns
    -------
    list of pathlib.Path
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    sugg = suggestions.round(6)
    safe_csv(gaps.to_frame(), out / "gaps.csv", guard=guard, dialect=dialect)
    safe_csv(sugg, out / "suggestions.csv", guard=guard, dialect=dialect)
    doc = {
        "summary": json_safe(gaps.summary()),
        "region": region,
        "cluster_org": cluster_org,
        "firms": records(gaps.firms),
        "groups": records(gaps.groups),
        "untapped": records(gaps.untapped),
        "fragile": records(gaps.fragile),
        "cluster_org_load": records(gaps.load),
        "cluster_org_gaps": records(gaps.cluster_org),
        "suggestions": records(sugg),
    }
    atomic_write_text(out / "gaps.json", json_text(doc))
    paths = [out / name for name in GAP_FILES]
    if excel:
        from .workbook import write_workbook

        paths.append(write_workbook(out / "gaps.xlsx", gaps=gaps.to_frame(), suggestions=sugg, guard=guard))
    return paths
