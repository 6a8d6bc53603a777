"""One home for the names of the files clustergraph writes (maps of regions and actors).

The map command and the report name a region's map the same way, so a link
from one to the other, or a bookmark, keeps working.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from ..lookup import fold


def slug(text: object) -> str:
    """A file-name-safe ASCII version of ``text`` ("Møre og Romsdal" -> "more-og-romsdal").

    >>> slug("Møre og Romsdal"), slug("País Vasco"), slug("../etc")
    ('more-og-romsdal', 'pais-vasco', 'etc')
    """
    out = "".join(c if c.isascii() and c.isalnum() else "-" for c in fold(text))
    out = "-".join(p for p in out.split("-") if p)
    return out or "region"


def region_map_files(regions: list[str]) -> dict[str, str]:
    """File name of each region's map, unique even when two names fold to the same slug.

    >>> region_map_files(["A b", "a-b", "C"])
    {'A b': 'map-a-b.html', 'a-b': 'map-a-b-2.html', 'C': 'map-c.html'}
    """
    seen: dict[str, int] = {}
    out = {}
    for r in regions:
        s = slug(r)
        seen[s] = seen.get(s, 0) + 1
        out[r] = f"map-{s}.html" if seen[s] == 1 else f"map-{s}-{seen[s]}.html"
    return out


def map_file_name(
    *, region: str | None = None, ego: str | None = None, aggregate: str | None = None, suffix: str = ".html"
) -> str:
    """The file name of one map: ``map.html``, ``map-<region>.html``, ``map-ego-<id>.html``, ``map-<by>.html``.

    A region's map has the name the report gives it (:func:`region_map_files`). An actor's
    map ends with 8 hex digits of the SHA-256 of the exact id, so ids that differ only by
    case or punctuation (``ABC``, ``abc``, ``a-b-c``) get distinct files, on case-insensitive
    file systems too.

    >>> map_file_name(region="Møre og Romsdal"), map_file_name(ego="NAV F03"), map_file_name()
    ('map-more-og-romsdal.html', 'map-ego-nav-f03-ee79cc5b.html', 'map.html')
    >>> map_file_name(ego="ABC") != map_file_name(ego="abc")
    True
    """
    if region is not None:
        stem = "map-" + slug(region)
    elif ego is not None:
        stem = f"map-ego-{slug(ego)}-{hashlib.sha256(str(ego).encode('utf-8')).hexdigest()[:8]}"
    else:
        stem = "map" + (f"-{slug(aggregate)}" if aggregate is not None else "")
    return stem + suffix


def region_map_links(regions: list[str], map_file: str = "map.html") -> dict[str, str]:
    """Link to the one explorer map with each region chosen (``map.html#region=<name>``).

    The report links here instead of writing one map file per region; the
    page's region menu reads the address (see :mod:`clustergraph.maps`).

    >>> region_map_links(["Møre og Romsdal", "A&B"])
    {'Møre og Romsdal': 'map.html#region=M%C3%B8re%20og%20Romsdal', 'A&B': 'map.html#region=A%26B'}
    """
    return {r: f"{map_file}#region={quote(str(r), safe='')}" for r in regions}
