#!/usr/bin/env python3
"""shien batch against openfisca-japan at its best, on the same households; throughput, memory, checksums.

Households come from scripts/oracle/generate.py (seeded, realistic: 1-2 parents, 0-4 children, incomes, disabilities,
high-school courses, 17 municipalities), cached under out/bench/. Every program reads the same file.

openfisca-japan (OFJ) runs as its users run it for many households: scripts/bench/ofj_best.py puts every household
(or chunks of --ofj-chunk) in one vectorised Simulation built with SimulationBuilder (entities declared, then one
set_input per variable for the whole population) and calls `calculate` once per variable. It reports its start-up
(import + tax-benefit system) apart from the rest, reads every value it computed and writes them out, and prints how
many households each measure found eligible; this script sets those counts beside shien's, so a result that was not
computed would show.

shien batch runs on the five measures both compute in full (`--measures`), on the ten the oracle compares, and on
the whole catalog, JSON Lines and CSV. Each run's output goes to a file under out/bench/ and its sha256 is printed:
byte-identical output before and after a change shows as the same checksum.

For every run: wall time, CPU time (user + system), households per second and the peak resident memory of the
process (getrusage via wait4). The factor is OFJ's time over shien's (--jobs N, five measures, JSON Lines).

Usage:
    batch.py --bin .build/release/shien [--count 100000] [--ofj-python .venv-oracle/bin/python] [--ofj-chunk 0]
             [--ofj-ten] [--since] [--large 1000000] [--json]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "oracle"))
sys.path.insert(0, os.path.join(ROOT, "scripts", "bench"))
import generate  # noqa: E402  (the oracle's household generator)

FIVE = ["child-allowance", "child-support-allowance", "special-child-rearing-allowance",
        "disabled-child-welfare-allowance", "high-school-tuition-support"]
TEN = FIVE + ["special-disability-allowance", "high-school-scholarship-benefit", "higher-education-support",
              "housing-security-benefit", "public-assistance"]


def households(path, seed, count, as_of="2025-06-01"):
    """Generates `count` households with `seed` into `path`, once."""
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    generate.main(["--seed", str(seed), "--count", str(count), "--as-of", as_of, "--out", temporary])
    os.replace(temporary, path)
    return path


def to_csv(jsonl, path, members=6):
    """The same households in the flat CSV layout (`shien batch --help`), once."""
    if os.path.exists(path) and os.path.getsize(path) > 0:
        return path
    import csv
    household_keys = ["id", "as_of", "prefecture", "municipality", "rent", "single_parent"]
    member_keys = ["role", "birth_date", "income", "business_expenses", "employment", "student", "in_care_facility",
                   "disability_physical_grade", "disability_intellectual_grade", "disability_mental_grade",
                   "internal_disability", "high_school_course", "high_school_operator"]
    header = household_keys + [f"m{n}_{key}" for n in range(1, members + 1) for key in member_keys]
    temporary = path + ".tmp"
    with open(jsonl, encoding="utf-8") as source, open(temporary, "w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, lineterminator="\r\n")
        writer.writerow(header)
        for line in source:
            household = json.loads(line)
            row = [cell(household.get(key)) for key in household_keys]
            for n in range(members):
                member = household["members"][n] if n < len(household["members"]) else {}
                row += [cell(member.get(key)) for key in member_keys]
            writer.writerow(row)
    os.replace(temporary, path)
    return path


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def run(argv, stdout_path=os.devnull):
    """Runs argv; returns wall seconds, CPU seconds (user + system), peak RSS in MB, stdout if captured, stderr."""
    capture = stdout_path is None
    stdout = subprocess.PIPE if capture else open(stdout_path, "wb")
    load = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE)
    captured = process.stdout.read() if capture else b""
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.stderr.close()
    if capture:
        process.stdout.close()
    else:
        stdout.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {' '.join(argv)} exited {code}: {stderr[:400]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
            "load_before": load, "stdout": captured.decode(errors="replace"), "stderr": stderr}


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shien_case(name, argv, input_path, count, output_path):
    result = run(argv, stdout_path=output_path)
    result.update(name=name, argv=argv, households=count, households_per_s=count / result["wall_s"],
                  input_mb=os.path.getsize(input_path) / 1e6, output_mb=os.path.getsize(output_path) / 1e6,
                  sha256=sha256(output_path))
    return result


def eligible_counts(path, measures):
    """Per measure, how many households shien's JSON Lines output lists as eligible."""
    counts = {m: 0 for m in measures}
    with open(path, encoding="utf-8") as f:
        for line in f:
            for entry in json.loads(line).get("measures", []):
                if entry.get("id") in counts and entry.get("status") == "eligible":
                    counts[entry["id"]] += 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "shien"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=100_000, help="households for every run (default 100,000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="--jobs for the parallel runs")
    parser.add_argument("--ofj-python", help="a Python with openfisca-japan installed (skip OFJ without it)")
    parser.add_argument("--ofj-chunk", type=int, default=0,
                        help="households per OFJ Simulation (0, the default: all in one)")
    parser.add_argument("--ofj-ten", action="store_true", help="also time OFJ on the ten measures the oracle compares")
    parser.add_argument("--since", action="store_true", help="also time --since against the all-measures run")
    parser.add_argument("--large", type=int, default=0,
                        help="households for a constant-memory run, all measures (0, the default: skip)")
    parser.add_argument("--data", default=os.path.join(ROOT, "out", "bench"), help="where generated files are kept")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"bench: {args.bin} is not built; run 'make build' first")

    data = args.data
    main_input = households(os.path.join(data, f"households-{args.seed}-{args.count}.jsonl"), args.seed, args.count)
    csv_input = to_csv(main_input, os.path.join(data, f"households-{args.seed}-{args.count}.csv"))
    jobs = str(args.jobs)
    version = run([args.bin, "--version"], stdout_path=None)["stdout"].strip()
    out = lambda name: os.path.join(data, f"out-{args.count}-{name}")  # noqa: E731

    # Warm the file cache and the catalog database.
    run([args.bin, "batch", "--input", main_input, "--measures", "child-allowance", "--jobs", jobs])
    cases = []

    def shien(key, name, extra, source=main_input, suffix="jsonl"):
        argv = [args.bin, "batch", "--input", source] + extra
        cases.append(dict(shien_case(name, argv, source, args.count, out(f"{key}.{suffix}")), key=key))

    five, ten = ["--measures", ",".join(FIVE)], ["--measures", ",".join(TEN)]
    shien("five-1", "5 measures, JSON Lines, --jobs 1", five + ["--jobs", "1"])
    shien("five", f"5 measures, JSON Lines, --jobs {jobs}", five + ["--jobs", jobs])
    shien("ten", f"10 measures, JSON Lines, --jobs {jobs}", ten + ["--jobs", jobs])
    shien("all", f"all measures, JSON Lines, --jobs {jobs}", ["--jobs", jobs])
    shien("all-csv", f"all measures, CSV in and out, --jobs {jobs}", ["--format", "csv", "--jobs", jobs],
          source=csv_input, suffix="csv")
    if args.since:
        shien("since", f"--since the all-measures run, a month later, --jobs {jobs}",
              ["--since", out("all.jsonl"), "--as-of", "2025-07-01", "--jobs", jobs])
    if args.large:
        large_input = households(os.path.join(data, f"households-{args.seed + 1}-{args.large}.jsonl"),
                                 args.seed + 1, args.large)
        argv = [args.bin, "batch", "--input", large_input, "--jobs", jobs]
        large = run(argv)
        large.update(name=f"all measures, {args.large:,} households, JSON Lines, --jobs {jobs} (to /dev/null)",
                     key="large", argv=argv, households=args.large, households_per_s=args.large / large["wall_s"])
        cases.append(large)

    ofj = []
    if args.ofj_python:
        for measures in ["five"] + (["ten"] if args.ofj_ten else []):
            argv = [args.ofj_python, os.path.join(ROOT, "scripts", "bench", "ofj_best.py"), main_input,
                    "--measures", measures, "--chunk", str(args.ofj_chunk), "--json",
                    "--output", out(f"ofj-{measures}.jsonl")]
            result = run(argv, stdout_path=None)
            report = json.loads(result["stdout"])
            shien_run = next(c for c in cases if c["key"] == measures)
            shien_one = next(c for c in cases if c["key"] == "five-1") if measures == "five" else None
            shien_counts = eligible_counts(out(f"{measures}.jsonl"), FIVE if measures == "five" else TEN)
            openfisca_s = report["build_s"] + report["calculate_s"]
            ofj.append({
                "measures": measures, "argv": argv, "process": {k: result[k] for k in ("wall_s", "cpu_s",
                                                                                       "peak_rss_mb", "load_before")},
                "report": report, "shien": {"wall_s": shien_run["wall_s"], "sha256": shien_run["sha256"]},
                "shien_eligible": shien_counts,
                "factor_end_to_end": result["wall_s"] / shien_run["wall_s"],
                "factor_after_startup": report["after_startup_s"] / shien_run["wall_s"],
                "factor_openfisca_only": openfisca_s / shien_run["wall_s"],
                "factor_cpu_one_core": (result["cpu_s"] / shien_one["cpu_s"]) if shien_one else None,
            })

    for case in cases:
        case.pop("stderr", None)
        case.pop("stdout", None)
    if args.json:
        print(json.dumps({"version": version, "cores": os.cpu_count(), "count": args.count, "cases": cases,
                          "openfisca_japan": ofj}, indent=2, ensure_ascii=False))
        return
    print(f"shien batch on {args.count:,} households ({main_input}, {os.path.getsize(main_input) / 1e6:.0f} MB); "
          f"{version}; {os.cpu_count()} cores; output to files under {data}")
    print(f"{'case':52} {'wall':>8} {'cpu':>8} {'hh/s':>9} {'out MB':>7} {'peak RSS':>9} {'load':>5}  sha256 of output")
    for r in cases:
        size = f"{r['output_mb']:.0f}" if "output_mb" in r else "-"
        print(f"{r['name']:52} {r['wall_s']:7.2f}s {r['cpu_s']:7.2f}s {r['households_per_s']:9,.0f} {size:>7} "
              f"{r['peak_rss_mb']:7.1f}MB {r['load_before']:5.1f}  {r.get('sha256', '-')[:16]}")
    for o in ofj:
        rep, proc = o["report"], o["process"]
        chunk = "all in one Simulation" if rep["chunk"] == 0 else f"{rep['chunk']:,} per Simulation"
        print(f"\nopenfisca-japan, {rep['measures']} measures ({rep['variables']} variables), {rep['households']:,} "
              f"households, {chunk} ({rep['simulations']}), built from arrays with SimulationBuilder:")
        print(f"  process {proc['wall_s']:.2f}s wall, {proc['cpu_s']:.2f}s CPU, peak RSS {proc['peak_rss_mb']:.0f}MB, "
              f"load {proc['load_before']:.1f}")
        print(f"  start-up (import, tax-benefit system) {rep['startup_s']:.2f}s; then read + convert "
              f"{rep['read_s']:.2f}s, build {rep['build_s']:.2f}s, calculate {rep['calculate_s']:.2f}s, "
              f"write {rep['write_s']:.2f}s = {rep['after_startup_s']:.2f}s "
              f"({1e6 * rep['after_startup_s'] / rep['households']:.0f} µs/household)")
        print(f"  CPU: start-up {rep['startup_cpu_s']:.2f}s, read + convert {rep['read_cpu_s']:.2f}s, build "
              f"{rep['build_cpu_s']:.2f}s, calculate {rep['calculate_cpu_s']:.2f}s, write {rep['write_cpu_s']:.2f}s")
        print(f"  eligible per measure, OFJ / shien: " + ", ".join(
            f"{m} {rep['eligible'][m]:,}/{o['shien_eligible'][m]:,}" for m in rep["eligible"]))
        print(f"  factor (OFJ ÷ shien {o['shien']['wall_s']:.2f}s): {o['factor_end_to_end']:.2f} end to end, "
              f"{o['factor_after_startup']:.2f} without OFJ's start-up, "
              f"{o['factor_openfisca_only']:.2f} on OFJ's build + calculate alone"
              + (f"; CPU, one core each: {o['factor_cpu_one_core']:.2f}" if o["factor_cpu_one_core"] else ""))
    if not args.ofj_python:
        print("\n(openfisca-japan not run: pass --ofj-python, or run 'make bench', which sets it up)")
    print("\nsha256 of shien's outputs:")
    for r in cases:
        if "sha256" in r:
            print(f"  {r['sha256']}  {os.path.relpath(out(r['key'] + ('.csv' if r['key'] == 'all-csv' else '.jsonl')), ROOT)}")


if __name__ == "__main__":
    main()
