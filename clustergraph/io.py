"""Read and validate actors and links (provisional minimal loader; full validation follows)."""

from __future__ import annotations

import pandas as pd

from .graph import build_graph
from .schema import normalise_type


def load(actors, links=None, directed: bool = False, lenient: bool = False, report: bool = False):
    """Load ``actors`` and ``links`` files and return the ecosystem graph."""
    a = pd.read_csv(actors, dtype=str, keep_default_na=False)
    l = pd.read_csv(links, dtype=str, keep_default_na=False)
    a["type"] = a["type"].map(normalise_type)
    for col in ("lat", "lon"):
        if col in a:
            a[col] = pd.to_numeric(a[col].replace("", None))
    if "weight" in l:
        l["weight"] = pd.to_numeric(l["weight"].replace("", None)).fillna(1.0)
    if "year" in l:
        l["year"] = pd.to_numeric(l["year"].replace("", None)).astype("Int64")
    return build_graph(a, l, directed=directed)
