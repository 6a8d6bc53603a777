"""The options of a map, as one typed value validated in one place (:class:`MapOptions`).

>>> MapOptions(size_by="degree", seed=3).seed
3
>>> try:
...     MapOptions(layout="spiral")
... except InputError as e:
...     print("layout must be one of community, geo" in str(e))
True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..errors import InputError
from ..randomness import check_seed
from .views import AGGREGATES

#: Accepted values of ``layout``.
LAYOUTS: tuple[str, ...] = ("community", "geo")
#: Accepted values of ``renderer``.
RENDERERS: tuple[str, ...] = ("auto", "vis", "webgl")


@dataclass(frozen=True, kw_only=True)
class MapOptions:
    """How a map is drawn (what it shows comes from the graph and the data arguments of
    :func:`clustergraph.maps.model.build_map_model`).

    Attributes
    ----------
    size_by : str
        Metric for node size (``brokerage``, ``degree``, ``pagerank``, ... or a numeric
        column of the metrics table).
    region, ego, radius, aggregate
        The view: one region, one actor's neighbourhood within ``radius`` links, or one
        node per group (``"region"``, ``"type"``, ``"region-type"``); at most one of the three.
    title : str or None
        Page heading; default ``"Ecosystem map"`` plus the graph name.
    seed : int
        Seed of the communities and the layout (checked by :func:`clustergraph.randomness.check_seed`).
    physics : bool or None
        vis-network physics at load (default: only for small views).
    force_full : bool
        Draw every actor even above the size limits.
    shared_assets : bool
        Load the JavaScript/CSS from an ``assets/`` folder beside the page.
    layout : {"community", "geo"}
    renderer : {"auto", "vis", "webgl"}
    suggestions_in_views : bool
        Draw suggested introductions only in a region view of the page.
    """

    size_by: str = "brokerage"
    region: str | None = None
    ego: str | None = None
    radius: int = 1
    aggregate: str | None = None
    title: str | None = None
    seed: int = 0
    physics: bool | None = None
    force_full: bool = False
    shared_assets: bool = False
    layout: str = "community"
    renderer: str = "auto"
    suggestions_in_views: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "seed", check_seed(self.seed))
        if self.layout not in LAYOUTS:
            raise InputError(f"layout must be one of {', '.join(LAYOUTS)}, got {self.layout!r}.")
        if self.renderer not in RENDERERS:
            raise InputError(f"renderer must be one of {', '.join(RENDERERS)}, got {self.renderer!r}.")
        if not isinstance(self.size_by, str) or not self.size_by:
            raise InputError(f"size_by must be a metric name, got {self.size_by!r}.")
        if isinstance(self.radius, bool) or not isinstance(self.radius, int):
            raise InputError(f"--radius must be an integer, got {self.radius!r}.")
        if self.ego is not None and self.radius < 1:
            raise InputError(f"--radius must be at least 1, got {self.radius}.")
        if self.aggregate is not None and self.aggregate not in AGGREGATES:
            raise InputError(f"--aggregate must be one of {', '.join(AGGREGATES)}, got {self.aggregate!r}.")
        chosen = [k for k in ("region", "ego", "aggregate") if getattr(self, k) is not None]
        if len(chosen) > 1:
            raise InputError(f"Choose one view at a time, not {' and '.join(chosen)}.")

    @classmethod
    def from_keywords(cls, **kwargs) -> MapOptions:
        """Options from the keywords of :func:`clustergraph.maps.ecosystem_map` (unknown ones refused).

        >>> MapOptions.from_keywords(size_by="degree").size_by
        'degree'
        """
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(kwargs) - names)
        if unknown:
            raise TypeError(f"unknown map option(s): {', '.join(unknown)}")
        return cls(**kwargs)
