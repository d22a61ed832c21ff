#!/usr/bin/env python3
"""Rebuild reference/admin-units/*.csv from the PyPI wheel onflow-location-platform==1.1.2 (MIT, (c) OnFlow).

Usage:
    python3 scripts/admin-units/build.py [WHEEL]            # no WHEEL: `pip download` into a temp dir
    python3 scripts/admin-units/build.py [WHEEL] --check-official PATH
        # also compare conversion_2025.csv with the official table (dvhc_conversion_2025.csv)
    python3 scripts/admin-units/build.py --check-only PATH  # only compare the committed conversion_2025.csv

Sources inside the wheel: onflow_location_platform/data/dataset.db (tables admin_units = units
from 01/07/2025, admin_units_legacy = units before) and data/converter_2025.json (old->new mapping
keyed by normalised names "provincekey_districtkey_wardkey"). Every old key is resolved to a code
through its province, district AND commune key; every new key through its new province and commune
key. Same-named old communes in one new province (the JSON's name join mixes up their targets) are
told apart by distance between centroids. Keys that do not resolve to exactly one code are reported
on stderr and left out.

Output is deterministic: sorted by code, UTF-8 NFC, '\\n' line endings, header row.
Standard library only (Python >= 3.11).
"""
import csv
import email.parser
import io
import json
import math
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

VERSION = "1.1.2"
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "reference" / "admin-units"
PKG = "onflow_location_platform/"

