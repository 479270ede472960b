"""Throughput of `ctx-ls check` next to a parse-only baseline, on the same files in one run.

    python -m benchmarks.scan PATH [--runs 3] [--jobs 1,2]

For each job count N it measures (median of --runs):
  parse-only  tree-sitter reads and parses every file, in N processes (the floor: no rule
              can be faster than parsing);
  check       the real command line, `ctx-ls check --jobs N --format json PATH`, as a
              subprocess (includes start-up, walking, analysis and output).
It prints files, lines, seconds, lines/s and the ratio check / parse-only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time

from ctx_ls.project import go_files


def _parse_chunk(paths: list[str]) -> int:
    from ctx_ls.analysis.source import new_parser

    parser = new_parser()
    n = 0
    for p in paths:
        with open(p, "rb") as f:
            parser.parse(f.read())
        n += 1
    return n


def parse_only(files: list[str], jobs: int) -> float:
    start = time.perf_counter()
    if jobs == 1:
        _parse_chunk(files)
    else:
        chunks = [files[i::jobs * 8] for i in range(jobs * 8)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            sum(pool.map(_parse_chunk, chunks))
    return time.perf_counter() - start


def check(path: str, jobs: int) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "ctx_ls", "check", "--jobs", str(jobs), "--format", "json", "--no-progress", path]
    start = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if res.returncode not in (0, 1):
        raise SystemExit(f"ctx-ls check failed ({res.returncode}):\n{res.stderr[-2000:]}")
    return elapsed, len(json.loads(res.stdout))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scan")
    ap.add_argument("path")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="1,2")
    args = ap.parse_args(argv)
    files = [p for p, err in go_files([args.path]) if err is None]
    lines = 0
    for p in files:
        with open(p, "rb") as f:
            lines += f.read().count(b"\n")
    print(f"{args.path}: {len(files)} files, {lines} lines, {os.cpu_count()} CPUs, median of {args.runs} runs")
    print(f"{'what':<22}{'seconds':>10}{'lines/s':>12}{'vs parse':>10}")
    for jobs in (int(j) for j in args.jobs.split(",")):
        base = statistics.median(parse_only(files, jobs) for _ in range(args.runs))
        runs = [check(args.path, jobs) for _ in range(args.runs)]
        secs = statistics.median(r[0] for r in runs)
        print(f"{'parse-only, ' + str(jobs) + ' proc':<22}{base:>10.2f}{lines / base:>12,.0f}{'1.00x':>10}")
        print(f"{'check --jobs ' + str(jobs):<22}{secs:>10.2f}{lines / secs:>12,.0f}{secs / base:>9.2f}x   ({runs[0][1]} findings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
