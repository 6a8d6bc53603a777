"""Generated ecosystems: the bundled sample and large test/benchmark networks.

The bundled sample in ``data/`` is :func:`sample_ecosystem` written to CSV. It
is **illustrative**: the organisations and their links are invented.

:func:`generate` makes ecosystems of any size with the same structure (regions
in countries, the six actor types, cluster organisations as hubs, mostly
regional links, sector affinity between firms and education partners), for
benchmarks and tests. Both are deterministic for a given seed.

Run ``python -m clustergraph.synthetic data/`` to rewrite the bundled sample, or
``python -m clustergraph.synthetic OUTDIR --actors 2000 --regions 12 --seed 1`` for a
generated ecosystem (also ``clustergraph synthetic ...``).
"""

from .generator import LINK_TYPES, MIXING, SECTORS, TYPE_SHARES, generate, generate_projects, write_tables
from .sample import sample_ecosystem, sample_projects, write_projects_sample, write_sample

__all__ = [
    "TYPE_SHARES",
    "MIXING",
    "LINK_TYPES",
    "SECTORS",
    "generate",
    "generate_projects",
    "write_tables",
    "sample_ecosystem",
    "sample_projects",
    "write_sample",
    "write_projects_sample",
]
