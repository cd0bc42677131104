"""How long the command line takes before it does anything (issue 18), against the bare interpreter.

    python -m bench.cli_startup            # 7 runs of each, median
    python -m bench.cli_startup --runs 3

Same run, same interpreter: ``python -c pass``, ``temoin --help`` and ``temoin cases list --json`` on an
archive already at its latest schema (the first start, which applies the migrations, is left out). Target:
each command under 0.5 s more than the bare interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import write_section

TARGET_EXTRA_S = 0.5


def _wall(argv: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    temoin = [sys.executable, "-m", "archive"]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "TEMOIN_DATA_DIR": str(Path(data))}
        subprocess.run([*temoin, "cases", "list", "--json"], env=env, check=True, stdout=subprocess.DEVNULL)
        bare = _wall([sys.executable, "-c", "pass"], env, args.runs)
        rows = [("`python -c pass`", bare)]
        for label, argv in (("`temoin --help`", [*temoin, "--help"]),
                            ("`temoin cases list --json`", [*temoin, "cases", "list", "--json"])):
            rows.append((label, _wall(argv, env, args.runs)))
    lines = ["## Command-line start-up (issue 18)", "",
             f"Median of {args.runs} runs each, in one run of this script; an archive already at its latest schema "
             "(embedded default). The CLI loads services, the database layer and the engines only inside the "
             f"command that needs them. Target: under {TARGET_EXTRA_S} s more than the bare interpreter.", "",
             "| command | wall time | more than bare | ratio to bare | target |", "|---|---|---|---|---|"]
    for label, wall in rows:
        extra = wall - bare
        mark = "" if label.startswith("`python") else ("✅" if extra <= TARGET_EXTRA_S else "❌")
        lines.append(f"| {label} | {wall:.3f} s | {extra:+.3f} s | {wall / bare:.1f} | {mark} |")
    write_section("cli-startup", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
