"""Child process of the crash tests: start a put and SIGKILL itself half way through the copy.

Usage: python put_and_die.py SPEC_JSON SHA256 SOURCE
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from tests.archive.storage.harness import build_store


def main() -> None:
    spec, sha256, source = json.loads(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    store = build_store(spec)

    def die_half_way(fraction: float) -> None:
        if fraction >= 0.5:
            os.kill(os.getpid(), signal.SIGKILL)

    store.put(sha256, source, progress=die_half_way)
    sys.exit("the put finished: the crash never happened")


if __name__ == "__main__":
    main()
