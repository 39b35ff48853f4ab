#!/usr/bin/env python3
"""Print the keyed parameters that shien's catalog takes from openfisca-japan's asset tables, as JSON.

Usage:
    ofj_tables.py --assets .venv-oracle/lib/python3.11/site-packages/openfisca_japan/assets \\
                  --municipalities Resources/catalog/municipalities.tsv

openfisca-japan (OFJ) 2.2.0 keys its 生活保護 tables by prefecture and municipality *name*; shien keys them by the
全国地方公共団体コード (5 digits), so that a household may name its municipality in any form. This script does that
translation and nothing else (no value is changed):

- `kyuchi`: the 級地 of each municipality as a row number 0..5 (1級地-1, 1級地-2, 2級地-1, 2級地-2, 3級地-1,
  3級地-2), from assets/市区町村級地区分.json; every other municipality is 3級地-2 (OFJ's default). The wards of a
  designated city (札幌市中央区 …) take their city's 級地. Five names that OFJ misspells (佂石市, 塩伽市, 龍ヶ崎市,
  鎌ヶ谷市, 袖ヶ浦市) are matched to 釜石市, 塩竈市, 龍ケ崎市, 鎌ケ谷市 and 袖ケ浦市.
- `housing_cap_city`: the 住宅扶助 upper limits (1人, 2人, 3〜5人, 6人, 7人以上) of the cities listed in
  assets/福祉/生活保護/住宅扶助基準額/市.csv, and their wards.
- `housing_cap_prefecture`: the limits by prefecture (by name) for 1級地, 2級地 and 3級地 in turn (15 numbers), from
  住宅扶助基準額/都道府県.csv; 0 where the prefecture has no municipality of that 級地 outside the listed cities.

Only the standard library is used.
"""

import argparse
import csv
import json
import os

MISSPELT = {"佂石市": "釜石市", "塩伽市": "塩竈市", "龍ヶ崎市": "龍ケ崎市", "鎌ヶ谷市": "鎌ケ谷市", "袖ヶ浦市": "袖ケ浦市"}
CLASS_ROW = {(1, 1): 0, (1, 2): 1, (2, 1): 2, (2, 2): 3, (3, 1): 4, (3, 2): 5}


def municipalities(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return [{"code": r[0], "prefecture": r[3], "name": r[4]} for r in rows]


def codes_of(munis, prefecture, name):
    """The code of a municipality and, for a designated city, of its wards."""
    name = MISSPELT.get(name, name)
    found = [m["code"] for m in munis if m["prefecture"] == prefecture and m["name"] == name]
    if not found:
        raise SystemExit(f"no municipality {prefecture}{name} in the municipality table")
    wards = [m["code"] for m in munis if m["prefecture"] == prefecture and m["name"].startswith(name)
             and m["name"] != name and m["name"].endswith("区") and name.endswith("市")]
    return found + wards


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", required=True, help="openfisca_japan/assets folder")
    ap.add_argument("--municipalities", required=True, help="Resources/catalog/municipalities.tsv")
    args = ap.parse_args()
    munis = municipalities(args.municipalities)

    with open(os.path.join(args.assets, "市区町村級地区分.json"), encoding="utf-8") as f:
        classes = json.load(f)
    kyuchi = {}
    for prefecture, by_name in classes.items():
        for name, (major, minor) in by_name.items():
            for code in codes_of(munis, prefecture, name):
                kyuchi[code] = CLASS_ROW[(major, minor)]

    cap_dir = os.path.join(args.assets, "福祉", "生活保護", "住宅扶助基準額")
    city = {}
    with open(os.path.join(cap_dir, "市.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            matches = [m for m in munis if m["name"] == row["市"]]
            if len(matches) != 1:
                raise SystemExit(f"市.csv: {row['市']} names {len(matches)} municipalities")
            values = [int(row[k]) for k in ("1人", "2人", "3~5人", "6人", "7人以上")]
            for code in codes_of(munis, matches[0]["prefecture"], row["市"]):
                city[code] = values
    prefecture = {}
    with open(os.path.join(cap_dir, "都道府県.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            values = prefecture.setdefault(row["都道府県"], [0] * 15)
            major = int(row["級地"])
            values[(major - 1) * 5:major * 5] = [int(row[k]) for k in ("1人", "2人", "3~5人", "6人", "7人以上")]

    def compact(mapping):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}"
                              for k, v in sorted(mapping.items())) + "}"

    print('"kyuchi": ' + compact(kyuchi))
    print('"housing_cap_city": ' + compact(city))
    print('"housing_cap_prefecture": ' + compact(prefecture))


if __name__ == "__main__":
    main()
