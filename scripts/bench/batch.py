#!/usr/bin/env python3
"""shien batch benchmarks: throughput and peak memory of `shien batch`, and openfisca-japan on the same households.

Households come from scripts/oracle/generate.py (seeded, realistic: 1-2 parents, 0-4 children, incomes, disabilities,
high-school courses, three municipalities), cached under out/bench/. For each case the script reports wall time,
CPU time, households per second, input and output MB per second, and the peak resident memory of the shien process
(getrusage via wait4). Output goes to /dev/null unless --keep-output, so the disk is not what is measured.

openfisca-japan (OFJ) runs scripts/oracle/run_ofj.py, which computes the ten measures both tools compute, on the
first --ofj-count households (OFJ needs about a millisecond or more per household, so 100,000 take minutes); its time
per household is then extrapolated linearly to the full count, and the report says so. shien is timed on the same
subset too. OFJ computes only status and amount; shien also writes why, documents, procedure, desk and sources.

Usage:
    batch.py --bin .build/release/shien [--count 100000] [--large 1000000] [--ofj-python .venv-oracle/bin/python]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "oracle"))
import generate  # noqa: E402  (the oracle's household generator)


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


def run(argv, stdin_path=None, stdout_path=os.devnull):
    """Runs argv; returns wall seconds, CPU seconds (user + system) and peak RSS in MB of that process."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    stdout = open(stdout_path, "wb")
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    stdout.close()
    if stdin_path:
        stdin.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {' '.join(argv)} exited {code}: {stderr[:400]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
            "stderr": stderr}


def shien_case(name, argv, input_path, count, output_path=os.devnull):
    result = run(argv, stdout_path=output_path)
    size_in = os.path.getsize(input_path)
    size_out = os.path.getsize(output_path) if output_path != os.devnull else None
    result.update(name=name, households=count, input_mb=size_in / 1e6,
                  households_per_s=count / result["wall_s"], input_mb_per_s=size_in / 1e6 / result["wall_s"])
    if size_out is not None:
        result.update(output_mb=size_out / 1e6, output_mb_per_s=size_out / 1e6 / result["wall_s"])
    return result


