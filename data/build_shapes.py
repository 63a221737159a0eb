"""Simplified county boundaries for the national map, from us-atlas's TopoJSON (ISC).

The TopoJSON stores each border once, as an arc shared by the two counties it separates. Each
arc is simplified once (Douglas-Peucker, ``TOLERANCE`` degrees), so neighbouring counties keep
a common border with no gaps or slivers, then the counties are written as GeoJSON (what
Plotly's choropleth reads), coordinates rounded to ``DECIMALS`` places. The arcs' end points
are always kept, so every county keeps its corners with its neighbours; a ring made of one
closed arc keeps at least four points.

Used by build_counties.py; numpy only.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

TOLERANCE = 0.03   # degrees (about 3 km north-south): invisible on a national map
DECIMALS = 2       # about 1 km
FINE_DECIMALS = 4  # for the few counties too small to survive the above (drawn unsimplified)
CREDIT = ("County boundaries: us-atlas 3.0.1 by Mike Bostock (ISC licence), from Census "
          "Bureau cartographic boundaries (2017); simplified for this app.")


def decode_arcs(topo: dict) -> list[np.ndarray]:
    """Quantised, delta-encoded arcs -> arrays of (lon, lat)."""
    scale = np.array(topo["transform"]["scale"], dtype=float)
    shift = np.array(topo["transform"]["translate"], dtype=float)
    return [np.cumsum(np.asarray(a, dtype=float), axis=0) * scale + shift for a in topo["arcs"]]


def _dp(points: np.ndarray, tol: float) -> np.ndarray:
    """Indices kept by Douglas-Peucker (iterative, end points always kept)."""
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = points[i], points[j]
        seg = points[i + 1:j]
        d = b - a
        norm = np.hypot(*d)
        if norm == 0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > tol:
            m = i + 1 + k
            keep[m] = True
            stack.append((i, m))
            stack.append((m, j))
    return np.flatnonzero(keep)


def simplify(points: np.ndarray, tol: float = TOLERANCE) -> np.ndarray:
    if len(points) <= 2:
        return points
    if np.array_equal(points[0], points[-1]):  # a closed arc: split at its farthest point
        far = int(np.argmax(np.hypot(*(points - points[0]).T)))
        if far == 0:
            return points[:1].repeat(2, axis=0)
        left, right = simplify(points[: far + 1], tol), simplify(points[far:], tol)
        if len(left) + len(right) - 1 < 4:  # keep a visible ring: the four extreme points
            mid = len(points) // 2
            idx = sorted({0, max(1, far // 2), far, min(len(points) - 2, (far + len(points)) // 2),
                          len(points) - 1} | {mid})
            return points[idx]
        return np.vstack([left, right[1:]])
    return points[_dp(points, tol)]


def _ring(arc_ids, arcs) -> list[list[float]]:
    out: list[list[float]] = []
    for a in arc_ids:
        pts = arcs[a] if a >= 0 else arcs[~a][::-1]
        seq = pts.tolist()
        out.extend(seq if not out else seq[1:])
    clean: list[list[float]] = []
    for p in out:  # rounding can make neighbours equal
        if not clean or p != clean[-1]:
            clean.append(p)
    if clean and clean[0] != clean[-1]:
        clean.append(clean[0])
    return clean


def _rings(polys, arcs) -> list:
    """The polygons' rings, without those that collapsed (fewer than four points); a polygon
    whose outer ring collapsed is dropped."""
    out = []
    for poly in polys:
        rings = [_ring(r, arcs) for r in poly]
        if len(rings[0]) >= 4:
            out.append([r for r in rings if len(r) >= 4])
    return out


def build_shapes(path: Path, counties: set[str], tol: float = TOLERANCE) -> str:
    """GeoJSON text of every county of the 50 states and DC in the atlas (id = FIPS),
    deterministic. ``counties`` (the table's FIPS codes) is not used to filter: the atlas's
    legacy Connecticut counties and Valdez-Cordova stay, drawn grey, so the map has no holes."""
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    raw_arcs = decode_arcs(topo)
    arcs = [np.round(simplify(a, tol), DECIMALS) for a in raw_arcs]
    fine = [np.round(a, FINE_DECIMALS) for a in raw_arcs]
    features = []
    for g in sorted(topo["objects"]["counties"]["geometries"], key=lambda g: g["id"]):
        if int(g["id"][:2]) > 56:  # territories: outside the map of the states, and no rows
            continue
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        rings = _rings(polys, arcs) or _rings(polys, fine)
        if not rings:
            continue
        geom = ({"type": "Polygon", "coordinates": rings[0]} if len(rings) == 1
                else {"type": "MultiPolygon", "coordinates": rings})
        features.append({"type": "Feature", "id": g["id"],
                         "geometry": geom})
    doc = {"type": "FeatureCollection", "credit": CREDIT, "features": features}
    return json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n"
