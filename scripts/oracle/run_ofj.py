#!/usr/bin/env python3
"""Compute the oracle measures with openfisca-japan for shien household documents.

Usage:
    run_ofj.py [FILE ...] [--batch 500] [--explain] > ofj.jsonl      (reads stdin when no FILE is given)

Input: JSON Lines, one shien household document per line (see ../../shared/design/brief.md).
Output: JSON Lines, one line per household, in input order:

    {"id": "H-0001", "as_of": "2025-06-01",
     "measures": {"child-allowance": {"status": "eligible", "amount": 20000, "min": 20000, "max": 20000,
                                      "per": "month", "ofj": "児童手当"}, ...}}

`amount` is OFJ's maximum; `min`/`max` carry OFJ's range where OFJ returns one (児童扶養手当 partial payment,
特別児童扶養手当 grade 1 vs 2, 高等学校等就学支援金 学年制 vs 単位制). `status` is "eligible" when max > 0.
A household that cannot be converted gets {"id": ..., "error": "..."} and the run goes on.
With --explain, OFJ intermediates (所得, 扶養人数, 控除後世帯高所得, 所得判定基準 …) are added under "explain".

All households with the same as_of are computed in batches of --batch households per OFJ simulation.
See OFJ-RULES.md for what OFJ computes.
"""

import argparse
import datetime as dt
import json
import sys
import time

MEASURES = {
    # measure id: (OFJ min variable, OFJ max variable)
    "child-allowance": ("児童手当", "児童手当"),
    "child-support-allowance": ("児童扶養手当_最小", "児童扶養手当_最大"),
    "special-child-rearing-allowance": ("特別児童扶養手当_最小", "特別児童扶養手当_最大"),
    "disabled-child-welfare-allowance": ("障害児福祉手当", "障害児福祉手当"),
    "high-school-tuition-support": ("高等学校等就学支援金_最小", "高等学校等就学支援金_最大"),
    "special-disability-allowance": ("特別障害者手当_最小", "特別障害者手当_最大"),
    "high-school-scholarship-benefit": ("高等学校奨学給付金_最小", "高等学校奨学給付金_最大"),
    "higher-education-support": ("高等教育の修学支援新制度_授業料等減免_最小", "高等教育の修学支援新制度_授業料等減免_最大"),
    "housing-security-benefit": ("住居確保給付金_最小", "住居確保給付金_最大"),
    "public-assistance": ("生活保護", "生活保護"),
}
# How OFJ states each amount, when not a plain monthly sum: 修学支援新制度 is a yearly amount; 奨学給付金 is the yearly
# amount ÷ 12 rounded down (compare.py rounds shien's the same way).
PER = {"higher-education-support": "year"}
FLOORED = {"high-school-scholarship-benefit"}

EXPLAIN_HOUSEHOLD = ["扶養人数", "世帯高所得", "児童扶養手当の控除後世帯高所得", "特別児童扶養手当の控除後世帯高所得",
                     "障害児福祉手当の控除後世帯高所得", "児童扶養手当の対象児童人数", "ひとり親",
                     "控除後住民税世帯高所得", "調整控除", "世帯主の配偶者の控除後住民税所得", "世帯主の配偶者の調整控除",
                     "高等学校等就学支援金_所得判定基準", "居住級地区分1", "居住級地区分2", "住民税非課税世帯",
                     "高等教育の修学支援新制度_減免額算定基準額", "高等教育の修学支援新制度_多子世帯である",
                     "住居確保給付金の資産要件を満たす", "住宅扶助基準", "生活保護", "児童手当", "児童育成手当",
                     "児童扶養手当_最小"]
EXPLAIN_PERSON = ["年齢", "学年", "所得", "社会保険料控除", "住民税所得控除", "特別障害者手当の控除後所得_本人所得",
                  "特別障害者手当の控除後所得_扶養義務者所得"]