MIT = """MIT License

Copyright (c) OnFlow

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

HOMONYM_MARGIN = 0.5
COMMUNE_TYPES = ("Xã", "Phường", "Thị trấn", "Đặc khu")
DISTRICT_TYPES = ("Quận", "Huyện", "Thị xã", "Thành phố")


def nfc(v):
    return "" if v is None else unicodedata.normalize("NFC", str(v))


def num(v):
    return "" if v is None else repr(float(v))


def km(a, b):
    """Approximate distance in km between two (lat, lon) points (equirectangular)."""
    return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2)))


def split_type(full, types):
    """('Xã Cẩm Xuyên', types) -> ('Xã', 'Cẩm Xuyên'). The type comes from the name prefix (not from the
    db's type column, which is wrong for 3 communes); case-insensitive because of 'Thành Phố Bắc Kạn'."""
    full = nfc(full)
    for t in sorted(types, key=len, reverse=True):
        if full.lower().startswith(t.lower() + " "):
            return t, full[len(t) + 1:]
    raise ValueError(f"no known type prefix in {full!r}")


def write_csv(name, header, rows):
    rows = sorted(rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([[nfc(c) for c in r] for r in rows])
    (OUT / name).write_text(buf.getvalue(), encoding="utf-8", newline="")
    print(f"{name}: {len(rows)} rows", file=sys.stderr)
    return rows


def fetch_wheel():
    tmp = tempfile.mkdtemp(prefix="onflow-")
    subprocess.run([sys.executable, "-m", "pip", "download", f"onflow-location-platform=={VERSION}",
                    "--no-deps", "-d", tmp], check=True)
    return next(Path(tmp).glob("*.whl"))


def build(wheel):
    OUT.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "dataset.db"
        db_path.write_bytes(z.read(PKG + "data/dataset.db"))
        conv = json.loads(z.read(PKG + "data/converter_2025.json"))
        meta = next((z.read(n).decode() for n in z.namelist() if n.endswith(".dist-info/METADATA")), "")
        db = sqlite3.connect(db_path)
        new = db.execute("SELECT provinceCode, province, provinceLat, provinceLon, provinceKey, wardCode, ward,"
                         " wardLat, wardLon, wardAreaKm2, wardKey FROM admin_units").fetchall()
        old = db.execute("SELECT provinceCode, province, provinceKey, districtCode, district, districtKey,"
                         " districtLat, districtLon, wardCode, ward, wardKey, wardLat, wardLon"
                         " FROM admin_units_legacy").fetchall()
        db.close()

    # --- units from 01/07/2025
    provinces, communes = {}, []
    new_prov_by_key, new_commune_by_key, new_prov, new_pos = {}, defaultdict(set), {}, {}
    for pc, pn, plat, plon, pk, wc, wn, wlat, wlon, area, wk in new:
        ptype = "Thành phố trực thuộc trung ương" if nfc(pn).startswith("Thành phố ") else "Tỉnh"
        provinces[pc] = (pc, split_type(pn, ("Thành phố", "Tỉnh"))[1], pn, ptype, num(plat), num(plon))
        new_prov_by_key[pk] = pc
        t, n = split_type(wn, COMMUNE_TYPES)
        communes.append((wc, n, wn, t, pc, num(wlat), num(wlon), num(area)))
        new_commune_by_key[(pk, wk)].add(wc)
        new_prov[wc], new_pos[wc] = pc, (wlat, wlon)
    write_csv("provinces_2025.csv", ["code", "name", "full_name", "unit_type", "lat", "lon"], provinces.values())
    write_csv("communes_2025.csv", ["code", "name", "full_name", "unit_type", "province_code", "lat", "lon",
                                    "area_km2"], communes)

    # --- units before 01/07/2025
    old_prov_to_new = {}
    for new_key, old_keys in conv["DICT_PROVINCE"].items():
        for ok in old_keys:
            old_prov_to_new[ok] = new_prov_by_key[new_key]
    oprov, odist, ocomm = {}, {}, []
    old_by_key = defaultdict(set)  # (provinceKey, districtKey, wardKey) -> {(prov, dist, commune code)}
    old_pos = {}  # commune code (district code for the 5 island districts) -> (lat, lon)
    for pc, pn, pk, dc, dn, dk, dlat, dlon, wc, wn, wk, wlat, wlon in old:
        old_pos[wc or dc] = (wlat, wlon) if wc else (dlat, dlon)
        ptype = "Thành phố trực thuộc trung ương" if nfc(pn).startswith("Thành phố ") else "Tỉnh"
        oprov[pc] = (pc, split_type(pn, ("Thành phố", "Tỉnh"))[1], pn, ptype, old_prov_to_new[pk])
        t, n = split_type(dn, DISTRICT_TYPES)
        odist[dc] = (dc, n, dn, t, pc)
        if wc:  # 5 island districts have no commune; they are keyed "province_district_"
            t, n = split_type(wn, COMMUNE_TYPES)
            ocomm.append((wc, n, wn, t, dc, pc))
        old_by_key[(pk, dk, wk or "")].add((pc, dc, wc or ""))
    write_csv("provinces_pre2025.csv", ["code", "name", "full_name", "unit_type", "new_province_code"],
              oprov.values())
    write_csv("districts_pre2025.csv", ["code", "name", "full_name", "unit_type", "province_code"], odist.values())
    write_csv("communes_pre2025.csv", ["code", "name", "full_name", "unit_type", "district_code", "province_code"],
              ocomm)

    # --- old -> new conversion
    # converter_2025.json: DICT_PROVINCE_WARD_NO_DIVIDED[new prov][new commune] = [old keys] (whole old
    # commune goes there); DICT_PROVINCE_WARD_DIVIDED[new prov][old key] = [{newWardKey, ...}] (split).
    # The JSON was built by joining the official table on names, so an old commune whose name also exists
    # elsewhere in the same new province ("Phường 4", "Xã Tân Thạnh") inherits its namesake's targets.
    # We therefore treat a new commune claimed by several same-named old communes as ambiguous and give it
    # to the namesake whose centroid is clearly nearest (<= HOMONYM_MARGIN x the next); else report it.
    problems, claims = [], defaultdict(set)  # (new code, old commune key) -> {old unit}
    old_provs_of = conv["DICT_PROVINCE"]

    def resolve_old(new_pk, key):
        parts = tuple(key.split("_"))
        hits = old_by_key.get(parts, set()) if len(parts) == 3 else set()
        if len(hits) != 1 or parts[0] not in old_provs_of[new_pk]:
            problems.append(f"old key {key!r} (new province {new_pk}): {len(hits)} matches")
            return None
        return next(iter(hits))

    def add(new_pk, old_key, new_wk):
        o, n = resolve_old(new_pk, old_key), new_commune_by_key.get((new_pk, new_wk), set())
        if len(n) != 1:
            problems.append(f"new key {new_pk}/{new_wk} (from {old_key}): {len(n)} matches")
        elif o:
            claims[(next(iter(n)), old_key.split("_")[2])].add(o)

    for new_pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, old_keys in wards.items():
            for old_key in old_keys:
                add(new_pk, old_key, new_wk)
    for new_pk, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for t in targets:
                add(new_pk, old_key, t["newWardKey"])

    pairs = set()
    for (n, _), olds in sorted(claims.items()):
        if len(olds) == 1:
            pairs.add((next(iter(olds)), n))
            continue
        ranked = sorted((km(old_pos[o[2] or o[1]], new_pos[n]), o) for o in olds)
        (d1, best), (d2, _) = ranked[0], ranked[1]
        if d1 <= HOMONYM_MARGIN * d2:
            pairs.add((best, n))
            print(f"homonym: {n} <- {best[2] or best[1]} ({d1:.1f} km; namesakes "
                  f"{', '.join(f'{o[2]} {d:.1f} km' for d, o in ranked[1:])})", file=sys.stderr)
        else:
            problems.append(f"new {n} claimed by namesakes {[o[2] for _, o in ranked]}, distances too close")
    targets = defaultdict(int)
    for o, _ in pairs:
        targets[o] += 1
    rows = [(*o, new_prov[n], n, "partial" if targets[o] > 1 else "full") for o, n in pairs]
    write_csv("conversion_2025.csv", ["old_province_code", "old_district_code", "old_commune_code",
                                      "new_province_code", "new_commune_code", "kind"], rows)
    for p in problems:
        print("UNRESOLVED:", p, file=sys.stderr)
    print(f"conversion: {len(rows)} pairs, {len(problems)} unresolved", file=sys.stderr)

    # Licence text from METADATA's License field if it has one; 1.1.2 has only the MIT classifier.
    lic = email.parser.Parser().parsestr(meta).get("License") or ""
    lic = lic.strip() + "\n" if "Permission is hereby granted" in lic else MIT
    (OUT / "LICENSE-onflow-location-platform.txt").write_text(lic, encoding="utf-8", newline="")


def check_official(path):
    """Compare (old_commune_code, new_commune_code) pairs with the official table.

    Rows without an old commune (a whole district became a special zone) are compared as
    ('district:<old_district_code>', new). Official merge kinds other than full/partial count as full.
    """
    def key(old_d, old_c, new_c):
        return (old_c or f"district:{old_d}", new_c)

    with open(path, encoding="utf-8", newline="") as f:
        off = {key(r["old_district_code"], r["old_ward_code"], r["new_ward_code"]):
               ("partial" if r["merge_kind"] == "partial" else "full") for r in csv.DictReader(f)}
    with open(OUT / "conversion_2025.csv", encoding="utf-8", newline="") as f:
        ours = {key(r["old_district_code"], r["old_commune_code"], r["new_commune_code"]): r["kind"]
                for r in csv.DictReader(f)}
    both = off.keys() & ours.keys()
    only_ours, only_off = sorted(ours.keys() - off.keys()), sorted(off.keys() - ours.keys())
    kind_diff = sorted(k for k in both if off[k] != ours[k])
    print(f"official pairs: {len(off)}, ours: {len(ours)}, agree: {len(both)}, only ours: {len(only_ours)}, "
          f"only official: {len(only_off)}, same pair but other kind: {len(kind_diff)}")
    print(f"disagreement (only ours + only official) / official = {(len(only_ours) + len(only_off)) / len(off):.4%}")
    for k in only_ours:
        print("  only ours:", k)
    for k in only_off:
        print("  only official:", k)
    for k in kind_diff:
        print(f"  kind differs: {k} ours={ours[k]} official={off[k]}")


def main(argv):
    official = None
    if "--check-official" in argv:
        i = argv.index("--check-official")
        official = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if "--check-only" in argv:
        check_official(argv[argv.index("--check-only") + 1])
        return
    build(Path(argv[0]) if argv else fetch_wheel())
    if official:
        check_official(official)


if __name__ == "__main__":
    main(sys.argv[1:])
