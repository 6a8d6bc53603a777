"""``clustergraph synthetic`` (also ``python -m clustergraph.synthetic``): write the sample or a generated ecosystem."""

from __future__ import annotations

import click

from .app import main
from .common import SEED_RANGE


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
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (any whole number).")
def synthetic_cmd(outdir: str, n_actors: int | None, n_regions: int | None, links_per_actor: float, seed: int) -> None:
    """Write actors.csv and links.csv: the bundled (invented) sample, or a generated ecosystem.

    \b
    Examples:
      clustergraph synthetic data
      clustergraph synthetic out/big --actors 20000 --regions 80 --seed 1
      python -m clustergraph.synthetic out/big --actors 20000 --seed 1
    """  # fmt: skip
    from ..synthetic import generate, write_sample, write_tables

    if n_actors is None:
        if n_regions is not None:
            raise click.UsageError("--regions needs --actors (the bundled sample has five regions)")
        paths = write_sample(outdir)
    else:
        actors, links = generate(n_actors, links_per_actor=links_per_actor, n_regions=n_regions,
                                 seed=seed % SEED_RANGE)  # fmt: skip
        paths = write_tables(outdir, actors, links)
    for p in paths:
        click.echo(str(p))