def first_lines(path, count, target):
    if os.path.exists(target) and sum(1 for _ in open(target, encoding="utf-8")) == count:
        return target
    with open(path, encoding="utf-8") as source, open(target, "w", encoding="utf-8") as out:
        for index, line in enumerate(source):
            if index >= count:
                break
            out.write(line)
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "shien"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=100_000, help="households for the main runs")
    parser.add_argument("--large", type=int, default=1_000_000, help="households for the constant-memory run (0: skip)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="--jobs for the parallel runs")
    parser.add_argument("--ofj-python", help="a Python with openfisca-japan installed (skip OFJ without it)")
    parser.add_argument("--ofj-count", type=int, default=5_000, help="households for openfisca-japan")
    parser.add_argument("--ofj-batch", type=int, default=100,
                        help="households per OFJ simulation (100 was OFJ's fastest here: 0.66 ms/household; 500: 0.87)")
    parser.add_argument("--data", default=os.path.join(ROOT, "out", "bench"), help="where generated files are kept")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"bench: {args.bin} is not built; run 'make build' first")

    main_input = households(os.path.join(args.data, f"households-{args.seed}-{args.count}.jsonl"), args.seed, args.count)
    results = []
    jobs = str(args.jobs)
    # Warm the file cache and the catalog database.
    run([args.bin, "batch", "--input", first_lines(main_input, 100, os.path.join(args.data, "warm.jsonl"))])
    results.append(shien_case(f"JSON Lines, {args.count:,} households, --jobs 1",
                              [args.bin, "batch", "--input", main_input, "--jobs", "1"], main_input, args.count))
    previous = os.path.join(args.data, f"results-{args.seed}-{args.count}.jsonl")
    results.append(shien_case(f"JSON Lines, {args.count:,} households, --jobs {jobs}",
                              [args.bin, "batch", "--input", main_input, "--jobs", jobs], main_input, args.count,
                              output_path=previous))
    csv_input = to_csv(main_input, os.path.join(args.data, f"households-{args.seed}-{args.count}.csv"))
    results.append(shien_case(f"CSV in, CSV out, {args.count:,} households, --jobs {jobs}",
                              [args.bin, "batch", "--input", csv_input, "--format", "csv", "--jobs", jobs],
                              csv_input, args.count))
    # --since against the run above: a month later, the same households (every answer may move with the date).
    results.append(shien_case(f"--since the run above, as of 2025-07-01, --jobs {jobs}",
                              [args.bin, "batch", "--input", main_input, "--since", previous, "--as-of", "2025-07-01",
                               "--jobs", jobs], main_input, args.count))
    if args.large:
        large_input = households(os.path.join(args.data, f"households-{args.seed + 1}-{args.large}.jsonl"),
                                 args.seed + 1, args.large)
        results.append(shien_case(f"JSON Lines, {args.large:,} households, --jobs {jobs}",
                                  [args.bin, "batch", "--input", large_input, "--jobs", jobs], large_input,
                                  args.large))

    ofj = None
    if args.ofj_python:
        # The measures both compute (run_ofj.py's MEASURES), so that shien is timed on the same work as OFJ; the
        # full-catalog runs above are what a city would run (48 measures with why, documents, desks and sources).
        ofj_source = open(os.path.join(ROOT, "scripts", "oracle", "run_ofj.py"), encoding="utf-8").read()
        block = ofj_source[ofj_source.index("MEASURES = {"):]
        shared = re.findall(r'^\s+"([a-z-]+)": \(', block[:block.index("}")], re.M)
        only = ["--measures", ",".join(shared)]
        results.append(shien_case(f"JSON Lines, {args.count:,} households, --jobs {jobs}, OFJ's {len(shared)} measures",
                                  [args.bin, "batch", "--input", main_input, "--jobs", jobs] + only, main_input,
                                  args.count))
        subset = first_lines(main_input, args.ofj_count,
                             os.path.join(args.data, f"households-{args.seed}-first-{args.ofj_count}.jsonl"))
        ofj_run = run([args.ofj_python, os.path.join(ROOT, "scripts", "oracle", "run_ofj.py"), subset,
                       "--batch", str(args.ofj_batch), "--timing"])
        shien_one = run([args.bin, "batch", "--input", subset, "--jobs", "1"] + only)
        shien_all = run([args.bin, "batch", "--input", subset, "--jobs", jobs] + only)
        # run_ofj.py --timing: "load 1.18s, compute 4.86s": the model loads once, the computing grows with the count.
        timing = re.search(r"load ([0-9.]+)s, compute ([0-9.]+)s", ofj_run["stderr"])
        load, compute = (float(timing.group(1)), float(timing.group(2))) if timing else (0.0, ofj_run["wall_s"])
        per_household = compute / args.ofj_count
        extrapolated = ofj_run["wall_s"] - compute + per_household * args.count
        full = next(r for r in results if r["name"].endswith(f"OFJ's {len(shared)} measures"))
        ofj = {
            "count": args.ofj_count, "batch": args.ofj_batch, "measures": len(shared), "ofj": ofj_run, "ofj_load_s": load,
            "shien_jobs_1": shien_one, "shien_jobs_n": shien_all,
            "ofj_ms_per_household": per_household * 1000,
            "ofj_extrapolated_s": extrapolated,
            "shien_full_s": full["wall_s"],
            "speedup_same_subset": ofj_run["wall_s"] / shien_all["wall_s"],
            "speedup_subset_cpu": ofj_run["cpu_s"] / shien_one["cpu_s"],
            "speedup_full_extrapolated": extrapolated / full["wall_s"],
        }
        for value in (ofj_run, shien_one, shien_all):
            value.pop("stderr")

    for r in results:
        r.pop("stderr", None)
    if args.json:
        print(json.dumps({"cases": results, "openfisca_japan": ofj}, indent=2, ensure_ascii=False))
        return
    print(f"shien batch benchmarks ({os.cpu_count()} cores, output to /dev/null unless noted)")
    print(f"{'case':58} {'wall':>8} {'cpu':>8} {'hh/s':>9} {'in MB/s':>8} {'out MB/s':>9} {'peak RSS':>9}")
    for r in results:
        out = f"{r['output_mb_per_s']:.1f}" if "output_mb_per_s" in r else "-"
        print(f"{r['name']:58} {r['wall_s']:7.2f}s {r['cpu_s']:7.2f}s {r['households_per_s']:9,.0f} "
              f"{r['input_mb_per_s']:8.1f} {out:>9} {r['peak_rss_mb']:7.1f}MB")
    if ofj:
        o = ofj
        print(f"\nopenfisca-japan on the first {o['count']:,} households (run_ofj.py --batch {o['batch']}, "
              f"the {o['measures']} measures both compute; shien with --measures):")
        print(f"  OFJ   {o['ofj']['wall_s']:7.2f}s wall {o['ofj']['cpu_s']:7.2f}s cpu  (model load {o['ofj_load_s']:.2f}s, "
              f"then {o['ofj_ms_per_household']:.2f} ms/household), peak RSS {o['ofj']['peak_rss_mb']:.0f}MB")
        print(f"  shien {o['shien_jobs_n']['wall_s']:7.2f}s wall ({args.jobs} jobs), "
              f"{o['shien_jobs_1']['cpu_s']:.2f}s cpu (1 job)")
        print(f"  same {o['count']:,} households: {o['speedup_same_subset']:.0f}x faster (wall), "
              f"{o['speedup_subset_cpu']:.0f}x less CPU")
        print(f"  {args.count:,} households: OFJ extrapolated (load + per-household time x {args.count:,}) "
              f"{o['ofj_extrapolated_s']:.0f}s "
              f"vs shien measured {o['shien_full_s']:.2f}s: {o['speedup_full_extrapolated']:.0f}x")
    else:
        print("\n(openfisca-japan not run: pass --ofj-python, or run 'make bench', which sets it up)")


if __name__ == "__main__":
    main()
