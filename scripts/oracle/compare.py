#!/usr/bin/env python3
"""Differential test: shien versus openfisca-japan on generated households.

Usage:
    compare.py --shien-bin PATH --households FILE [--ofj FILE] [--known-differences FILE]
               [--measures id,id] [--show 3] [--jobs 4] [--threshold 0.99] [--lenient-maybe]
               [--json-report FILE]

For each household (one JSON object per line of FILE), this runs
    PATH check --household - --format json --all --as-of <household.as_of>
with the household on stdin, reads shien's result (brief.md "The result"), and compares each of these measures
with openfisca-japan:

    child-allowance, child-support-allowance, special-child-rearing-allowance,
    disabled-child-welfare-allowance, high-school-tuition-support, special-disability-allowance,
    high-school-scholarship-benefit, higher-education-support, housing-security-benefit, public-assistance

OFJ results come from --ofj FILE (output of run_ofj.py) or, when absent, are computed here by importing
run_ofj.py (this needs openfisca-japan in the running Python, e.g. .venv-oracle/bin/python).

Per measure and household the outcome is one of:
  exact      same status; when eligible, shien's amount range equals OFJ's (±0.5 yen, per month)
  within     same status; OFJ returns a range (児扶 partial, 特児 grade 1/2, 就学支援金 学年制/単位制) and
             shien's [min, max] lies inside it
  explained  a difference matched by an entry of --known-differences (documented OFJ-DATE-MISMATCH etc.)
  differ     status or amount differ
  maybe      shien said "maybe" (counts as a difference unless --lenient-maybe)
  missing    shien did not list the measure (run with --all), or shien failed on the household

agreement = (exact + within + explained) / households, per measure.
Exit status: 0 if every compared measure reaches --threshold (default 0.99), 1 otherwise, 2 on usage or
input errors.

Known differences (--known-differences FILE) are a JSON list of
    {"measure": "special-child-rearing-allowance" | [ids] | "*", "reason": "…", "match": {…}}
where every key given in "match" must hold:
    as_of_from / as_of_to      inclusive ISO dates bounding the household's as_of
    ofj_status / shien_status  a status or a list of statuses
    status_agrees              true/false
    household                  {field: value | [values]} on the household's top-level fields
    any_member                 {field: value | [values]}: some member matches all of them
    ofj_unit_map               {"53700": 56800, …}: statuses agree and shien's amount agrees with OFJ's
                               once OFJ's amounts are rebuilt from the mapped unit amounts (each OFJ
                               amount is decomposed into a sum of the listed units)
    any_member_age_grade       {"role": "child", "age_max": 22, "grade_min": 17}: some member's age and grade
    shien_amount_open          true: shien left the amount open-ended and marked it unverified
    ofj_explain                {"住民税非課税世帯": 0}: OFJ's intermediates (run_ofj.py --explain) have these values
    shien_fails_only           ["条件の一部", …]: shien is ineligible and every condition it reports as failing
                               contains one of these texts (the requirements OFJ does not check)
    corrected_margin           {"ofj_field": "生活保護_余裕", "rent_cap_field": "住宅扶助基準",
                                "allowances": {"child-allowance": "児童手当", …}}: OFJ's margin with its housing
                               cap replaced by the rent paid and its allowances by shien's gives exactly shien's
                               status and amount
"""

import argparse
import concurrent.futures
import datetime as dt
import io
import json
import math
import os
import shlex
import shutil
import subprocess
import sys

MEASURE_IDS = ["child-allowance", "child-support-allowance", "special-child-rearing-allowance",
               "disabled-child-welfare-allowance", "high-school-tuition-support", "special-disability-allowance",
               "high-school-scholarship-benefit", "higher-education-support", "housing-security-benefit",
               "public-assistance"]
# Measures compared on status only (shien states no amount for them). None at present.
STATUS_ONLY = set()
OUTCOMES = ["exact", "within", "explained", "differ", "maybe", "missing"]
# shien pays whole yen, each measure rounded by its own rule (1円未満切り捨て unless it says otherwise), while OFJ
# computes in floats: an amount within a yen of OFJ's agrees.
TOL = 1.0


