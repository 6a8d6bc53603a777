"""``clustergraph import ...``: convert public collaboration data into clustergraph's tables."""

from __future__ import annotations

import click

from .app import main
from .common import folder_option


@main.group("import")
def import_group() -> None:
    """Convert public collaboration data (CORDIS, Erasmus+) into actors, participations and projects tables.

    \b
    Examples:
      clustergraph import cordis organization.csv project.csv -o cordis-es --country ES
      clustergraph import erasmus ProjectResults.xlsx CoVE-participants.csv -o erasmus
    """


@import_group.command("cordis")
@click.argument("organizations", type=click.Path(dir_okay=True, path_type=str))
@click.argument("projects", type=click.Path(dir_okay=True, path_type=str))
@folder_option(help_text="Folder for actors.csv, participations.csv and projects.csv.", required=True)
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CODE",
    help="Keep organisations of this country (repeatable), e.g. --country ES --country PT.",
)
@click.option(
    "--nuts",
    "nuts",
    multiple=True,
    metavar="PREFIX",
    help="Keep organisations whose NUTS code starts with this prefix (repeatable), e.g. --nuts ES21.",
)
@click.option(
    "--keep-partners",
    is_flag=True,
    help="With --country/--nuts: keep every partner of the selected organisations' projects (foreign partners too).",
)
@click.option(
    "--programme",
    "programmes",
    multiple=True,
    metavar="NAME",
    help="Keep projects of this frameworkProgramme (repeatable), e.g. H2020 or HORIZON.",
)
@click.option("--since", type=int, default=None, help="Keep projects starting in or after this year.")
@click.option("--until", type=int, default=None, help="Keep projects starting in or before this year.")
@click.option("--include-third-parties", is_flag=True, help="Keep third parties (left out by default, and counted).")
@click.option(
    "--region-level", type=click.IntRange(1, 3), default=2, show_default=True, help="NUTS level of the region column."
)
@click.option(
    "--cluster-orgs",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="A file of organisation ids (PICs) or names (one a line, or a column 'id'/'name') typed cluster_org.",
)
def cordis_cmd(
    organizations,
    projects,
    output,
    countries,
    nuts,
    keep_partners,
    programmes,
    since,
    until,
    include_third_parties,
    region_level,
    cluster_orgs,
) -> None:
    """Convert CORDIS open-data exports (Horizon 2020, Horizon Europe) into clustergraph tables.

    ORGANIZATIONS and PROJECTS are the organization.csv and project.csv of a
    CORDIS export (';'-separated, quoted, UTF-8). Writes actors.csv,
    participations.csv and projects.csv to the output folder and lists what was
    dropped or guessed, with counts.

    \b
    Example:
      clustergraph import cordis organization.csv project.csv -o cordis-es --country ES --since 2018
      clustergraph report cordis-es/actors.csv cordis-es/participations.csv \\
          --projects cordis-es/projects.csv -o cordis-es/report
    """  # fmt: skip
    from ..io.cordis import convert_cordis, write_cordis
    from .console import err, out

    with err.status("Reading the CORDIS files ..."):
        result = convert_cordis(
            organizations,
            projects,
            countries=countries,
            nuts=nuts,
            programmes=programmes,
            since=since,
            until=until,
            include_third_parties=include_third_parties,
            keep_partners=keep_partners,
            region_level=region_level,
            cluster_orgs=_cluster_list(cluster_orgs),
        )
    _notes_out(result.notes)
    paths = write_cordis(result, output)
    out.print(f"Wrote {', '.join(str(p) for p in paths)}", markup=False, highlight=False)


def _notes_out(notes: list[str]) -> None:
    from .console import err

    for line in notes:
        err.print(f"note: {line}", markup=False, highlight=False)


