#!/usr/bin/env python3
"""Generate random but realistic households in shien's household document format (JSON Lines).

Usage:
    generate.py --seed 1 --count 2000 [--as-of 2025-06-01] [--out FILE]

Every fact the oracle measures depend on is stated explicitly (no unknowns), so that shien can answer
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
    # (prefecture, municipality, 全国地方公共団体コード, weight): the three cities of the catalog, and places chosen so
    # that every 生活保護 級地 (1級地-1 … 3級地-2), 冬季加算 region (I … VI) and kind of 住宅扶助 upper limit (a city's own,
    # or the prefecture's for its 級地) comes up. Tokyo is left out: OFJ deducts its 児童育成手当 in 生活保護.
    ("福岡県", "古賀市", "40223", 6),     # 2級地-2, VI, 福岡県 2級地
    ("愛知県", "岡崎市", "23202", 6),     # 2級地-1, VI, city
    ("新潟県", "新発田市", "15206", 6),   # 3級地-1, II, 新潟県 3級地
    ("神奈川県", "横浜市", "14100", 2),   # 1級地-1, VI, city
    ("大阪府", "大阪市", "27100", 2),     # 1級地-1, VI, city
    ("福岡県", "福岡市", "40130", 2),     # 1級地-2, VI, city
    ("北海道", "札幌市", "01100", 2),     # 1級地-2, I, city
    ("宮城県", "仙台市", "04100", 1),     # 1級地-2, III, city
    ("石川県", "金沢市", "17201", 1),     # 2級地-1, IV, city
    ("沖縄県", "那覇市", "47201", 1),     # 2級地-1, VI, city
    ("福岡県", "遠賀町", "40384", 1),     # 2級地-2, VI, 福岡県 2級地
    ("長野県", "軽井沢町", "20321", 1),   # 3級地-1, III, 長野県 3級地
    ("青森県", "弘前市", "02202", 1),     # 3級地-1, I, 青森県 3級地
    ("岐阜県", "高山市", "21203", 1),     # 3級地-1, V, 岐阜県 3級地
    ("北海道", "ニセコ町", "01395", 1),   # 3級地-2, I, 北海道 3級地
    ("岩手県", "雫石町", "03301", 1),     # 3級地-2, II, 岩手県 3級地
    ("鹿児島県", "屋久島町", "46505", 1), # 3級地-2, VI, 鹿児島県 3級地
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


def disability(rng, p_any, severe=False):
    """Returns a dict of disability facts (explicit 'none'/0 when absent). `severe` favours the certificates that
    特別障害者手当 looks at (身体1・2級, 療育A, 精神1級) and their overlaps."""
    facts = {"disability_physical_grade": 0, "disability_intellectual_grade": "none",
             "disability_mental_grade": 0, "internal_disability": False}
    if severe:
        r = rng.random()
        if r < 0.35:
            facts["disability_physical_grade"] = rng.choice([1, 2])
            facts[rng.choice(["disability_intellectual_grade", "disability_mental_grade"])] = "A"
            if facts["disability_mental_grade"] == "A":
                facts["disability_mental_grade"] = 1
        elif r < 0.55:
            facts["disability_physical_grade"] = rng.choice([1, 2, 3])
        elif r < 0.70:
            facts["disability_intellectual_grade"] = rng.choice(["A", "B"])
        elif r < 0.85:
            facts["disability_mental_grade"] = rng.choice([1, 2])
        else:
            facts["internal_disability"] = True
        return facts
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


def everyday(rng, m, savings_scale=1_500_000):
    """The facts every member states (none of the oracle measures may see them unknown)."""
    m.setdefault("student", False)
    m.setdefault("in_care_facility", False)
    m.setdefault("hospitalized", rng.random() < 0.02)
    m.setdefault("pregnancy", "none")
    m.setdefault("high_school_course", "none")
    m.setdefault("high_school_operator", "none")
    m.setdefault("higher_education_type", "none")
    m.setdefault("higher_education_operator", "none")
    m.setdefault("stem_faculty", False)
    m.setdefault("savings", rng.choice([0, 0, rng.randrange(0, savings_scale, 1000)]))
    m.setdefault("job_loss", "none")
    m.setdefault("job_seeking", False)
    m.setdefault("monthly_income", m.get("income", 0) // 12)
    return m


def adult(rng, role, as_of, income=None, low=False, age=(20, 56)):
    birth = as_of - dt.timedelta(days=rng.randrange(age[0] * 365, age[1] * 365))
    inc = (random_income(rng, low_bias=low) if not low else rng.choice([0, 0, rng.randrange(0, 2_600_000, 1000)])) \
        if income is None else income
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
    m.update(disability(rng, 0.03))
    return m


def child(rng, as_of, grades=None):
    if grades:
        sy = school_year_start(as_of)
        g = rng.choice(grades)
        y = sy - g - 6
        birth = dt.date(y, 4, 2) + dt.timedelta(days=rng.randrange(0, 365))
    else:
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
    m.update(disability(rng, 0.14))
    if 10 <= g <= 12 and rng.random() < 0.85:
        m["high_school_course"] = rng.choices(["full_time", "part_time", "correspondence"], [70, 15, 15])[0]
        m["high_school_operator"] = rng.choices(["public", "private", "national"], [60, 35, 5])[0]
    if 13 <= g <= 17 and m["student"]:
        m["higher_education_type"] = rng.choices(["university", "junior_college", "technical_college", "vocational"],
                                                 [60, 10, 5, 25])[0]
        m["higher_education_operator"] = rng.choices(["public", "private"], [35, 65])[0]
        m["stem_faculty"] = m["higher_education_operator"] == "private" and rng.random() < 0.3
    return m


def parents_older(members, kids, rng):
    # parents must be older than their children: shift a parent's birth date back if needed
    if kids:
        oldest = min(dt.date.fromisoformat(k["birth_date"]) for k in kids)
        for m in members:
            if dt.date.fromisoformat(m["birth_date"]) > shift_years(oldest, 18):
                m["birth_date"] = (shift_years(oldest, 18 + rng.randint(0, 15))).isoformat()


def family(rng, as_of, kind):
    """The members of one household of the given kind."""
    single = rng.random() < (0.45 if kind == "low-income" else 0.30)
    low = kind in ("low-income", "job-loss")
    members = [adult(rng, "self", as_of, low=low)]
    if not single:
        sp_income = rng.choice([0, 0, random_income(rng, low_bias=True),
                                rng.randrange(400_000, 1_400_000, 1000), random_income(rng)])
        if low:
            sp_income = rng.choice([0, 0, rng.randrange(0, 1_500_000, 1000)])
        members.append(adult(rng, "spouse", as_of, income=sp_income))
        if rng.random() < 0.05:
            members[-1]["pregnancy"] = rng.choice(["under_6_months", "over_6_months", "postpartum"])
    if kind == "students":
        kids = [child(rng, as_of, grades=[10, 11, 12, 13, 14, 15, 16, 17]) for _ in range(rng.choice([1, 2, 2, 3, 3, 4]))]
    elif kind == "job-loss":
        kids = [child(rng, as_of) for _ in range(rng.choices([0, 1, 2, 3], [40, 25, 25, 10])[0])]
    else:
        n_children = rng.choices([0, 1, 2, 3, 4], [8, 30, 35, 18, 9])[0]
        kids = [child(rng, as_of, grades=[9, 10, 11, 12] if kind == "low-income" and rng.random() < 0.4 else None)
                for _ in range(n_children)]
    kids.sort(key=lambda m: m["birth_date"])
    parents_older(members, kids, rng)
    members.extend(kids)
    return single, members


def disabled(rng, as_of):
    """A household with an adult of 20 or more with a (often severe) disability: a disabled parent, or parents with
    a disabled adult child, sometimes with a grandparent of 70 or more."""
    if rng.random() < 0.5:
        me = adult(rng, "self", as_of, low=rng.random() < 0.5, age=(20, 75))
        me.update(disability(rng, 1, severe=True))
        me["in_care_facility"] = rng.random() < 0.08
        me["hospitalized"] = rng.random() < 0.1
        members = [me]
        if rng.random() < 0.5:
            members.append(adult(rng, "spouse", as_of, income=rng.choice([0, rng.randrange(0, 5_000_000, 1000)]),
                                 age=(20, 75)))
    else:
        members = [adult(rng, "self", as_of, age=(45, 70))]
        if rng.random() < 0.7:
            members.append(adult(rng, "spouse", as_of, income=rng.choice([0, rng.randrange(0, 3_000_000, 1000)]),
                                 age=(45, 70)))
        grown = adult(rng, "child", as_of, income=rng.choice([0, 0, rng.randrange(0, 3_000_000, 1000)]), age=(20, 40))
        grown.update(disability(rng, 1, severe=True))
        grown["in_care_facility"] = rng.random() < 0.08
        grown["hospitalized"] = rng.random() < 0.1
        members.append(grown)
    if rng.random() < 0.25:
        gp = adult(rng, "parent", as_of, income=rng.choice([0, rng.randrange(0, 2_500_000, 1000)]), age=(70, 90))
        members.append(gp)
    return False, members


def household(rng, seed, i, as_of):
    pref, muni, _code, _w = rng.choices(MUNICIPALITIES, [m[3] for m in MUNICIPALITIES])[0]
    kind = rng.choices(["family", "low-income", "students", "disabled", "job-loss"], [45, 15, 15, 10, 15])[0]
    if kind == "disabled":
        single, members = disabled(rng, as_of)
    else:
        single, members = family(rng, as_of, kind)
    owner = rng.random() < (0.5 if kind == "family" else 0.2)
    rent = 0 if owner else rng.randrange(20_000, 120_000, 500)
    for m in members:
        everyday(rng, m, savings_scale=600_000 if kind in ("low-income", "job-loss") else 3_000_000)
    if kind == "job-loss":
        # 住居確保給付金: someone lost a job (or most of their earnings), looks for work, and earns little now
        for m in members[:2]:
            m["job_loss"] = rng.choices(["within_2_years", "income_drop", "none"], [60, 20, 20])[0]
            m["job_seeking"] = rng.random() < 0.85
            if m["job_loss"] != "none":
                m["monthly_income"] = rng.choice([0, 0, rng.randrange(0, 250_000, 1000)])
    kids = [m for m in members if m["role"] == "child"]
    zero_income = all(m["income"] == 0 for m in members)
    return {
        "id": f"G{seed}-{i:06d}",
        "as_of": as_of.isoformat(),
        "prefecture": pref,
        "municipality": muni,
        "single_parent": single and bool(kids),
        "rent": rent,
        # only households with no income at all are stated to be on 生活保護 (OFJ decides it from income)
        "public_assistance": zero_income and rng.random() < 0.5,
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