# The parts of OFJ's 生活保護 formula (variables/福祉/生活保護.py), to rebuild its margin before the clip at 0:
# 最低生活費 − 月収 − 各種手当. Negative means OFJ finds the household above the minimum cost of living.
SEIKATSU_PARTS = ["生活扶助基準1", "生活扶助基準2", "生活扶助本体に係る経過的加算", "障害者加算", "母子加算",
                  "児童を養育する場合の加算", "母子世帯等に係る経過的加算", "児童を養育する場合に係る経過的加算",
                  "放射線障害者加算", "妊産婦加算", "介護施設入所者加算", "在宅患者加算", "住宅扶助基準", "教育扶助基準",
                  "高等学校等就学費", "期末一時扶助", "勤労控除", "児童手当", "児童育成手当", "児童扶養手当_最小"]

ROLE_GROUP = {"self": "親", "spouse": "親", "child": "子",
              "parent": "祖父母", "grandparent": "祖父母", "other": "祖父母"}
PHYSICAL = {0: "無", 1: "一級", 2: "二級", 3: "三級", 4: "四級", 5: "五級", 6: "六級", 7: "七級"}
MENTAL = {0: "無", 1: "一級", 2: "二級", 3: "三級"}
INTELLECTUAL = {"none": "無", "A": "A", "B": "B"}
COURSE = {"none": "無", "full_time": "全日制課程", "part_time": "定時制課程", "correspondence": "通信制課程",
          "advanced": "専攻科"}
OPERATOR = {"none": "無", "national": "国立", "public": "公立", "private": "私立"}
EMPLOYMENT = {"none": "無", "employee": "会社員", "civil_servant": "公務員", "self_employed": "自営業",
              "other": "その他"}
PREGNANCY = {"none": "無", "under_6_months": "妊娠6ヵ月未満", "over_6_months": "妊娠6ヵ月以上", "postpartum": "産後6ヵ月以内"}
HIGHER_TYPE = {"none": "無", "university": "大学", "junior_college": "短期大学", "technical_college": "高等専門学校",
               "vocational": "専修学校専門課程"}
HIGHER_OPERATOR = {"none": "無", "public": "国公立", "private": "私立"}

_MUNICIPALITIES = None


def municipality_names(code):
    """A 全国地方公共団体コード -> (prefecture, municipality) from shien's own table, for households that give a code."""
    global _MUNICIPALITIES
    if _MUNICIPALITIES is None:
        import os
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Resources", "catalog",
                            "municipalities.tsv")
        _MUNICIPALITIES = {}
        with open(path, encoding="utf-8") as f:
            for line in list(f)[1:]:
                c5, c6, _, pref, name = line.rstrip("\n").split("\t")
                _MUNICIPALITIES[c5] = _MUNICIPALITIES[c6] = (pref, name)
    return _MUNICIPALITIES.get(code)


class BadHousehold(ValueError):
    pass


def _date(s, what):
    try:
        return dt.date.fromisoformat(str(s))
    except ValueError:
        raise BadHousehold(f"{what}: not an ISO date: {s!r}")


def _money(v, what):
    if v is None:
        return 0.0
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        raise BadHousehold(f"{what}: not a non-negative number: {v!r}")
    return float(v)


def _enum(table, v, what, default):
    if v is None:
        return default
    if isinstance(v, bool):  # True/False are ints in Python; never a grade
        raise BadHousehold(f"{what}: unexpected value {v!r}")
    try:
        return table[v]
    except (KeyError, TypeError):
        raise BadHousehold(f"{what}: unexpected value {v!r}")


