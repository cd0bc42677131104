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


def _timed(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system, from the child's rusage) of ``runs`` runs. On a
    shared machine the wall time follows the load; the CPU time is what the command itself spends."""
    walls, cpus = [], []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - started)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise subprocess.CalledProcessError(child.returncode, argv)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    temoin = [sys.executable, "-m", "archive"]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "TEMOIN_DATA_DIR": str(Path(data))}
        subprocess.run([*temoin, "cases", "list", "--json"], env=env, check=True, stdout=subprocess.DEVNULL)
        bare, bare_cpu = _timed([sys.executable, "-c", "pass"], env, args.runs)
        rows = [("`python -c pass`", bare, bare_cpu)]
        for label, argv in (("`temoin --help`", [*temoin, "--help"]),
                            ("`temoin cases list --json`", [*temoin, "cases", "list", "--json"])):
            rows.append((label, *_timed(argv, env, args.runs)))
    load = os.getloadavg()[0]
    lines = ["## Command-line start-up (issue 18)", "",
             f"Median of {args.runs} runs each, in one run of this script; an archive already at its latest schema "
             "(embedded default). The CLI loads services, the database layer and the engines only inside the "
             "command that needs them; `cases list` reads through the standard library's sqlite3, without the ORM "
             f"or the settings library. Target: under {TARGET_EXTRA_S} s more than the bare interpreter (wall). "
             f"CPU is user + system time of the command itself, which the load of a shared machine (load average "
             f"{load:.1f} on {os.cpu_count()} cores during this run) does not add to.", "",
             "| command | wall time | more than bare | ratio to bare | CPU time | CPU more than bare | target |",
             "|---|---|---|---|---|---|---|"]
    for label, wall, cpu in rows:
        extra = wall - bare
        mark = "" if label.startswith("`python") else ("✅" if extra <= TARGET_EXTRA_S else "❌")
        lines.append(f"| {label} | {wall:.3f} s | {extra:+.3f} s | {wall / bare:.1f} | {cpu:.3f} s | "
                     f"{cpu - bare_cpu:+.3f} s | {mark} |")
    write_section("cli-startup", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
