"""One owner of randomness: a seed turned into the generators each library needs.

Every public function of clustergraph that draws random numbers takes a
keyword ``seed`` (any non-negative int) and hands it to the helpers here, so
the same seed gives the same result whichever library does the drawing, and a
bad seed gets the same error everywhere. The model is networkx's
``py_random_state`` decorator: one seed in, the generator the code needs out.

>>> check_seed(3)
3
>>> python_rng(3).random() == python_rng(3).random()
True
>>> with igraph_seeded(7):
...     pass
"""

from __future__ import annotations

import contextlib
import numbers
import random
from collections.abc import Iterator

import numpy as np

from .errors import SeedError

#: The largest seed accepted (numpy's ``SeedSequence`` takes any non-negative int; igraph's
#: generator is seeded through a ``random.Random``; 2**63 - 1 keeps every seed a C long).
MAX_SEED = 2**63 - 1


def check_seed(seed: object, *, name: str = "seed") -> int:
    """Return ``seed`` as an ``int`` or raise :class:`ValueError` naming ``name``.

    Accepts Python and numpy integers from 0 to :data:`MAX_SEED` (``True`` and
    ``False`` are refused: they are almost always a mistake).

    Raises :class:`~clustergraph.errors.SeedError`, a :class:`ValueError` (and an
    :class:`~clustergraph.errors.InputError`, which the CLI shows as a message with exit code 2).

    >>> check_seed(-5)
    Traceback (most recent call last):
    ...
    clustergraph.errors.SeedError: seed must be an integer from 0 to 9223372036854775807, got -5
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= int(seed) <= MAX_SEED:
        raise SeedError(f"{name} must be an integer from 0 to {MAX_SEED}, got {seed!r}")
    return int(seed)


def python_rng(seed: object) -> random.Random:
    """A :class:`random.Random` seeded with ``seed`` (checked by :func:`check_seed`)."""
    return random.Random(check_seed(seed))


def numpy_rng(seed: object) -> np.random.Generator:
    """A :func:`numpy.random.default_rng` generator seeded with ``seed`` (checked by :func:`check_seed`)."""
    return np.random.default_rng(check_seed(seed))


@contextlib.contextmanager
def igraph_seeded(seed: object) -> Iterator[None]:
    """Make igraph draw from ``random.Random(seed)`` inside the block; its previous generator is restored after.

    igraph has one process-wide generator (``igraph.set_random_number_generator``);
    this context manager is the only place clustergraph swaps it.
    """
    rng = python_rng(seed)
    try:
        import igraph
    except ImportError:  # pragma: no cover - igraph is a dependency
        yield
        return
    state = random.getstate()  # igraph may draw from the global generator once it is restored
    igraph.set_random_number_generator(rng)
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(state)