def convert(h, default_as_of=None):
    """shien household -> (as_of date, {'世帯': {...}, '人物': {...}}) for one OFJ household."""
    if not isinstance(h, dict):
        raise BadHousehold("household is not a JSON object")
    hid = h.get("id")
    if hid is None:
        raise BadHousehold("household has no id")
    as_of = _date(h.get("as_of") or default_as_of, "as_of") if (h.get("as_of") or default_as_of) else None
    if as_of is None:
        raise BadHousehold("household has no as_of (use --as-of)")
    D = as_of.isoformat()
    members = h.get("members")
    if not isinstance(members, list) or not members:
        raise BadHousehold("members missing or empty")

    # order: self, spouse, then children oldest first (stable), then others — OFJ breaks ties by position
    def order_key(im):
        i, m = im
        role = m.get("role")
        rank = {"self": 0, "spouse": 1, "child": 2}.get(role, 3)
        b = m.get("birth_date") or ""
        return (rank, b if role == "child" else "", i)

    people = {}
    roles = {"親一覧": [], "子一覧": [], "祖父母一覧": []}
    for i, m in sorted(enumerate(members), key=order_key):
        if not isinstance(m, dict):
            raise BadHousehold(f"members[{i}] is not an object")
        role = m.get("role")
        if role not in ROLE_GROUP:
            raise BadHousehold(f"members[{i}].role: unexpected value {role!r}")
        pid = f"{hid}#{i}"
        where = f"members[{i}]"
        if m.get("birth_date"):
            birth = _date(m["birth_date"], f"{where}.birth_date")
        elif m.get("age") is not None:
            a = m["age"]
            if isinstance(a, bool) or not isinstance(a, int) or a < 0:
                raise BadHousehold(f"{where}.age: not a whole number: {a!r}")
            # approximate: half a year past the birthday (grade may be off by one near 1 April)
            try:
                birth = as_of.replace(year=as_of.year - a)
            except ValueError:
                birth = as_of.replace(year=as_of.year - a, day=28)
            birth -= dt.timedelta(days=182)
        else:
            raise BadHousehold(f"{where}: neither birth_date nor age")
        p = {
            "誕生年月日": {"ETERNITY": birth.isoformat()},
            "収入": {D: _money(m.get("income"), f"{where}.income")},
            "就労形態": {D: _enum(EMPLOYMENT, m.get("employment"), f"{where}.employment", "無")},
            "身体障害者手帳等級": {D: _enum(PHYSICAL, m.get("disability_physical_grade"),
                                    f"{where}.disability_physical_grade", "無")},
            "療育手帳等級": {D: _enum(INTELLECTUAL, m.get("disability_intellectual_grade"),
                                f"{where}.disability_intellectual_grade", "無")},
            "精神障害者保健福祉手帳等級": {D: _enum(MENTAL, m.get("disability_mental_grade"),
                                       f"{where}.disability_mental_grade", "無")},
            "内部障害": {D: "有" if m.get("internal_disability") is True else "無"},
            "高校履修種別": {D: _enum(COURSE, m.get("high_school_course"), f"{where}.high_school_course", "無")},
            "高校運営種別": {D: _enum(OPERATOR, m.get("high_school_operator"),
                                f"{where}.high_school_operator", "無")},
            "学生": {D: m.get("student") is True},
            "介護施設入所中": {D: m.get("in_care_facility") is True},
            "入院中": {D: m.get("hospitalized") is True},
            "預貯金": {D: int(_money(m.get("savings"), f"{where}.savings"))},
            "妊産婦": {D: _enum(PREGNANCY, m.get("pregnancy"), f"{where}.pregnancy", "無")},
            "大学等履修種別": {D: _enum(HIGHER_TYPE, m.get("higher_education_type"),
                                  f"{where}.higher_education_type", "無")},
            "大学等運営種別": {D: _enum(HIGHER_OPERATOR, m.get("higher_education_operator"),
                                  f"{where}.higher_education_operator", "無")},
            "私立理工農系の学部等に在学している": {D: m.get("stem_faculty") is True},
        }
        # OFJ treats a person as self-employed iff 個人事業主の必要経費 > 0 (see OFJ-RULES.md, gotcha 1)
        if m.get("employment") == "self_employed":
            p["個人事業主の必要経費"] = {D: _money(m.get("business_expenses"), f"{where}.business_expenses")}
        people[pid] = p
        roles[{"親": "親一覧", "子": "子一覧", "祖父母": "祖父母一覧"}[ROLE_GROUP[role]]].append(pid)
    if len(roles["親一覧"]) > 2:
        raise BadHousehold("more than two members with role self/spouse")
    if not roles["親一覧"]:
        raise BadHousehold("no member with role self")
    hh = {k: v for k, v in roles.items() if v}
    sp = h.get("single_parent")
    hh["配偶者がいるがひとり親に該当"] = {D: bool(sp is True and len(roles["親一覧"]) == 2)}
    hh["家賃"] = {D: int(_money(h.get("rent"), "rent"))}
    muni, pref = h.get("municipality"), h.get("prefecture")
    if isinstance(muni, str) and muni.isdigit():
        found = municipality_names(muni)
        if found is None:
            raise BadHousehold(f"municipality: unknown code {muni!r}")
        pref, muni = found
    if isinstance(muni, str) and isinstance(pref, str):
        # OFJ looks up 級地 and 住宅扶助 by these names; without them it uses 北海道/その他 (3級地-2)
        hh["居住都道府県"] = {D: pref}
        hh["居住市区町村"] = {D: muni}
    return as_of, {"世帯": hh, "人物": people}


