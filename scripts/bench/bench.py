#!/usr/bin/env python3
"""shien benchmarks: wall time of a cold one-household `shien check`, and of the other one-shot commands.

Each command runs N times as a new process (a cold start every time: process, catalog open, compile, evaluate,
render). Process creation itself is measured on /bin/true and reported beside, so the numbers can be read net of it.
Timings are wall-clock medians and 95th percentiles on this machine; run `make bench` for the numbers, not a test.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
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


# The single parent of the interview's "done when": 古賀市, two children, answered as people do. The members come
# first in a fixed order; then the planner picks the questions, so each is answered by the words in it (the first that
# appears wins), and "わからない" to anything else.
INTERVIEW_MEMBERS = ["古賀市", "平成2年6月15日", "いいえ", "２", "2016/5/10", "R5.1.20", "0"]
INTERVIEW_PERSONA = [("年収", "２４０万円"), ("障害者手帳", "いいえ"), ("お仕事の形", "会社員"), ("雇用保険", "わからない"),
                     ("妊娠", "なし"), ("学生", "いいえ"), ("亡くなりました", "なし"), ("健康保険", "2"), ("求職", "いいえ"),
                     ("生活保護", "いいえ"), ("住民税", "いいえ"), ("入院", "いいえ"), ("預貯金", "50万"), ("育児休業", "なし"),
                     ("必要経費", "0")]
PLANNER_LINE = re.compile(r"^planner: match ([0-9.]+) ms, choose ([0-9.]+) ms \((\d+) measures")


def converse(argv, env):
    """Runs one interview, answering each question as it comes; returns what shien wrote on stderr."""
    process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    transcript, pending, asked = b"", b"", 0
    while True:
        while not pending.endswith(b"> "):
            chunk = process.stderr.read1(65536)
            if not chunk:
                break
            pending += chunk
        said = pending.decode("utf-8", "replace")
        transcript, pending = transcript + pending, b""
        if not said.endswith("> ") or "次にどうしますか" in said:
            break
        answer = INTERVIEW_MEMBERS[asked] if asked < len(INTERVIEW_MEMBERS) else next(
            (a for words, a in INTERVIEW_PERSONA if words in said), "わからない")
        asked += 1
        process.stdin.write((answer + "\n").encode())
        process.stdin.flush()
    process.stdin.close()
    transcript += process.stderr.read()
    if process.wait() != 0:
        sys.exit(f"bench: interview exited {process.returncode}: {transcript.decode()[-400:]}")
    return transcript.decode("utf-8", "replace")


def interview_timings(binary, runs, catalog=None):
    """The scripted interview with SHIEN_PLANNER_TIMING=1: for every step, the time to match the household (every
    measure while the members are asked, then only those the answer touched) and to choose the next question."""
    env = dict(os.environ, SHIEN_PLANNER_TIMING="1", LANG="ja_JP.UTF-8", LC_ALL="", LC_MESSAGES="")
    choose, step, measures, questions = [], [], 0, 0
    with tempfile.TemporaryDirectory() as data:
        env["XDG_DATA_HOME"] = data
        argv = [binary] + (["--catalog", catalog] if catalog else []) + ["interview", "--as-of", "2025-06-01"]
        for _ in range(runs):
            transcript = converse(argv, env)
            for line in transcript.splitlines():
                found = PLANNER_LINE.match(line)
                if not found:
                    continue
                match_ms, choose_ms, measures = float(found.group(1)), float(found.group(2)), int(found.group(3))
                if choose_ms > 0:  # a question chosen by the planner (the members' questions come in a fixed order)
                    choose.append(choose_ms)
                step.append(match_ms + choose_ms)
            asked = re.search(r"質問は以上です（(\d+)問）", transcript)
            questions = int(asked.group(1)) if asked else -1
    choose.sort()
    step.sort()

    def summary(values):
        return {"median_ms": round(statistics.median(values), 3), "p95_ms": round(values[int(len(values) * 0.95) - 1], 3),
                "max_ms": round(values[-1], 3), "count": len(values)}
    return {"measures": measures, "questions": questions, "choose": summary(choose), "step": summary(step)}


def synthetic_catalog(binary, directory, copies):
    """The bundled catalog with every measure repeated `copies` times under new ids: a catalog of realistic rules
    many times the size of today's, to show how choosing a question scales."""
    resources = os.path.join(directory, "Resources")
    shutil.copytree(os.path.join(ROOT, "Resources"), resources)
    measures = os.path.join(resources, "catalog", "measures")
    for name in sorted(os.listdir(measures)):
        with open(os.path.join(measures, name), encoding="utf-8") as f:
            text = f.read()
        measure_id = name[:-len(".json")]
        for copy in range(1, copies):
            copy_id = f"{measure_id}-copy-{copy}"
            with open(os.path.join(measures, copy_id + ".json"), "w", encoding="utf-8") as f:
                f.write(text.replace(f'"id": "{measure_id}"', f'"id": "{copy_id}"', 1))
    database = os.path.join(directory, "catalog.sqlite")
    subprocess.run([binary, "catalog", "build", "--sources", resources, "--output", database], check=True,
                   stdout=subprocess.DEVNULL)
    return database


