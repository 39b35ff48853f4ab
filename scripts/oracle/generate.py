#!/usr/bin/env python3
"""Generate random but realistic households in shien's household document format (JSON Lines).

Usage:
    generate.py --seed 1 --count 2000 [--as-of 2025-06-01] [--out FILE]

Every fact the five oracle measures depend on is stated explicitly (no unknowns), so that shien can answer
`eligible`/`ineligible` rather than `maybe`. Birth dates are biased towards the boundaries that matter
(3rd birthday, 15/18/20/22/23rd birthdays, the 1/2 April school-year cut-off around 高校生年代).
Only the standard library is used.
"""

import argparse
import datetime as dt
import json
import random
import sys

MUNICIPALITIES = [
    # (prefecture, municipality, 全国地方公共団体コード)
    ("福岡県", "古賀市", "40223"),
    ("愛知県", "岡崎市", "23202"),
    ("新潟県", "新発田市", "15206"),
]


def parse_date(s):
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {s!r}")


def shift_years(d, years):
    """Same month/day `years` earlier (29 Feb -> 28 Feb)."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


def school_year_start(d):
    """Calendar year in which the school year containing d began (April)."""
    return d.year if d.month >= 4 else d.year - 1


def grade(birth, d):
    """Same formula as openfisca-japan's 学年 (10-12 = high school)."""
    early = birth.month < 4 or (birth.month == 4 and birth.day == 1)
    return (d.year - birth.year) + (1 if early else 0) + (1 if d.month >= 4 else 0) - 7


def age(birth, d):
    a = d.year - birth.year - (1 if (birth.month, birth.day) > (d.month, d.day) else 0)
    return max(a, 0)


def random_income(rng, low_bias=False):
    r = rng.random()
    if r < 0.10:
        return 0
    if r < 0.25:  # around the low thresholds (480k/550k/750k/1.03M/1.625M)
        return rng.randrange(300_000, 2_000_000, 1000)
    if low_bias or r < 0.70:
        return rng.randrange(1_000_000, 6_000_000, 1000)
    return rng.randrange(0, 12_000_001, 1000)


def child_birth_date(rng, as_of):
    """Birth dates spread so ages cross the key boundaries."""
    r = rng.random()
    if r < 0.45:
        # exact-birthday boundaries: under 3, 15, 18, 20, 22/23 (児童手当 counting), +-1 day
        n = rng.choice([3, 3, 15, 18, 18, 20, 22, 23, 16, 19])
        return shift_years(as_of, n) + dt.timedelta(days=rng.choice([-1, 0, 1, 2, -30, 30]))
    if r < 0.70:
        # school-year cut-off (1 April / 2 April): 高校生年代 end (grade 12/13), high-school start (9/10),
        # and neighbouring grades
        sy = school_year_start(as_of)
        g = rng.choice([12, 12, 13, 10, 9, 11, 3, 0])
        # children born 2 Apr (sy-g-6) .. 1 Apr (sy-g-5) are in grade g
        y = sy - g - 6
        return rng.choice([dt.date(y, 4, 1), dt.date(y, 4, 2), dt.date(y + 1, 4, 1), dt.date(y + 1, 4, 2),
                           dt.date(y + 1, 3, 31), dt.date(y, 12, 31), dt.date(y + 1, 1, 1)])
    # anywhere between newborn and 24 years
    return as_of - dt.timedelta(days=rng.randrange(0, 24 * 365))


def disability(rng, p_any):
    """Returns a dict of disability facts (explicit 'none'/0 when absent)."""
    facts = {"disability_physical_grade": 0, "disability_intellectual_grade": "none",
             "disability_mental_grade": 0, "internal_disability": False}
    if rng.random() < p_any:
        kind = rng.random()
        if kind < 0.45:
            facts["disability_physical_grade"] = rng.randint(1, 7)
        elif kind < 0.75:
            facts["disability_intellectual_grade"] = rng.choice(["A", "B"])
        elif kind < 0.90:
            facts["disability_mental_grade"] = rng.randint(1, 3)
        else:
            facts["internal_disability"] = True
        if rng.random() < 0.15:  # a second certificate
            facts["disability_intellectual_grade"] = rng.choice(["A", "B"])
    return facts


