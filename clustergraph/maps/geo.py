"""Geographic layout: actors at their ``lat``/``lon`` over country outlines, offline.

Projection: equirectangular, scaled by the cosine of the middle latitude of the
actors shown (so distances look right around them): ``x = K * lon * cos(lat0)``,
``y = -K * lat`` with ``K`` = :data:`PIXELS_PER_DEGREE`.

Actors without coordinates go to their region's centre (the mean of the region's
actors that have coordinates) with a small deterministic spread (a sunflower
spiral in id order); actors whose region has no coordinates at all go to a block
under the map. Both are counted (:class:`GeoLayout`).

Country outlines: Natural Earth 1:110m (public domain) through the npm package
``world-atlas`` 2.0.2 (``countries-110m.json``, ISC licence, copied in
``static/LICENSE-world-atlas.txt``), converted once at development time by
``python -m clustergraph.maps.geo countries-110m.json`` into
``static/world-110m.json``: a list of rings, each a flat list of
``[lon*10, lat*10, ...]`` integers (0.1 degree).
"""

from __future__ import annotations

import functools
import json
import math
import sys
from dataclasses import dataclass
from importlib import resources

import networkx as nx

from .layout import isolated_block

#: Pixels per degree of latitude at zoom 1.
PIXELS_PER_DEGREE = 120.0
#: Spread (pixels) of the spiral of actors placed at their region's centre.
SPIRAL_STEP = 9.0
_GOLDEN = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class GeoLayout:
    """Positions and what had to be guessed.

    Attributes
    ----------
    pos : dict
        node -> (x, y) in pixels.
    at_region_centre : int
        Actors without coordinates placed at their region's centre.
    unplaced : int
        Actors without coordinates whose region has none either (block under the map).
    projection : dict
        ``k`` (pixels per degree of longitude) and ``ky`` (of latitude) for drawing outlines.
    """

    pos: dict
    at_region_centre: int
    unplaced: int
    projection: dict


def _coord(value, lo: float, hi: float) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and lo <= x <= hi else None


def geo_positions(G: nx.Graph) -> GeoLayout:
    """Positions from the actors' ``lat``/``lon`` (see the module text).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"lat": 60.0, "lon": 10.0, "region": "N"}), ("b", {"region": "N"}),
    ...                   ("c", {"region": "S"})])
    >>> g = geo_positions(G)
    >>> g.at_region_centre, g.unplaced, g.pos["a"][1] < 0
    (1, 1, True)
    """
    known: dict = {}
    for n, d in G.nodes(data=True):
        lat, lon = _coord(d.get("lat"), -90, 90), _coord(d.get("lon"), -180, 180)
        if lat is not None and lon is not None:
            known[n] = (lat, lon)
    lat0 = (min(v[0] for v in known.values()) + max(v[0] for v in known.values())) / 2 if known else 0.0
    kx = PIXELS_PER_DEGREE * math.cos(math.radians(lat0))
    ky = PIXELS_PER_DEGREE

    def project(lat: float, lon: float) -> tuple[float, float]:
        return (round(lon * kx, 1), round(-lat * ky, 1))

    pos = {n: project(*ll) for n, ll in known.items()}
    by_region: dict[str, list] = {}
    for n, d in G.nodes(data=True):
        by_region.setdefault(str(d.get("region")), []).append(n)
    centred = 0
    lost = []
    for region in sorted(by_region):
        members = by_region[region]
        placed = [known[n] for n in members if n in known]
        missing = sorted((n for n in members if n not in known), key=str)
        if not missing:
            continue
        if not placed:
            lost.extend(missing)
            continue
        cx, cy = project(sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed))
        for i, n in enumerate(missing):
            r = SPIRAL_STEP * math.sqrt(i + 0.5)
            pos[n] = (round(cx + r * math.cos(i * _GOLDEN), 1), round(cy + r * math.sin(i * _GOLDEN), 1))
            centred += 1
    if lost:
        ys = [p[1] for p in pos.values()] or [0.0]
        xs = [p[0] for p in pos.values()] or [0.0]
        pos.update(isolated_block(sorted(lost, key=str), max(ys) + 90, (min(xs) + max(xs)) / 2))
    return GeoLayout(pos, centred, len(lost), {"kx": kx, "ky": ky})


@functools.lru_cache(maxsize=1)
def world_rings() -> list[list[int]]:
    """Country outlines shipped with the package (see the module text)."""
    text = resources.files("clustergraph.maps").joinpath("static", "world-110m.json").read_text(encoding="utf-8")
    return json.loads(text)


def topojson_rings(topology: dict, name: str = "countries") -> list[list[int]]:
    """Decode the polygons of a TopoJSON object into rings of ``[lon*10, lat*10, ...]`` integers.

    Examples
    --------
    >>> topo = {"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [[[0, 0], [1, 0], [0, 1], [-1, -1]]],
    ...         "objects": {"countries": {"type": "GeometryCollection",
    ...                     "geometries": [{"type": "Polygon", "arcs": [[0]]}]}}}
    >>> topojson_rings(topo)
    [[0, 0, 10, 0, 10, 10, 0, 0]]
    """
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices: list[int]) -> list[int]:
        pts: list[tuple[float, float]] = []
        for i in indices:
            seg = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(seg if not pts else seg[1:])
        flat: list[int] = []
        for lon, lat in pts:
            p = [round(lon * 10), round(lat * 10)]
            if flat[-2:] != p:
                flat.extend(p)
        return flat

    out = []
    for geom in topology["objects"][name]["geometries"]:
        polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"] if geom["type"] == "MultiPolygon" else []
        for poly in polys:
            for r in poly:
                flat = ring(r)
                if len(flat) >= 6:
                    out.append(flat)
    return out


if __name__ == "__main__":  # development time: world-atlas countries-110m.json -> static/world-110m.json
    with open(sys.argv[1], encoding="utf-8") as fh:
        rings = topojson_rings(json.load(fh))
    sys.stdout.write(json.dumps(rings, separators=(",", ":")) + "\n")