def costliest_catalog(binary, directory, measures=5):
    """The bundled catalog plus `measures` measures whose one rule is three member loops around three comparisons that
    always hold (about 7.9 million steps each for 64 members, under the 10 million a rule may take), so that the whole
    comes near the 50 million a catalog may take per household; and a household of 64 members, the most there may be.
    Returns the database, the household file and the catalog's step count as `catalog info` reports it."""
    resources = os.path.join(directory, "Resources")
    shutil.copytree(os.path.join(ROOT, "Resources"), resources)
    body = " and ".join(f"c.income + b.income + 1000000 > a.income + {k}" for k in range(3))
    rule = f"count(a in members where count(b in members where count(c in members where {body}) > 2) > 3) > 0"
    for number in range(measures):
        measure = {
            "id": f"bench-costly-{number}", "name": {"ja": "重い規則", "en": "costly rule"},
            "summary": {"ja": "ベンチマーク", "en": "benchmark"}, "category": "service", "scope": "national",
            "eligibility": [{"text": {"ja": "条件", "en": "condition"}, "rule": rule}],
            "procedure": {"steps": [{"ja": "申し込む", "en": "apply"}]},
            "documents": [{"ja": "申請書", "en": "application form"}], "desk": "子育て支援",
            "sources": [{"url": "https://example.org/", "checked": "2026-11-22"}]}
        with open(os.path.join(resources, "catalog", "measures", f"bench-costly-{number}.json"), "w",
                  encoding="utf-8") as f:
            json.dump(measure, f, ensure_ascii=False)
    database = os.path.join(directory, "costly.sqlite")
    subprocess.run([binary, "catalog", "build", "--sources", resources, "--output", database], check=True,
                   stdout=subprocess.DEVNULL)
    info = subprocess.run([binary, "--catalog", database, "catalog", "info"], check=True, capture_output=True,
                          text=True).stdout
    steps = re.search(r"rules take at most ([0-9,]+) steps", info).group(1)
    members = [{"role": "self", "birth_date": "1980-04-10", "income": 0}] + [
        {"role": "child", "birth_date": f"20{10 + k % 10:02d}-04-10", "income": k * 1000} for k in range(1, 64)]
    household = os.path.join(directory, "sixty-four.json")
    with open(household, "w", encoding="utf-8") as f:
        json.dump({"as_of": "2025-06-01", "municipality": "古賀市", "members": members}, f, ensure_ascii=False)
    return database, household, steps


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
    interview_runs = max(1, args.runs // 5)
    planner = {"bundled catalog": interview_timings(args.bin, interview_runs)}
    with tempfile.TemporaryDirectory() as directory:
        larger = synthetic_catalog(args.bin, directory, copies=5)
        planner["bundled measures x5"] = interview_timings(args.bin, interview_runs, catalog=larger)
    with tempfile.TemporaryDirectory() as directory:
        costly, sixty_four, steps = costliest_catalog(args.bin, directory)
        heavy_runs = max(3, args.runs // 10)
        results["check, 64 members, bundled catalog"] = measure(
            [args.bin, "check", "--household", sixty_four, "--format", "json"], heavy_runs)
        results[f"check, 64 members, catalog near the limit"] = measure(
            [args.bin, "--catalog", costly, "check", "--household", sixty_four, "--format", "json"], heavy_runs)
    if args.json:
        print(json.dumps({"commands": results, "interview": planner}, ensure_ascii=False, indent=2))
        return
    print(f"shien benchmarks: {args.runs} cold runs each, wall clock ({os.cpu_count()} cores)")
    print(f"{'case':52} {'median':>9} {'p95':>9} {'min':>9}")
    for name, r in results.items():
        print(f"{name:52} {r['median_ms']:>7.2f}ms {r['p95_ms']:>7.2f}ms {r['min_ms']:>7.2f}ms")
    base = results["process start (/bin/true), for reference"]["median_ms"]
    check = results["check --household FILE (text)"]["median_ms"]
    print(f"\none-household check: {check:.2f} ms median wall, {check - base:.2f} ms beyond starting a process")
    heavy = results["check, 64 members, catalog near the limit"]["median_ms"]
    light = results["check, 64 members, bundled catalog"]["median_ms"]
    print(f"evaluation bound: a catalog whose rules take {steps} steps per household (limit 50,000,000) checks a "
          f"64-member household in {heavy:.0f} ms ({light:.0f} ms with the bundled catalog)")
    searches = [r["median_ms"] for name, r in results.items() if name.startswith("search ")]
    print(f"search: {min(searches):.2f}–{max(searches):.2f} ms median wall per query (cold process, target < 10 ms)")
    print(f"\ninterview (scripted 古賀市 single parent, {interview_runs} runs; times inside the process, per step):")
    print(f"{'catalog':24} {'measures':>8} {'questions':>9}   {'choose next question':>30}   {'match + choose':>30}")
    for name, r in planner.items():
        c, t = r["choose"], r["step"]
        print(f"{name:24} {r['measures']:>8} {r['questions']:>9}   median {c['median_ms']:.3f} p95 {c['p95_ms']:.3f} max "
              f"{c['max_ms']:.3f}   median {t['median_ms']:.3f} p95 {t['p95_ms']:.3f} max {t['max_ms']:.3f} ms")


if __name__ == "__main__":
    main()