def die(msg, code=2):
    print(f"compare.py: {msg}", file=sys.stderr)
    sys.exit(code)


# ---------------------------------------------------------------- inputs

def load_households(path):
    hs = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    h = json.loads(line)
                except json.JSONDecodeError as e:
                    die(f"{path}:{n}:{e.colno}: bad JSON: {e.msg}")
                if not isinstance(h, dict) or "id" not in h:
                    die(f"{path}:{n}: household without id")
                hs.append((line.rstrip("\n"), h))
    except OSError as e:
        die(f"{path}: {e.strerror}")
    ids = [h["id"] for _, h in hs]
    if len(set(ids)) != len(ids):
        die(f"{path}: household ids are not unique")
    return hs


def load_ofj(path, households):
    if path:
        res = {}
        try:
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if line.strip():
                        try:
                            r = json.loads(line)
                        except json.JSONDecodeError as e:
                            die(f"{path}:{n}:{e.colno}: bad JSON: {e.msg}")
                        res[r.get("id")] = r
        except OSError as e:
            die(f"{path}: {e.strerror}")
        return res
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        import run_ofj
        run_ofj.tax_benefit_system()
    except ImportError as e:
        die(f"openfisca-japan is not importable ({e}); pass --ofj FILE or use .venv-oracle/bin/python")
    buf = io.StringIO()
    run_ofj.run((("<households>", n, line) for n, (line, _) in enumerate(households, 1)), out=buf)
    return {r.get("id"): r for r in map(json.loads, buf.getvalue().splitlines())}


def load_known(path):
    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as f:
            known = json.load(f)
    except OSError as e:
        die(f"{path}: {e.strerror}")
    except json.JSONDecodeError as e:
        die(f"{path}:{e.lineno}:{e.colno}: bad JSON: {e.msg}")
    if not isinstance(known, list):
        die(f"{path}: expected a JSON list")
    allowed = {"as_of_from", "as_of_to", "ofj_status", "shien_status", "status_agrees", "household",
               "any_member", "ofj_unit_map", "any_member_age_grade", "shien_amount_open", "shien_fails_only",
               "ofj_explain", "corrected_margin", "shien_unverified", "premium_shift"}
    for i, k in enumerate(known):
        if not isinstance(k, dict) or "measure" not in k or "reason" not in k or not isinstance(k.get("match", {}), dict):
            die(f"{path}: entry {i} needs measure, reason and a match object")
        extra = set(k.get("match", {})) - allowed
        if extra:
            die(f"{path}: entry {i}: unknown match key(s) {sorted(extra)}")
    return known


# ---------------------------------------------------------------- shien

def run_shien(cmd, line, h, timeout):
    """Run shien once (retried once on a timeout: a loaded build machine is not a shien bug)."""
    res, err = _run_shien_once(cmd, line, h, timeout)
    if err and err.startswith("timeout"):
        res, err = _run_shien_once(cmd, line, h, timeout)
    return res, err