def adult(rng, role, as_of, income=None):
    birth = as_of - dt.timedelta(days=rng.randrange(20 * 365, 56 * 365))
    inc = random_income(rng) if income is None else income
    m = {"role": role, "birth_date": birth.isoformat(), "income": inc}
    r = rng.random()
    if r < 0.22:
        m["employment"] = "self_employed"
        # openfisca-japan only treats someone as self-employed when expenses > 0
        m["business_expenses"] = max(1000, int(inc * rng.uniform(0.1, 0.5)) // 1000 * 1000)
    elif inc == 0:
        m["employment"] = "none"
    else:
        m["employment"] = "employee"
    m["student"] = False
    m["in_care_facility"] = False
    m.update(disability(rng, 0.03))
    m["high_school_course"] = "none"
    m["high_school_operator"] = "none"
    return m


def child(rng, as_of):
    birth = child_birth_date(rng, as_of)
    if birth > as_of:
        birth = as_of
    g = grade(birth, as_of)
    a = age(birth, as_of)
    m = {"role": "child", "birth_date": birth.isoformat()}
    inc = 0
    if a >= 16 and rng.random() < 0.35:
        # part-time jobs around the 480k dependant / 750k working-student lines
        inc = rng.choice([rng.randrange(100_000, 2_000_000, 1000), 1_030_000, 1_030_001, 1_300_000])
    m["income"] = inc
    m["employment"] = "employee" if inc > 0 else "none"
    m["student"] = (1 <= g <= 12) or (g >= 13 and a <= 22 and rng.random() < 0.5)
    m["in_care_facility"] = False
    m.update(disability(rng, 0.14))
    if 10 <= g <= 12 and rng.random() < 0.85:
        m["high_school_course"] = rng.choices(["full_time", "part_time", "correspondence"], [70, 15, 15])[0]
        m["high_school_operator"] = rng.choices(["public", "private", "national"], [60, 35, 5])[0]
    else:
        m["high_school_course"] = "none"
        m["high_school_operator"] = "none"
    return m


def household(rng, seed, i, as_of):
    pref, muni, _code = rng.choice(MUNICIPALITIES)
    single = rng.random() < 0.30
    members = [adult(rng, "self", as_of)]
    if not single:
        sp_income = rng.choice([0, 0, random_income(rng, low_bias=True),
                                rng.randrange(400_000, 1_400_000, 1000), random_income(rng)])
        members.append(adult(rng, "spouse", as_of, income=sp_income))
    n_children = rng.choices([0, 1, 2, 3, 4], [8, 30, 35, 18, 9])[0]
    kids = sorted((child(rng, as_of) for _ in range(n_children)), key=lambda m: m["birth_date"])
    # parents must be older than their children: shift a parent's birth date back if needed
    if kids:
        oldest = dt.date.fromisoformat(kids[0]["birth_date"])
        for m in members:
            if dt.date.fromisoformat(m["birth_date"]) > shift_years(oldest, 18):
                m["birth_date"] = (shift_years(oldest, 18 + rng.randint(0, 15))).isoformat()
    members.extend(kids)
    return {
        "id": f"G{seed}-{i:06d}",
        "as_of": as_of.isoformat(),
        "prefecture": pref,
        "municipality": muni,
        "single_parent": single and bool(kids),
        "members": members,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--as-of", type=parse_date, default=dt.date(2025, 6, 1))
    ap.add_argument("--out", help="output file (default: stdout)")
    args = ap.parse_args(argv)
    if args.count < 0:
        ap.error("--count must be >= 0")
    rng = random.Random(args.seed)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        for i in range(args.count):
            out.write(json.dumps(household(rng, args.seed, i, args.as_of), ensure_ascii=False) + "\n")
    finally:
        if args.out:
            out.close()


if __name__ == "__main__":
    main()
