"""Partial uploads: a leftover of a dead process is removed at the next start whatever its age, a live
process's upload is left alone, and `temoin doctor` reports the space they hold (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from archive.context import Archive
from archive.doctor import diagnose
from archive.items.incoming import PREFIX, IncomingFile, clean_incoming, leftovers, owner_prefix
from archive.settings import Settings


def _dead_owner_prefix() -> str:
    """The prefix a process that has exited would have used (same host)."""
    proc = subprocess.run([sys.executable, "-c", "from archive.items.incoming import owner_prefix; "
                           "print(owner_prefix())"], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def _leftover(directory: Path, prefix: str, size: int = 1000) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{prefix}abc123"
    path.write_bytes(b"\0" * size)
    return path


def test_when_a_dead_process_left_a_fresh_partial_file_then_it_is_removed_and_a_live_one_is_kept(
    tmp_path: Path
) -> None:
    dead = _leftover(tmp_path, _dead_owner_prefix(), 5000)  # written a second ago: age does not matter
    with IncomingFile(tmp_path, limit=10**6) as live:
        live.write(b"en cours de reception")
        assert sorted(leftovers(tmp_path)) == [dead]
        assert clean_incoming(tmp_path) == (1, 5000)
        assert live.path.exists() and not dead.exists()
    assert not live.path.exists()  # never finished: discarded when the request ends


def test_when_a_pid_was_reused_then_the_old_owners_file_is_still_a_leftover(tmp_path: Path) -> None:
    reused = _leftover(tmp_path, f"{owner_prefix().rsplit('.', 1)[0]}.1-")  # our pid, another start time
    assert list(leftovers(tmp_path)) == [reused]


def test_when_another_hosts_file_is_fresh_then_it_is_kept_until_it_is_an_hour_old(tmp_path: Path) -> None:
    other = _leftover(tmp_path, f"{PREFIX}otherhost-4242.99-")
    legacy = _leftover(tmp_path, PREFIX)  # a name from before owners were recorded
    assert list(leftovers(tmp_path)) == []
    old = time.time() - 2 * 3600
    os.utime(other, (old, old))
    os.utime(legacy, (old, old))
    assert sorted(leftovers(tmp_path)) == sorted([other, legacy])


def test_when_leftovers_hold_space_then_doctor_says_how_much_and_the_next_start_removes_them(
    settings: Settings
) -> None:
    Archive.open(settings).close()
    assert diagnose(settings, only=["incoming"], lang="en").ok
    _leftover(settings.uploads_dir, _dead_owner_prefix(), 317_000)
    (settings.uploads_dir / "resumable-0000").write_bytes(b"\0" * 2000)  # waits for its client: not a leftover
    report = diagnose(settings, only=["incoming"], lang="en").checks[0]
    assert not report.ok and "317,000 bytes" in report.detail and "2,000 bytes" in report.detail
    assert "next start" in report.fix
    Archive.open(settings).close()
    after = diagnose(settings, only=["incoming"], lang="en").checks[0]
    assert after.ok and (settings.uploads_dir / "resumable-0000").exists()
