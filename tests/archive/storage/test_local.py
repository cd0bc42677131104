"""What only the local directory backend promises: layout, permissions, links, leftovers on disk."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from archive.storage import LocalStore, StorageError
from tests.archive.storage.harness import MIB, LocalHarness, write_file

SHM = Path("/dev/shm")


def test_when_an_object_is_stored_then_it_sits_under_two_shard_levels_read_only(
    local_harness: LocalHarness, files: Path
) -> None:
    source = files / "t.txt"
    source.write_text("Kadiatou Sangaré, Tombouctou, 2012.", encoding="utf-8")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()

    local_harness.store.put(sha, source)

    root = local_harness.store.root
    obj, sidecar = root / sha[:2] / sha[2:4] / sha, root / sha[:2] / sha[2:4] / f"{sha}.sha256"
    assert sorted(p.name for p in obj.parent.iterdir()) == [sha, f"{sha}.sha256"]
    assert stat.S_IMODE(obj.stat().st_mode) == 0o444
    assert stat.S_IMODE(sidecar.stat().st_mode) == 0o444


def test_when_moving_within_one_filesystem_then_the_file_is_linked_not_copied(
    local_harness: LocalHarness, tmp_path: Path
) -> None:
    source = tmp_path / "incoming.part"
    sha = write_file(source, 2 * MIB)
    inode = source.stat().st_ino

    local_harness.store.put(sha, source, move=True)

    stored = local_harness.store.path_of(sha)
    assert stored.stat().st_ino == inode and stored.stat().st_nlink == 1
    assert not source.exists()


def _hard_linked(source: Path) -> Path:
    os.link(source, source.with_name("other-name"))
    return source.with_name("other-name")


def _symlinked(source: Path) -> Path:
    link = source.with_name("link")
    link.symlink_to(source)
    return link


@pytest.mark.parametrize(
    "share", [pytest.param(_hard_linked, id="second hard link"), pytest.param(_symlinked, id="symlink")]
)
def test_when_the_moved_file_has_another_name_then_it_is_copied_not_linked(
    local_harness: LocalHarness, tmp_path: Path, share: Callable[[Path], Path]
) -> None:
    original = tmp_path / "outside.bin"
    sha = write_file(original, MIB)
    other = share(original)
    given = other if other.is_symlink() else original
    outside_inode = original.stat().st_ino

    local_harness.store.put(sha, given, move=True)

    stored = local_harness.store.path_of(sha)
    assert stored.stat().st_ino != outside_inode, "no name outside the store may reach the object"
    assert stored.stat().st_nlink == 1
    assert not os.path.lexists(given)


def test_when_moving_across_filesystems_then_the_file_is_copied_and_the_source_removed(
    local_harness: LocalHarness,
) -> None:
    assert SHM.is_dir() and SHM.stat().st_dev != local_harness.store.root.parent.stat().st_dev, (
        "this test needs /dev/shm on another filesystem than the temporary directory"
    )
    source = SHM / f"temoin-test-{os.getpid()}.part"
    try:
        sha = write_file(source, 2 * MIB)
        local_harness.store.put(sha, source, move=True)
        assert not source.exists()
    finally:
        source.unlink(missing_ok=True)
    assert hashlib.sha256(local_harness.store.path_of(sha).read_bytes()).hexdigest() == sha
    assert local_harness.leftovers() == []


def test_when_two_puts_of_the_same_bytes_race_then_exactly_one_creates(
    local_harness: LocalHarness, files: Path
) -> None:
    sources = [files / f"copy-{n}.bin" for n in range(4)]
    for source in sources:
        sha = write_file(source, 3 * MIB, seed="same")
    results: list[bool] = []
    barrier = threading.Barrier(len(sources))

    def put(source: Path) -> None:
        barrier.wait()
        results.append(local_harness.store.put(sha, source).created)

    threads = [threading.Thread(target=put, args=(source,)) for source in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False, False, False, True]
    assert hashlib.sha256(local_harness.store.path_of(sha).read_bytes()).hexdigest() == sha
    assert local_harness.leftovers() == []


@pytest.mark.parametrize(
    ("name", "age", "older_than", "removed"),
    [
        (".partial-0123456789abcdef-1-aa", timedelta(hours=2), None, True),
        (".partial-0123456789abcdef-1-aa", timedelta(minutes=5), None, False),
        (".partial-0123456789abcdef-1-aa", timedelta(minutes=5), timedelta(0), True),
        ("a" * 64 + ".sha256", timedelta(hours=2), None, True),
        ("a" * 64 + ".sha256", timedelta(minutes=5), None, False),
        ("notes.txt", timedelta(days=30), timedelta(0), False),
    ],
)
def test_when_cleaning_up_then_only_old_leftovers_go(
    local_harness: LocalHarness, name: str, age: timedelta, older_than: timedelta | None, removed: bool
) -> None:
    shard = local_harness.store.root / "aa" / "aa"
    shard.mkdir(parents=True)
    leftover = shard / name
    leftover.write_bytes(b"partial")
    stamp = time.time() - age.total_seconds()
    os.utime(leftover, (stamp, stamp))

    count = local_harness.store.cleanup_partial(older_than=older_than)

    assert (count, leftover.exists()) == (int(removed), not removed)


def test_when_a_sidecar_has_its_object_then_cleanup_keeps_it(
    local_harness: LocalHarness, files: Path
) -> None:
    source = files / "kept.txt"
    source.write_bytes(b"kept")
    sha = hashlib.sha256(b"kept").hexdigest()
    local_harness.store.put(sha, source)

    assert local_harness.store.cleanup_partial(older_than=timedelta(0)) == 0
    assert local_harness.store.recorded_sha256(sha) == sha


def test_when_stray_files_sit_in_the_tree_then_keys_ignores_them(
    local_harness: LocalHarness, files: Path
) -> None:
    source = files / "real.txt"
    source.write_bytes(b"real")
    sha = hashlib.sha256(b"real").hexdigest()
    local_harness.store.put(sha, source)
    root = local_harness.store.root
    misplaced = "b" * 64
    (root / "README").write_text("notes")
    (root / "aa" / "aa").mkdir(parents=True)
    (root / "aa" / "aa" / misplaced).write_bytes(b"in the wrong shard")
    (root / "zz").mkdir()

    assert list(local_harness.store.keys()) == [sha]


def _root_is_a_file(tmp: Path) -> Path:
    (tmp / "objects").write_text("x")
    return tmp / "objects"


def _parent_is_a_file(tmp: Path) -> Path:
    (tmp / "disk").write_text("x")
    return tmp / "disk" / "objects"


@pytest.mark.parametrize(
    ("make_root", "message"),
    [
        pytest.param(_root_is_a_file, "is a file, not a directory", id="root is a file"),
        pytest.param(
            _parent_is_a_file, "cannot write into the object store directory", id="parent is a file"
        ),
    ],
)
def test_when_the_directory_is_unusable_then_check_explains(
    tmp_path: Path, make_root: Callable[[Path], Path], message: str
) -> None:
    store = LocalStore(make_root(tmp_path))

    with pytest.raises(StorageError, match=message):
        store.check()


def test_when_the_directory_does_not_exist_yet_then_check_creates_it(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "new" / "objects")

    store.check()

    assert store.root.is_dir() and list(store.root.iterdir()) == []


def test_when_the_store_directory_does_not_exist_yet_then_the_first_put_creates_it(
    tmp_path: Path, files: Path
) -> None:
    store = LocalStore(tmp_path / "data" / "archive" / "objects")
    source = files / "first.txt"
    source.write_bytes(b"premier")

    assert store.put(hashlib.sha256(b"premier").hexdigest(), source).created


def test_when_a_shard_path_is_taken_by_a_file_then_put_explains(
    local_harness: LocalHarness, files: Path
) -> None:
    source = files / "t.txt"
    source.write_bytes(b"t")
    sha = hashlib.sha256(b"t").hexdigest()
    local_harness.store.root.mkdir()
    (local_harness.store.root / sha[:2]).write_text("not a directory")

    with pytest.raises(StorageError, match=f"{sha[:2]} exists but is not a directory"):
        local_harness.store.put(sha, source)