_TBS = None


def tax_benefit_system():
    global _TBS
    if _TBS is None:
        from openfisca_japan import CountryTaxBenefitSystem
        _TBS = CountryTaxBenefitSystem()
    return _TBS


def compute_batch(items, as_of, explain=False):
    """items: list of (hid, converted). Returns {hid: result} for one OFJ simulation."""
    from openfisca_core.simulation_builder import SimulationBuilder
    D = as_of.isoformat()
    situation = {"世帯一覧": {}, "世帯員": {}}
    keys = []
    for n, (hid, conv) in enumerate(items):
        key = f"h{n}"  # OFJ ids must be unique; shien ids may repeat in bad input
        keys.append((hid, key, list(conv["人物"].keys())))
        situation["世帯一覧"][key] = dict(conv["世帯"])  # a copy: the role lists are renamed below
        situation["世帯員"].update({f"{key}/{pid}": p for pid, p in conv["人物"].items()})
        for rk in ("親一覧", "子一覧", "祖父母一覧"):
            if rk in conv["世帯"]:
                situation["世帯一覧"][key][rk] = [f"{key}/{pid}" for pid in conv["世帯"][rk]]
    sim = SimulationBuilder().build_from_entities(tax_benefit_system(), situation)
    values = {}
    for mn, mx in MEASURES.values():
        for v in (mn, mx):
            if v not in values:
                values[v] = sim.calculate(v, D)
    if explain:
        hvals = {v: sim.calculate(v, D) for v in EXPLAIN_HOUSEHOLD}
        pvals = {v: sim.calculate(v, D) for v in EXPLAIN_PERSON}
        parts = {v: sim.calculate(v, D) for v in SEIKATSU_PARTS}
        incomes = sim.calculate("収入", D)
    # household order in OFJ arrays = insertion order of 世帯一覧; person order = insertion order of 世帯員
    out = []
    pi = 0
    for n, (hid, key, pids) in enumerate(keys):
        res = {}
        for mid, (mn, mx) in MEASURES.items():
            lo, hi = float(values[mn][n]), float(values[mx][n])
            lo, hi = (int(lo) if lo.is_integer() else lo), (int(hi) if hi.is_integer() else hi)
            res[mid] = {"status": "eligible" if hi > 0 else "ineligible", "amount": hi, "min": lo, "max": hi,
                        "per": PER.get(mid, "month"), "ofj": mn if mn == mx else f"{mn}/{mx}"}
            if mid in FLOORED:
                res[mid]["floored"] = True
        rec = {"id": hid, "as_of": D, "measures": res}
        if explain:
            rec["explain"] = {v: round(float(hvals[v][n]), 3) for v in EXPLAIN_HOUSEHOLD}
            p = {v: float(parts[v][n]) for v in SEIKATSU_PARTS}
            minimum = (max(p["生活扶助基準1"] * 0.855, p["生活扶助基準2"]) + p["生活扶助本体に係る経過的加算"]
                       + max(p["障害者加算"], p["母子加算"]) + p["児童を養育する場合の加算"] + p["母子世帯等に係る経過的加算"]
                       + p["児童を養育する場合に係る経過的加算"] + p["放射線障害者加算"] + p["妊産婦加算"]
                       + p["介護施設入所者加算"] + p["在宅患者加算"] + p["住宅扶助基準"] + p["教育扶助基準"]
                       + p["高等学校等就学費"] + p["期末一時扶助"])
            earned = max(0.0, sum(float(incomes[pi + j]) for j in range(len(pids))) / 12 - p["勤労控除"])
            margin = minimum - earned - p["児童手当"] - p["児童育成手当"] - p["児童扶養手当_最小"]
            if abs(max(0.0, margin) - float(values["生活保護"][n])) > 1:  # OFJ computes in float32
                raise RuntimeError(f"{hid}: rebuilt 生活保護 {margin} does not match OFJ {values['生活保護'][n]}")
            rec["explain"]["生活保護_最低生活費"] = round(minimum, 3)
            rec["explain"]["生活保護_余裕"] = round(margin, 3)
            rec["explain"]["members"] = [
                {v: round(float(pvals[v][pi + j]), 3) for v in EXPLAIN_PERSON} for j in range(len(pids))]
        pi += len(pids)
        out.append(rec)
    return out


