#!/usr/bin/env python3
"""A real Spark run of shien batch: pyspark in local mode pipes a JSON Lines file through the release binary.

Two ways, each checked against one `shien batch` process on the same file:

1. RDD.pipe: `sc.textFile(households, minPartitions=P).pipe("shien --catalog DB batch --jobs 1 --as-of D")` starts
   one shien process per partition and feeds it the partition's lines; the results are saved with saveAsTextFile.
2. --shard: `sc.parallelize(1..N, N)` runs `shien batch --input FILE --shard K/N --jobs 1 --as-of D` in each task,
   every task reading the whole file and keeping its share; the shares are gathered.

Both merged outputs must hold exactly the lines of the single-process output (compared sorted: the sha256 of the
sorted sha256s of the lines); the RDD.pipe output, whose part files follow the input's order, is also compared as
it is (the sha256 of the bytes).

Usage (make spark sets up .venv-spark with pyspark from PyPI and needs Java 17):
    .venv-spark/bin/python scripts/spark/run.py --bin .build/release/shien [--count 100000] [--partitions 4]
"""
import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "bench"))
import batch  # noqa: E402  (the benchmark's cached, seeded households)


def fingerprint(paths):
    """Reads the files line by line: (line count, sha256 of the bytes in order, sha256 of the lines sorted). The
    sorted form sorts each line's own sha256, so that 2 GB of results need not be held in memory."""
    ordered, lines = hashlib.sha256(), []
    for path in paths:
        with open(path, "rb") as f:
            for line in f:
                ordered.update(line)
                lines.append(hashlib.sha256(line).digest())
    lines.sort()
    return len(lines), ordered.hexdigest(), hashlib.sha256(b"".join(lines)).hexdigest()


def shard_task(argv_prefix, shards, folder):
    """A Spark task: runs one --shard K/N of the whole file into folder/shard-K.jsonl; returns (K, seconds)."""
    def run(index_iterator):
        import subprocess as sp
        import time as t
        for k in index_iterator:
            start = t.perf_counter()
            target = os.path.join(folder, f"shard-{k}.jsonl")
            status = sp.run(argv_prefix + ["--shard", f"{k}/{shards}", "--output", target]).returncode
            if status != 0:
                raise RuntimeError(f"shien exited {status} on shard {k}/{shards}")
            yield k, t.perf_counter() - start
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "shien"))
    parser.add_argument("--catalog", help="catalog database (default: shien-catalog.sqlite beside --bin)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=100_000, help="households (the file of make bench)")
    parser.add_argument("--partitions", type=int, default=4, help="partitions of the input (RDD.pipe)")
    parser.add_argument("--shards", type=int, default=4, help="--shard K/N tasks")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--as-of", default="2025-06-01", help="pinned so that every process answers for one day")
    parser.add_argument("--data", default=os.path.join(ROOT, "out", "spark"))
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    catalog = os.path.abspath(args.catalog or os.path.join(os.path.dirname(binary), "shien-catalog.sqlite"))
    for path in (binary, catalog):
        if not os.path.exists(path):
            sys.exit(f"spark: {path} is missing; run 'make build' first")
    os.makedirs(args.data, exist_ok=True)
    source = os.path.abspath(batch.households(
        os.path.join(ROOT, "out", "bench", f"households-{args.seed}-{args.count}.jsonl"), args.seed, args.count))
    base = [binary, "--catalog", catalog, "batch", "--as-of", args.as_of]

    # 1. One process, every core: the reference output.
    single = os.path.join(args.data, "single.jsonl")
    start = time.perf_counter()
    subprocess.run(base + ["--input", source, "--output", single], check=True)
    single_s = time.perf_counter() - start
    single_count, single_ordered, reference_sorted = fingerprint([single])
    print(f"single process: {' '.join(base + ['--input', source, '--output', single])}")
    print(f"  load average {os.getloadavg()[0]:.1f} (2 cores shared); {single_count:,} lines in {single_s:.2f}s ({args.count / single_s:,.0f} households/s), "
          f"sha256 {single_ordered}")

    # 2. Spark, local mode.
    start = time.perf_counter()
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master(args.master).appName("shien-batch")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    startup_s = time.perf_counter() - start
    print(f"\nSpark {spark.version}, master {args.master}, Java: "
          f"{sc._jvm.java.lang.System.getProperty('java.version')}; session start {startup_s:.2f}s")

    # 2a. RDD.pipe, one shien per partition.
    piped = os.path.join(args.data, "piped")
    shutil.rmtree(piped, ignore_errors=True)
    command = " ".join(base + ["--jobs", "1"])
    start = time.perf_counter()
    rdd = sc.textFile(source, minPartitions=args.partitions)
    rdd.pipe(command, checkCode=True).saveAsTextFile(piped)
    pipe_s = time.perf_counter() - start
    parts = sorted(glob.glob(os.path.join(piped, "part-*")))
    piped_count, piped_ordered, pipe_sorted = fingerprint(parts)
    print(f"\nRDD.pipe: sc.textFile(households, minPartitions={args.partitions})"
          f".pipe(\"{command}\", checkCode=True).saveAsTextFile(...)")
    print(f"  load average {os.getloadavg()[0]:.1f}; {rdd.getNumPartitions()} partitions, {len(parts)} part files, {piped_count:,} lines in "
          f"{pipe_s:.2f}s ({args.count / pipe_s:,.0f} households/s)")
    print(f"  sorted lines sha256 {pipe_sorted}: "
          f"{'EQUAL to' if pipe_sorted == reference_sorted else 'DIFFERENT from'} the single process's")
    print(f"  part files in order: {'byte-identical to' if piped_ordered == single_ordered else 'not the same as'} "
          f"the single process's output")

    # 2b. --shard K/N, one task per share.
    sharded = os.path.join(args.data, "sharded")
    shutil.rmtree(sharded, ignore_errors=True)
    os.makedirs(sharded)
    start = time.perf_counter()
    times = (sc.parallelize(range(1, args.shards + 1), args.shards)
             .mapPartitions(shard_task(base + ["--input", source, "--jobs", "1"], args.shards, sharded))
             .collect())
    shard_s = time.perf_counter() - start
    shard_count, _, shard_sorted = fingerprint(sorted(glob.glob(os.path.join(sharded, "shard-*.jsonl"))))
    print(f"\n--shard: sc.parallelize(range(1, {args.shards + 1}), {args.shards}).mapPartitions(run "
          f"\"{' '.join(base + ['--input', source, '--jobs', '1'])} --shard K/{args.shards} --output shard-K.jsonl\")")
    print(f"  load average {os.getloadavg()[0]:.1f}; {shard_count:,} lines in {shard_s:.2f}s ({args.count / shard_s:,.0f} households/s); per task: "
          + ", ".join(f"{k}/{args.shards} {s:.1f}s" for k, s in sorted(times)))
    print(f"  sorted lines sha256 {shard_sorted}: "
          f"{'EQUAL to' if shard_sorted == reference_sorted else 'DIFFERENT from'} the single process's")
    spark.stop()

    summary = {"count": args.count, "master": args.master, "spark": spark.version, "single_s": single_s,
               "spark_startup_s": startup_s, "pipe_s": pipe_s, "shard_s": shard_s,
               "pipe_equal": pipe_sorted == reference_sorted, "pipe_in_order": piped_ordered == single_ordered,
               "shard_equal": shard_sorted == reference_sorted, "sorted_sha256": reference_sorted}
    print("\n" + json.dumps(summary))
    if not (summary["pipe_equal"] and summary["shard_equal"]):
        sys.exit("spark: the merged output differs from the single-process output")


if __name__ == "__main__":
    main()
