"""``clustergraph map``: an interactive HTML map of the ecosystem that works offline."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import InputError
from ..export.naming import map_file_name
from .app import main
from .common import input_options, load_graph, seed_option


def _output_file(output: str, region, ego, aggregate, fmt: str = "html") -> Path:
    """``-o`` may name the file or a folder (then ``map.html``, ``map-region-X.html`` ... or ``.svg``/``.png``)."""
    path = Path(output)
    suffixes = (".html", ".htm") if fmt == "html" else (f".{fmt}",)
    if path.suffix.lower() in suffixes:
        return path
    if fmt != "html" and path.suffix.lower() in (".html", ".htm"):
        return path.with_suffix(f".{fmt}")
    name = map_file_name(region=region, ego=ego, aggregate=aggregate)
    return path / (name if fmt == "html" else str(Path(name).with_suffix(f".{fmt}")))


def _check_writable(path: Path) -> None:
    """Raise :class:`InputError` (exit 2, no traceback) when ``path`` cannot be written.

    Checked before the map is computed; nothing is created here.
    """
    if path.is_dir():
        raise InputError(f"cannot write the map to {path}: it is a folder")
    folder = path.parent
    while not folder.exists():  # the nearest existing folder (missing ones get created)
        folder = folder.parent
    if not folder.is_dir():
        raise InputError(f"cannot write the map to {path}: {folder} is a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write the map to {path}: no permission to write in {folder}")


@main.command("map")
@input_options
@click.option(
    "-o",
    "--output",
    default="output/map.html",
    show_default=True,
    help="HTML file to write, or a folder (the file is then named after the view).",
)
@click.option(
    "--size-by",
    default="brokerage",
    show_default=True,
    help="Node size metric: brokerage, degree, weighted_degree, betweenness, pagerank, "
    "closeness, harmonic, eigenvector, core_number, clustering, deg_<type>, "
    "effective_size, efficiency, constraint, hierarchy.",
)
@click.option("--region", default=None, help="Show one region; its outside partners are grey.")
@click.option("--ego", default=None, metavar="ID", help="Show one actor's neighbourhood.")
@click.option("--radius", default=1, show_default=True, type=click.IntRange(min=1), help="Steps around --ego.")
@click.option(
    "--aggregate",
    type=click.Choice(["region", "type", "region-type"]),
    default=None,
    help="One node per group of actors (for large ecosystems and policy makers).",
)
@click.option(
    "--gaps",
    is_flag=True,
    help="Ring firms without a VET/university partner and draw each one's best suggested education partner (dashed).",
)
@click.option("--title", default=None, help="Heading of the page.")
@click.option(
    "--layout",
    "layout",
    type=click.Choice(["community", "geo"]),
    default="community",
    show_default=True,
    help="community: communities kept together (two-level layout); geo: actors at their lat/lon "
    "over country outlines (shipped, offline).",
)
@click.option(
    "--full-map",
    is_flag=True,
    help="Draw every actor even above 50,000 actors or 200,000 links (by default such maps are "
    "drawn as the region x type aggregate).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png"]),
    default="html",
    show_default=True,
    help="html: the interactive map; svg or png: the static picture of the report (same layout, "
    "colour = type, size = brokerage, largest brokers named).",
)
@click.option(
    "--renderer",
    type=click.Choice(["auto", "vis", "webgl"]),
    default="auto",
    show_default=True,
    help="vis: vis-network; webgl: sigma.js (draws 20,000 actors in seconds); auto: WebGL above 5,000 actors.",
)
@seed_option()
@click.option(
    "--physics/--no-physics",
    default=None,
    help="Let the layout settle in the browser at load (default: only for small views).",
)
def map_cmd(
    actors,
    links,
    load_options,
    output,
    size_by,
    region,
    ego,
    radius,
    aggregate,
    gaps,
    title,
    layout,
    full_map,
    fmt,
    renderer,
    seed,
    physics,
):
    """Write an interactive HTML map of the ecosystem (a single file, works offline).

    Colour = actor type, size = --size-by, diamond = cluster organisation; edge
    width = link weight, dash = scope. In the page: focus (1/2/3 steps, Esc),
    search, year slider, size-by and colour-by menus, link filters and backbone,
    region menu, reset layout, physics (small maps), PNG export; the view is kept
    in the address (map.html#region=...). Above 5,000 actors the page draws
    every actor with WebGL (sigma.js; --renderer vis: opens on the region x type
    groups instead); above 50,000 actors or 200,000 links the map is
    the aggregate unless --full-map.

    \b
    Examples:
      clustergraph map data/actors.csv data/links.csv -o output/map.html
      clustergraph map data/actors.csv data/links.csv --region Navarra --gaps
      clustergraph map data/actors.csv data/links.csv --ego NAV-CLU1 --radius 2
      clustergraph map big_actors.csv big_links.csv --aggregate region-type
      clustergraph map data/actors.csv data/links.csv --format svg -o output/network.svg
    """
    from ..export.outdir import OutputFolder
    from ..graph import check_region
    from ..lookup import resolve_actor
    from ..maps import MapOptions, ecosystem_map
    from .console import out, plain

    G = load_graph(actors, links, load_options)
    region = check_region(G, region)
    ego = None if ego is None else resolve_actor(G, ego, what="--ego actor")
    path = _output_file(output, region, ego, aggregate, fmt)
    _check_writable(path)
    if fmt != "html":
        from ..files.atomic import atomic_write_bytes, atomic_write_text
        from ..maps.ecosystem import select_view
        from ..maps.static_picture import network_picture

        view = select_view(G, region=region, ego=ego, radius=radius, aggregate=aggregate)
        picture = network_picture(
            view.graph, seed=seed, title=title or view.description, fmt=fmt, greyed=frozenset(view.greyed)
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(picture, bytes):
            atomic_write_bytes(path, picture)
        else:
            # a standalone SVG file needs its namespace (the inline one in the report does not)
            ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            atomic_write_text(path, picture.replace("<svg ", "<svg " + ns, 1))
        out.print(f"Picture written to {path}", markup=False)
        return
    flagged = suggestions = None
    if gaps and aggregate is None:
        from ..analysis.gaps import firm_gaps
        from ..analysis.suggest import suggest_partners

        flagged = firm_gaps(G)["id"].tolist()
        suggestions = suggest_partners(G, top=1, firms=flagged) if flagged else None
    folder = OutputFolder(path.parent, unit=f"map:{path.name}")  # the page appears whole or not at all
    final, path = path, folder.begin() / path.name
    try:
        options = MapOptions(
            size_by=size_by,
            region=region,
            ego=ego,
            radius=radius,
            aggregate=aggregate,
            title=title,
            seed=seed,
            physics=physics,
            force_full=full_map,
            layout=layout,
            renderer=renderer,
        )
        path = ecosystem_map(G, path, options, flagged=flagged, suggestions=suggestions)
        path = final.with_name(path.name)
        folder.publish()
    finally:
        folder.close()
    out.print(plain(f"Map written to {path}"), markup=False)