def _run_shien_once(cmd, line, h, timeout):
    as_of = h.get("as_of")
    args = cmd + ["check", "--household", "-", "--format", "json", "--all"]
    if as_of:
        args += ["--as-of", as_of]
    try:
        p = subprocess.run(args, input=line.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timeout after {timeout}s"
    except OSError as e:
        return None, f"cannot run {cmd[0]}: {e.strerror}"
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode != 0:
        return None, f"exit {p.returncode}: {err[:500]}"
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        return None, f"output is not JSON ({e.msg}): {p.stdout[:200]!r}"
    if not isinstance(doc, dict) or not isinstance(doc.get("measures"), list):
        return None, "output has no measures[] list"
    return {m.get("id"): m for m in doc["measures"] if isinstance(m, dict)}, None


# ---------------------------------------------------------------- comparison

def to_month(amount):
    """shien amount object -> (min, max) per month, or None."""
    if not isinstance(amount, dict):
        return None
    per = amount.get("per")
    try:
        lo, hi = float(amount["min"]), float(amount["max"])
    except (KeyError, TypeError, ValueError):
        return None
    if per == "month":
        return lo, hi
    if per == "year":
        return lo / 12, hi / 12
    return None


def ofj_month(ofj):
    """OFJ's (min, max) per month."""
    olo, ohi = float(ofj["min"]), float(ofj["max"])
    if ofj.get("per") == "year":
        return olo / 12, ohi / 12
    return olo, ohi


def classify(ofj, sh, mid=None):
    """-> (outcome, detail). ofj: run_ofj measure dict; sh: shien measure dict or None."""
    if sh is None:
        return "missing", "measure not in shien output"
    st = sh.get("status")
    if st == "maybe":
        return "maybe", f"missing facts: {sh.get('missing')}"
    if st != ofj["status"]:
        return "differ", f"status OFJ {ofj['status']} vs shien {st}"
    if st != "eligible" or mid in STATUS_ONLY:
        return "exact", ""
    rng = to_month(sh.get("amount"))
    if rng is None:
        return "differ", f"shien amount not comparable: {sh.get('amount')!r}"
    lo, hi = rng
    if ofj.get("floored"):
        # OFJ rounds its yearly amount ÷ 12 down to the yen (高等学校奨学給付金)
        lo, hi = math.floor(lo + 1e-9), math.floor(hi + 1e-9)
    olo, ohi = ofj_month(ofj)
    if abs(lo - olo) <= TOL and abs(hi - ohi) <= TOL:
        return "exact", ""
    if olo - TOL <= lo and hi <= ohi + TOL and lo <= hi:
        return "within", ""
    return "differ", f"amount OFJ [{olo:g}, {ohi:g}] vs shien [{lo:g}, {hi:g}] per month"


def _values(v):
    return v if isinstance(v, list) else [v]


def _rescale_bounds(value, unit_map):
    """All ways to write `value` as a sum of OFJ units -> (min, max) of the same sum in mapped units."""
    value = int(round(value))
    if value == 0:
        return 0.0, 0.0
    units = [(int(float(k)), float(v)) for k, v in unit_map.items()]
    g = 0
    for u, _ in units:
        g = math.gcd(g, u)
    if g == 0 or value % g:
        return None
    target = value // g
    if target > 200_000:
        return None
    INF = float("inf")
    lo = [INF] * (target + 1)
    hi = [-INF] * (target + 1)
    lo[0] = hi[0] = 0.0
    for s in range(1, target + 1):
        for u, new in units:
            k = u // g
            if k <= s and lo[s - k] != INF:
                lo[s] = min(lo[s], lo[s - k] + new)
                hi[s] = max(hi[s], hi[s - k] + new)
    if lo[target] == INF:
        return None
    return lo[target], hi[target]


def _age_grade_matches(mem, as_of, cond):
    if "role" in cond and mem.get("role") not in _values(cond["role"]):
        return False
    born, on = mem.get("birth_date"), as_of
    if not born or not on:
        return False
    by, bm, bd = (int(x) for x in born.split("-"))
    oy, om, od = (int(x) for x in on.split("-"))
    age = oy - by - (1 if (om, od) < (bm, bd) else 0)
    fy = oy if om >= 4 else oy - 1
    grade = fy - by - (1 if (4, 1) < (bm, bd) else 0) - 5   # age on 1 April of the fiscal year, minus 5
    if "age_max" in cond and age > cond["age_max"]:
        return False
    if "age_min" in cond and age < cond["age_min"]:
        return False
    if "grade_min" in cond and grade < cond["grade_min"]:
        return False
    if "grade_max" in cond and grade > cond["grade_max"]:
        return False
    return True


def _fails_only(sh, texts):
    """shien found the household ineligible, and every condition it reports as failing is one of `texts` (each
    given as a piece of the condition's Japanese text): what OFJ does not check."""
    if sh is None or sh.get("status") != "ineligible":
        return False
    failing = [w.get("text", "") for w in sh.get("why") or [] if w.get("holds") is False]
    return bool(failing) and all(any(t in f for t in texts) for f in failing)


def _amount_bounds(sh):
    """shien's monthly amount for a measure as (low, high): 0 when ineligible, the range when eligible or maybe
    (high is infinite when shien left it open). None when it cannot be read."""
    st = sh.get("status")
    if st == "ineligible":
        return 0.0, 0.0
    amount = sh.get("amount")
    if not isinstance(amount, dict) or amount.get("min") is None:
        return None
    high = float("inf") if amount.get("max") is None else float(amount["max"])
    low = float(amount["min"])
    if amount.get("per") == "year":
        low, high = low / 12, high / 12
    return (0.0 if st == "maybe" else low), high


def _corrected_margin(spec, h, shien_all, ofj_all):
    """OFJ's margin (its minimum cost of living less income and allowances, before the clip at 0) with the
    documented corrections applied, as (low, high): the housing cap OFJ counts in full replaced by the rent actually
    paid (up to the cap), and OFJ's allowances replaced by the ones shien computes (a range where shien's is one).
    None when something cannot be read."""
    ex = (ofj_all or {}).get("explain")
    if ex is None or spec["ofj_field"] not in ex:
        return None
    margin = float(ex[spec["ofj_field"]])
    if "rent_cap_field" in spec:
        cap = float(ex.get(spec["rent_cap_field"], 0))
        margin -= cap - min(float(h.get("rent") or 0), cap)
    # Per-person additions OFJ does not have (生活保護 特例加算), by date: each member adds `amount`, or `inpatient`
    # when in hospital or a care facility.
    as_of = str(h.get("as_of", ""))
    for add in spec.get("per_person", []):
        if add.get("from", "") <= as_of <= add.get("to", "9999-12-31"):
            for mem in h.get("members", []):
                inside = mem.get("hospitalized") is True or mem.get("in_care_facility") is True
                margin += float(add["inpatient"] if inside else add["amount"])
    low = high = margin
    for mid, ofj_name in spec.get("allowances", {}).items():
        sh = (shien_all or {}).get(mid)
        bounds = None if sh is None else _amount_bounds(sh)
        if bounds is None:
            return None
        ofj_amount = float(ex.get(ofj_name, 0))
        low -= bounds[1] - ofj_amount
        high -= bounds[0] - ofj_amount
    return low, high


def _premium_shift_crosses(spec, h, ofj_all):
    """True when OFJ's own 住民税 criterion (its `field` intermediate) and the same criterion with the 国民年金
    premium of the household's fiscal year instead of OFJ's constant one fall on two sides of one of `thresholds`.
    OFJ deducts 12 months of the premium for every member; the criterion is taxable income x `rate` less the
    adjustment credit, which moves by at most 5% of the change in taxable income, hence the slack."""
    ex = (ofj_all or {}).get("explain")
    if ex is None or spec["field"] not in ex:
        return False
    as_of = str(h.get("as_of", ""))
    monthly = next((p["monthly"] for p in spec["premium"] if p["from"] <= as_of <= p.get("to", "9999-12-31")), None)
    if monthly is None:
        return False
    members = len(h.get("members", []))
    taxable_change = -12.0 * (monthly - spec["ofj_premium"]) * members
    criterion = float(ex[spec["field"]])
    shifted = criterion + taxable_change * spec.get("rate", 0.06)
    slack = abs(taxable_change) * 0.05
    low, high = min(criterion, shifted - slack), max(criterion, shifted + slack)
    return any(low <= t <= high for t in spec["thresholds"])


def explains(entry, mid, h, ofj, sh, shien_all=None, ofj_all=None):
    ms = entry["measure"]
    if ms != "*" and mid not in _values(ms):
        return False
    m = entry.get("match", {})
    as_of = str(h.get("as_of", ""))
    if "as_of_from" in m and not as_of >= m["as_of_from"]:
        return False
    if "as_of_to" in m and not as_of <= m["as_of_to"]:
        return False
    sst = sh.get("status") if sh else None
    if "ofj_status" in m and ofj["status"] not in _values(m["ofj_status"]):
        return False
    if "shien_status" in m and sst not in _values(m["shien_status"]):
        return False
    if "status_agrees" in m and (ofj["status"] == sst) != bool(m["status_agrees"]):
        return False
    for k, v in m.get("household", {}).items():
        if h.get(k) not in _values(v):
            return False
    if "any_member" in m:
        cond = m["any_member"]
        if not any(all(mem.get(k) in _values(v) for k, v in cond.items()) for mem in h.get("members", [])):
            return False
    if "premium_shift" in m and not _premium_shift_crosses(m["premium_shift"], h, ofj_all):
        return False
    if m.get("shien_unverified"):
        # shien marks its own amount unverified (要確認): the figures it rests on are third-party or news only.
        amount = (sh or {}).get("amount") or {}
        if amount.get("verified") is not False:
            return False
    if m.get("shien_amount_open"):
        # shien left the amount open-ended (a parameter with no sourced value on that date), marked unverified.
        amount = (sh or {}).get("amount") or {}
        if amount.get("max") is not None or amount.get("verified") is not False:
            return False
    if "any_member_age_grade" in m:
        # A member of the given role whose whole-year age and school grade on as_of fall in the given bounds:
        # {"role": "child", "age_max": 22, "grade_min": 17} is a child OFJ still counts by age but who is past
        # the first 31 March after the 22nd birthday.
        cond = m["any_member_age_grade"]
        if not any(_age_grade_matches(mem, as_of, cond) for mem in h.get("members", [])):
            return False
    if "shien_fails_only" in m and not _fails_only(sh, _values(m["shien_fails_only"])):
        return False
    if "ofj_explain" in m:
        # OFJ's own intermediates (run_ofj.py --explain), e.g. {"住民税非課税世帯": 0}
        ex = (ofj_all or {}).get("explain")
        if ex is None or any(ex.get(k) not in _values(v) for k, v in m["ofj_explain"].items()):
            return False
    if "corrected_margin" in m:
        # shien's answer is exactly OFJ's once the documented corrections are applied to OFJ's own intermediates:
        # eligible with that amount when the corrected margin is above 0, ineligible when it is not, and maybe (up
        # to the highest margin) when a corrected allowance is itself open.
        bounds = _corrected_margin(m["corrected_margin"], h, shien_all, ofj_all)
        if bounds is None or sh is None:
            return False
        low, high = bounds
        st = sh.get("status")
        mine = _amount_bounds(sh) if st != "ineligible" else (0.0, 0.0)
        if st == "eligible":
            if mine is None or low <= TOL or abs(mine[0] - low) > TOL or abs(mine[1] - high) > TOL:
                return False
        elif st == "ineligible":
            if high > TOL:
                return False
        elif st == "maybe":
            if mine is None or not (low <= TOL < high) or abs(mine[1] - high) > TOL:
                return False
        else:
            return False
    if "ofj_unit_map" in m:
        if sh is None or ofj["status"] != sst:
            return False
        if sst != "eligible":
            return True
        rng = to_month(sh.get("amount"))
        a = _rescale_bounds(float(ofj["min"]), m["ofj_unit_map"])
        b = _rescale_bounds(float(ofj["max"]), m["ofj_unit_map"])
        if rng is None or a is None or b is None:
            return False
        lo, hi = rng
        if not (a[0] - TOL <= lo and hi <= b[1] + TOL):
            return False
    return True


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shien-bin", required=True, help="shien executable (may include arguments, shell-quoted)")
    ap.add_argument("--households", required=True, help="JSON Lines households (generate.py output)")
    ap.add_argument("--ofj", help="precomputed run_ofj.py output (default: compute now)")
    ap.add_argument("--known-differences", help="JSON list of documented differences")
    ap.add_argument("--measures", help="comma-separated measure ids (default: all)")
    ap.add_argument("--show", type=int, default=3, help="differences to print per measure (default 3)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel shien processes")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per shien run")
    ap.add_argument("--threshold", type=float, default=0.99, help="required agreement per measure (default 0.99)")
    ap.add_argument("--lenient-maybe", action="store_true", help="count shien 'maybe' as agreement")
    ap.add_argument("--json-report", help="write every per-household outcome to this JSON Lines file")
    args = ap.parse_args(argv)

    cmd = shlex.split(args.shien_bin)
    if not cmd:
        die("--shien-bin is empty")
    if shutil.which(cmd[0]) is None:
        die(f"--shien-bin: {cmd[0]}: not found or not executable")
    measures = args.measures.split(",") if args.measures else MEASURE_IDS
    unknown = [m for m in measures if m not in MEASURE_IDS]
    if unknown:
        die(f"unknown measure id(s): {', '.join(unknown)}")
    households = load_households(args.households)
    if not households:
        die(f"{args.households}: no households")
    known = load_known(args.known_differences)
    ofj_all = load_ofj(args.ofj, households)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        shien_all = list(pool.map(lambda lh: run_shien(cmd, lh[0], lh[1], args.timeout), households))

    counts = {m: {o: 0 for o in OUTCOMES} for m in measures}
    examples = {m: [] for m in measures}
    explained_by = {m: {} for m in measures}
    shien_errors = []
    ofj_errors = []
    report = open(args.json_report, "w", encoding="utf-8") if args.json_report else None
    for (line, h), (sres, serr) in zip(households, shien_all):
        hid = h["id"]
        o = ofj_all.get(hid)
        if o is None or "error" in o:
            ofj_errors.append((hid, (o or {}).get("error", "no OFJ result")))
            continue
        if serr:
            shien_errors.append((hid, serr))
        for mid in measures:
            ofj = o["measures"][mid]
            sh = None if serr else sres.get(mid)
            outcome, detail = classify(ofj, sh, mid)
            if serr:
                outcome, detail = "missing", f"shien failed: {serr}"
            if outcome == "maybe" and args.lenient_maybe:
                outcome = "within"
            if outcome in ("differ", "maybe", "missing") and sh is not None:
                for k in known:
                    if explains(k, mid, h, ofj, sh, sres, o):
                        outcome = "explained"
                        explained_by[mid][k["reason"]] = explained_by[mid].get(k["reason"], 0) + 1
                        break
            counts[mid][outcome] += 1
            if outcome in ("differ", "maybe", "missing") and len(examples[mid]) < args.show:
                examples[mid].append((hid, ofj, sh, detail, line, o.get("explain")))
            if report:
                report.write(json.dumps({"id": hid, "measure": mid, "outcome": outcome, "detail": detail,
                                         "ofj": ofj, "shien": sh}, ensure_ascii=False) + "\n")
    if report:
        report.close()

    # ---- table
    n_total = len(households) - len(ofj_errors)
    print(f"households: {len(households)}  (OFJ errors: {len(ofj_errors)}, shien failures: {len(shien_errors)})")
    hdr = f"{'measure':34} {'n':>6} " + " ".join(f"{o:>9}" for o in OUTCOMES) + f" {'agree%':>8}"
    print(hdr)
    print("-" * len(hdr))
    ok = n_total > 0
    for mid in measures:
        c = counts[mid]
        n = sum(c.values())
        agree = c["exact"] + c["within"] + c["explained"]
        pct = agree / n if n else 0.0
        ok = ok and n > 0 and pct >= args.threshold
        flag = "" if n and pct >= args.threshold else "  <-- below threshold"
        print(f"{mid:34} {n:6d} " + " ".join(f"{c[o]:9d}" for o in OUTCOMES) + f" {100 * pct:7.2f}%{flag}")
    for mid in measures:
        for reason, k in explained_by[mid].items():
            print(f"  explained {mid}: {k} × {reason}")

    for hid, err in ofj_errors[:args.show]:
        print(f"\nOFJ could not compute {hid}: {err}")
    if shien_errors:
        print(f"\nshien failed on {len(shien_errors)} household(s); first: {shien_errors[0][0]}: {shien_errors[0][1]}")
    for mid in measures:
        if not examples[mid]:
            continue
        print(f"\n== {mid}: first differences")
        for hid, ofj, sh, detail, line, explain in examples[mid]:
            shs = None if sh is None else {"status": sh.get("status"), "amount": sh.get("amount"),
                                           "missing": sh.get("missing")}
            print(f"- {hid}: {detail}")
            print(f"  OFJ:   {json.dumps({k: ofj[k] for k in ('status', 'min', 'max', 'per')}, ensure_ascii=False)}")
            print(f"  shien: {json.dumps(shs, ensure_ascii=False)}")
            if explain:
                print(f"  OFJ intermediates: {json.dumps({k: v for k, v in explain.items() if k != 'members'}, ensure_ascii=False)}")
            print(f"  household: {line}")
    print(f"\nresult: {'PASS' if ok else 'FAIL'} (threshold {100 * args.threshold:g}% per measure)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
