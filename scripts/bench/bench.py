#!/usr/bin/env python3
"""shien benchmarks: wall time of a cold one-household `shien check`, and of the other one-shot commands.

Each command runs N times as a new process (a cold start every time: process, catalog open, compile, evaluate,
render). Process creation itself is measured on /bin/true and reported beside, so the numbers can be read net of it.
Timings are wall-clock medians and 95th percentiles on this machine; run `make bench` for the numbers, not a test.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "Resources", "examples", "koga-single-parent.json")


def measure(argv, runs, stdin=None):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            sys.exit(f"bench: {' '.join(argv)} exited {result.returncode}: {result.stderr.decode()[:400]}")
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "min_ms": round(times[0], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "shien"))
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"bench: {args.bin} is not built; run 'make build' first")
    # Warm the file cache and make sure the catalog database beside the binary is current.
    subprocess.run([args.bin, "check", "--household", EXAMPLE], stdout=subprocess.DEVNULL, check=True)
    one_liner = [args.bin, "check", "--municipality", "古賀市", "--self", "36,240万,employee", "--child",
                 "2016-05-10", "--child", "2023-01-20,physical=2", "--as-of", "2025-06-01"]
    cases = [
        ("process start (/bin/true), for reference", ["/bin/true"]),
        ("shien --version (no catalog)", [args.bin, "--version"]),
        ("check --household FILE (text)", [args.bin, "check", "--household", EXAMPLE]),
        ("check --household FILE --format json --all", [args.bin, "check", "--household", EXAMPLE, "--format", "json", "--all"]),
        ("check with the household typed as flags", one_liner),
        ("show child-support-allowance", [args.bin, "show", "child-support-allowance"]),
        ("search 手当 (2 characters: content table)", [args.bin, "search", "手当"]),
        ("search 児童扶養手当 (trigram index)", [args.bin, "search", "児童扶養手当"]),
        ("search ｼﾝｸﾞﾙﾏｻﾞｰ (width, kana, synonyms)", [args.bin, "search", "ｼﾝｸﾞﾙﾏｻﾞｰ"]),
        ("search child allowance --format json", [args.bin, "search", "child", "allowance", "--format", "json"]),
        ("search 児童手当て (nothing: suggestions)", [args.bin, "search", "児童手当て"]),
        ("events birth --date 2026-01-10", [args.bin, "events", "birth", "--date", "2026-01-10"]),
        ("check --format html (handout)", [args.bin, "check", "--household", EXAMPLE, "--format", "html"]),
    ]
    results = {}
    for name, argv in cases:
        results[name] = measure(argv, args.runs)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(f"shien benchmarks: {args.runs} cold runs each, wall clock ({os.cpu_count()} cores)")
    print(f"{'case':52} {'median':>9} {'p95':>9} {'min':>9}")
    for name, r in results.items():
        print(f"{name:52} {r['median_ms']:>7.2f}ms {r['p95_ms']:>7.2f}ms {r['min_ms']:>7.2f}ms")
    base = results["process start (/bin/true), for reference"]["median_ms"]
    check = results["check --household FILE (text)"]["median_ms"]
    print(f"\none-household check: {check:.2f} ms median wall, {check - base:.2f} ms beyond starting a process")
    searches = [r["median_ms"] for name, r in results.items() if name.startswith("search ")]
    print(f"search: {min(searches):.2f}–{max(searches):.2f} ms median wall per query (cold process, target < 10 ms)")


if __name__ == "__main__":
    main()