def read_lines(files):
    if not files:
        for n, line in enumerate(sys.stdin, 1):
            yield "<stdin>", n, line
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                yield f, n, line


def run(lines, batch=500, explain=False, default_as_of=None, out=sys.stdout, stats=None):
    """Stream households -> results, in input order. Households are grouped per as_of within a window."""
    pending = []  # (index, hid, as_of, conv) or (index, error record)

    def flush():
        results = {}
        by_date = {}
        for rec in pending:
            if rec[0] == "err":
                results[rec[1]] = rec[2]
            else:
                by_date.setdefault(rec[3], []).append(rec)
        for as_of, recs in by_date.items():
            t0 = time.time()
            try:
                outs = compute_batch([(r[2], r[4]) for r in recs], as_of, explain)
            except Exception as e:  # one bad household must not sink the batch: retry one by one
                outs = []
                for r in recs:
                    try:
                        outs.extend(compute_batch([(r[2], r[4])], as_of, explain))
                    except Exception as e1:
                        outs.append({"id": r[2], "error": f"openfisca: {type(e1).__name__}: {e1}"})
            if stats is not None:
                stats["seconds"] += time.time() - t0
                stats["households"] += len(recs)
            for r, o in zip(recs, outs):
                results[r[1]] = o
        for idx in sorted(results):
            out.write(json.dumps(results[idx], ensure_ascii=False) + "\n")
        pending.clear()

    idx = 0
    for src, n, line in lines:
        if not line.strip():
            continue
        idx += 1
        try:
            h = json.loads(line)
        except json.JSONDecodeError as e:
            pending.append(("err", idx, {"id": None, "error": f"{src}:{n}:{e.colno}: bad JSON: {e.msg}"}))
            continue
        try:
            as_of, conv = convert(h, default_as_of)
            pending.append((None, idx, h.get("id"), as_of, conv))
        except BadHousehold as e:
            hid = h.get("id") if isinstance(h, dict) else None
            pending.append(("err", idx, {"id": hid, "error": f"{src}:{n}: {e}"}))
        if len(pending) >= batch:
            flush()
    flush()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="JSON Lines files of households (default: stdin)")
    ap.add_argument("--batch", type=int, default=500, help="households per OFJ simulation (default 500)")
    ap.add_argument("--as-of", help="date for households without as_of (YYYY-MM-DD)")
    ap.add_argument("--explain", action="store_true", help="add OFJ intermediates under 'explain'")
    ap.add_argument("--timing", action="store_true", help="print timing to stderr")
    args = ap.parse_args(argv)
    t0 = time.time()
    tax_benefit_system()
    t_load = time.time() - t0
    stats = {"seconds": 0.0, "households": 0}
    run(read_lines(args.files), max(1, args.batch), args.explain, args.as_of, sys.stdout, stats)
    if args.timing:
        n = stats["households"]
        print(f"run_ofj: {n} households, load {t_load:.2f}s, compute {stats['seconds']:.2f}s"
              f" ({1000 * stats['seconds'] / max(n, 1):.2f} ms/household), total {time.time() - t0:.2f}s",
              file=sys.stderr)


if __name__ == "__main__":
    main()