def _type_pairs(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        label, sep, atype = value.rpartition("=")
        if not sep or not label.strip() or not atype.strip():
            raise click.BadParameter(f"{value!r} is not LABEL=TYPE", param_hint="--type")
        pairs[label.strip()] = atype.strip()
    return pairs


def _cluster_list(path: str | None) -> list[str]:
    if path is None:
        return []
    from ..io.imported import read_name_list

    return read_name_list(path)


@import_group.command("erasmus")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@folder_option(help_text="Folder for actors.csv, participations.csv and projects.csv.", required=True)
@click.option(
    "--type",
    "type_pairs",
    multiple=True,
    metavar="LABEL=TYPE",
    help="Map an organisation-type label the keywords do not map (repeatable), e.g. "
    "--type 'Adult education provider=vet'.",
)
@click.option(
    "--cluster-orgs",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="A file of ids, PICs or names (one a line, or a column 'name'/'id') typed cluster_org.",
)
def erasmus_cmd(files, output, type_pairs, cluster_orgs) -> None:
    """Convert Erasmus+ project data (project-results lists and participants lists) into clustergraph tables.

    FILES are xlsx or CSV files as the Erasmus+ Project Results Platform exports them (one row per
    project, partners in numbered column groups 'Partner 1 name', 'Partner 1 organisation type' ...;
    title rows above the header are skipped) or participants lists (one row per organisation and
    project, such as the Centres of Vocational Excellence lists). Organisation types are mapped from
    their labels; every label not mapped is listed. Writes actors.csv, participations.csv and
    projects.csv (programme, key action, action type, call year, dates, title) to the output folder.

    \b
    Example:
      clustergraph import erasmus ProjectResults.xlsx -o erasmus --type 'Adult education provider=vet'
      clustergraph report erasmus/actors.csv erasmus/participations.csv \\
          --projects erasmus/projects.csv -o erasmus/report
    """  # fmt: skip
    from ..io.erasmus import convert_erasmus, write_erasmus
    from .console import err, out

    with err.status("Reading the Erasmus+ files ..."):
        result = convert_erasmus(files, type_map=_type_pairs(type_pairs), cluster_orgs=_cluster_list(cluster_orgs))
    _notes_out(result.notes)
    paths = write_erasmus(result, output)
    out.print(f"Wrote {', '.join(str(p) for p in paths)}", markup=False, highlight=False)


@main.command("combine")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=str))
@folder_option(
    help_text="Folder for the combined actors.csv, links/participations/projects, matches.csv and review.xlsx.",
    required=True,
)
@click.option(
    "--members",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    default=None,
    help="The cluster's member list (CSV or xlsx; a name column, and org number, VAT, PIC, type, region, "
    "country, city, website when there).",
)
@click.option(
    "--decisions",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    default=None,
    help="A review.xlsx of an earlier run with 'same'/'different' in its decision column.",
)
@click.option(
    "--around",
    type=click.Choice(["members"]),
    default=None,
    help="--around members: keep the members and their partners only.",
)
@click.option(
    "--review-score",
    type=click.FloatRange(50, 100),
    default=86.0,
    show_default=True,
    help="The least name similarity (rapidfuzz WRatio, 0-100) of a pair sent to review.",
)
def combine_cmd(sources, output, members, decisions, around, review_score) -> None:
    """Combine several sources and the cluster's member list into one ecosystem, one actor per organisation.

    SOURCES are folders holding actors.csv with links.csv and/or participations.csv and projects.csv (as
    'clustergraph import' writes them) or workbooks with those sheets. Records of one organisation are
    matched by PIC, VAT or organisation number first, then by their names (case, accents, punctuation and
    legal forms ignored; rapidfuzz for near names) with country and city as evidence. Sure matches merge;
    uncertain ones go to review.xlsx: write 'same' or 'different' in its decision column and run again
    with --decisions review.xlsx. matches.csv records every decision.

    \b
    Example:
      clustergraph combine cordis-no erasmus-no --members members.xlsx -o ecosystem
      clustergraph combine cordis-no erasmus-no --members members.xlsx -o ecosystem \\
          --decisions ecosystem/review.xlsx
      clustergraph report ecosystem/actors.csv ecosystem/participations.csv \\
          --projects ecosystem/projects.csv -o ecosystem/report
    """  # fmt: skip
    from ..io.combine import combine, read_decisions, read_members, read_source, write_combined
    from .console import err, out

    if not sources and members is None:
        raise click.UsageError("give at least one SOURCE folder or workbook (and --members)")
    with err.status("Reading the sources ..."):
        srcs = [read_source(s) for s in sources]
        member_df = read_members(members) if members else None
        given = read_decisions(decisions) if decisions else None
    for s in srcs:
        _notes_out([f"{s.name}: {n}" for n in s.notes])
    with err.status("Matching organisations ..."):
        result = combine(srcs, member_df, decisions=given, around_members=around == "members",
                         review_score=review_score)  # fmt: skip
    _notes_out(result.notes)
    paths = write_combined(result, output)
    out.print(f"Wrote {', '.join(str(p) for p in paths)}", markup=False, highlight=False)
