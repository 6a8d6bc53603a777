"""``clustergraph synthetic`` (also ``python -m clustergraph.synthetic``): write the sample or a generated ecosystem."""

from __future__ import annotations

from pathlib import Path

import click

from .app import main
from .common import seed_option


@main.command("synthetic")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--actors",
    "n_actors",
    type=click.IntRange(min=12),
    default=None,
    help="Generate this many actors (default: write the bundled sample instead).",
)
@click.option(
    "--regions",
    "n_regions",
    type=click.IntRange(min=1),
    default=None,
    help="Regions of the generated ecosystem (default: one per 250 actors, at least 4).",
)
@click.option(
    "--links-per-actor",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="Links drawn per generated actor.",
)
@click.option(
    "--projects",
    "with_projects",
    is_flag=True,
    help="Also write participations.csv and projects.csv (one project per two actors, heavy-tailed "
    "partner counts); with the sample: write the projects sample (as data/projects).",
)
@click.option(
    "--other-share",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of generated firms turned into fourth-helix actors (type other: hospitals, chambers ...).",
)
@seed_option("Random seed (any whole number, reduced modulo 2**32).")
def synthetic_cmd(
    outdir: str,
    n_actors: int | None,
    n_regions: int | None,
    links_per_actor: float,
    with_projects: bool,
    other_share: float,
    seed: int,
) -> None:
    """Write actors.csv and links.csv: the bundled (invented) sample, or a generated ecosystem.

    \b
    Examples:
      clustergraph synthetic data
      clustergraph synthetic out/big --actors 20000 --regions 80 --seed 1
      clustergraph synthetic out/proj --actors 2000 --projects --other-share 0.05
      clustergraph synthetic data/projects --projects
      python -m clustergraph.synthetic out/big --actors 20000 --seed 1
    """  # fmt: skip
    from ..synthetic import generate, generate_projects, write_projects_sample, write_sample, write_tables

    paths: tuple = ()
    if n_actors is None:
        if n_regions is not None:
            raise click.UsageError("--regions needs --actors (the bundled sample has five regions)")
        paths = write_projects_sample(outdir) if with_projects else write_sample(outdir)
    else:
        actors, links = generate(n_actors, links_per_actor=links_per_actor, n_regions=n_regions,
                                 seed=seed, other_share=other_share)  # fmt: skip
        paths = write_tables(outdir, actors, links)
        if with_projects:
            from ..files.guard import safe_csv

            parts, projects = generate_projects(actors, seed=seed)
            paths += (safe_csv(parts, Path(outdir) / "participations.csv"),
                      safe_csv(projects, Path(outdir) / "projects.csv"))  # fmt: skip
    for p in paths:
        click.echo(str(p))
