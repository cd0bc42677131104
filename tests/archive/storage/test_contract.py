"""The ObjectStore contract, run against every backend (local directory, S3 over moto's server)."""

from __future__ import annotations

import hashlib
import json
import stat
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from archive.storage import ObjectMissing, Sidecar, StorageError
from tests.archive.storage.harness import MIB, Harness, S3Harness, write_file

REPO = Path(__file__).resolve().parents[3]
GOOD = hashlib.sha256(b"x").hexdigest()


@pytest.mark.parametrize(
    ("label", "content"),
    [
        ("empty file", b""),
        ("short French testimony", "Le 12 mars, Aminata Traoré a vu des hommes armés à Ségou.\n".encode()),
        ("one byte over a read chunk", bytes(range(256)) * (MIB // 256) + b"!"),
    ],
)
def test_when_a_file_is_put_then_the_same_bytes_come_back(
    backend: Harness, files: Path, label: str, content: bytes
) -> None:
    source = files / "testimony.bin"
    source.write_bytes(content)
    sha = hashlib.sha256(content).hexdigest()

    result = backend.store.put(sha, source, media_type="text/plain")

    assert (result.sha256, result.size, result.created) == (sha, len(content), True), label
    assert backend.store.exists(sha)
    assert backend.store.size(sha) == len(content)
    with backend.store.open(sha) as stream:
        assert stream.read() == content
    assert source.read_bytes() == content, "without move=True the source stays"


def test_when_the_same_bytes_are_put_twice_then_nothing_is_rewritten(backend: Harness, files: Path) -> None:
    first, second = files / "first.txt", files / "second.txt"
    first.write_bytes(b"Deuxieme entretien avec Mariam Keita.")
    second.write_bytes(first.read_bytes())
    sha = hashlib.sha256(first.read_bytes()).hexdigest()
    backend.store.put(sha, first)
    before = backend.fingerprint(sha)

    again = backend.store.put(sha, second)

    assert (again.created, again.size) == (False, len(first.read_bytes()))
    assert backend.fingerprint(sha) == before
    assert backend.leftovers() == []


def test_when_an_object_is_stored_then_its_sidecar_records_hash_size_and_type(
    backend: Harness, files: Path
) -> None:
    source = files / "audio.ogg"
    sha = write_file(source, 3 * MIB + 17)

    backend.store.put(sha, source, media_type="audio/ogg")

    raw = backend.sidecar_bytes(sha)
    sidecar = Sidecar.decode(raw, where="test")
    assert (sidecar.sha256, sidecar.size, sidecar.media_type) == (sha, 3 * MIB + 17, "audio/ogg")
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    assert list(json.loads(raw)) == ["media_type", "sha256", "size", "stored_at"]
    assert sidecar.stored_at.endswith("Z")
    assert backend.store.recorded_sha256(sha) == sha


def test_when_a_12_mib_file_is_put_then_it_round_trips_through_the_large_file_path(
    backend: Harness, files: Path
) -> None:
    source = files / "video.mp4"
    sha = write_file(source, 12 * MIB, seed="video")

    assert backend.store.put(sha, source).created
    digest = hashlib.sha256()
    with backend.store.open(sha) as stream:
        while chunk := stream.read(MIB):
            digest.update(chunk)
    assert digest.hexdigest() == sha
    assert backend.store.size(sha) == 12 * MIB
    if isinstance(backend, S3Harness):
        etag = backend.client.stat_object(backend.bucket, backend.store.object_name(sha)).etag
        assert etag is not None and etag.endswith("-2"), "two 8 MiB parts"


def test_when_objects_are_stored_then_keys_lists_exactly_them(backend: Harness, files: Path) -> None:
    shas = set()
    for number in range(3):
        source = files / f"item-{number}.txt"
        source.write_text(f"Témoignage numéro {number}", encoding="utf-8")
        shas.add(hashlib.sha256(source.read_bytes()).hexdigest())
        backend.store.put(hashlib.sha256(source.read_bytes()).hexdigest(), source)

    assert set(backend.store.keys()) == shas
    assert len(list(backend.store.keys())) == 3


def test_when_nothing_is_stored_then_keys_is_empty(backend: Harness) -> None:
    assert list(backend.store.keys()) == []


def test_when_an_object_is_missing_then_reads_say_so(backend: Harness) -> None:
    store = backend.store

    assert store.exists(GOOD) is False
    assert store.recorded_sha256(GOOD) is None
    with pytest.raises(ObjectMissing, match=f"{GOOD}.*restore"):
        store.size(GOOD)
    with pytest.raises(ObjectMissing, match=GOOD), store.open(GOOD):
        pass


BAD_KEYS = [
    ("path traversal", "../../../../etc/passwd"),
    ("traversal dressed as a hash", "../" + GOOD[3:]),
    ("uppercase hex", GOOD.upper()),
    ("too short", GOOD[:63]),
    ("too long", GOOD + "0"),
    ("empty", ""),
    ("sidecar name", GOOD + ".sha256"),
    ("nested path", GOOD[:2] + "/" + GOOD),
    ("not hex", GOOD[:-1] + "g"),
    ("trailing newline", GOOD + "\n"),
]


def _open_and_read(backend: Harness, key: str) -> bytes:
    with backend.store.open(key) as stream:
        return stream.read()


@pytest.mark.parametrize("key", [pytest.param(key, id=label) for label, key in BAD_KEYS])
def test_when_a_key_is_not_a_sha256_then_every_operation_refuses_it(
    backend: Harness, files: Path, key: str
) -> None:
    source = files / "x"
    source.write_bytes(b"x")
    calls: dict[str, Callable[[], object]] = {
        "put": lambda: backend.store.put(key, source),
        "exists": lambda: backend.store.exists(key),
        "size": lambda: backend.store.size(key),
        "recorded_sha256": lambda: backend.store.recorded_sha256(key),
        "open": lambda: _open_and_read(backend, key),
    }
    for operation, call in calls.items():
        with pytest.raises(StorageError, match="not a SHA-256 object key") as caught:
            call()
        assert not isinstance(caught.value, ObjectMissing), operation
    assert list(backend.store.keys()) == []
    assert backend.leftovers() == []


def test_when_the_bytes_do_not_match_the_key_then_nothing_is_stored(backend: Harness, files: Path) -> None:
    source = files / "changed.txt"
    source.write_bytes(b"Version modifiee apres le calcul de l'empreinte.")

    with pytest.raises(StorageError, match=f"hash to {hashlib.sha256(source.read_bytes()).hexdigest()}"):
        backend.store.put(GOOD, source)

    assert not backend.store.exists(GOOD)
    assert list(backend.store.keys()) == []
    assert backend.leftovers() == []


def test_when_the_source_file_is_missing_then_the_error_names_it(backend: Harness, files: Path) -> None:
    with pytest.raises(StorageError, match=r"cannot read the file to store, .*absent\.wav"):
        backend.store.put(GOOD, files / "absent.wav")


def test_when_the_source_is_a_directory_then_put_refuses_it(backend: Harness, files: Path) -> None:
    with pytest.raises(StorageError, match="is not a regular file"):
        backend.store.put(GOOD, files, move=True)

    assert files.is_dir() and stat.S_IMODE(files.stat().st_mode) & 0o200, "left untouched"


def test_when_put_with_move_then_the_source_is_gone_and_the_object_stored(
    backend: Harness, files: Path
) -> None:
    source, duplicate = files / "upload.part", files / "again.part"
    sha = write_file(source, 2 * MIB)
    write_file(duplicate, 2 * MIB)

    assert backend.store.put(sha, source, move=True).created
    assert not backend.store.put(sha, duplicate, move=True).created

    assert not source.exists() and not duplicate.exists()
    with backend.store.open(sha) as stream:
        assert hashlib.sha256(stream.read()).hexdigest() == sha


def test_when_a_large_put_runs_then_progress_climbs_to_one(backend: Harness, files: Path) -> None:
    source = files / "long.wav"
    sha = write_file(source, 12 * MIB)
    seen: list[float] = []

    backend.store.put(sha, source, progress=seen.append)

    assert seen == sorted(seen) and seen[-1] == 1.0
    assert len(seen) >= 3 and all(0.0 <= f <= 1.0 for f in seen)


def test_when_the_copy_fails_half_way_then_nothing_is_visible_or_left(backend: Harness, files: Path) -> None:
    source = files / "cut.bin"
    sha = write_file(source, 12 * MIB)

    def fail_half_way(fraction: float) -> None:
        if fraction >= 0.5:
            raise OSError("disk went away")

    with pytest.raises(StorageError, match=r"disk went away.*nothing was stored"):
        backend.store.put(sha, source, progress=fail_half_way)

    assert not backend.store.exists(sha)
    assert list(backend.store.keys()) == []
    assert backend.leftovers() == []
    assert backend.store.put(sha, source).created


def test_when_the_process_is_killed_mid_put_then_cleanup_leaves_nothing(
    backend: Harness, files: Path
) -> None:
    source = files / "killed.bin"
    sha = write_file(source, 20 * MIB)  # on S3: part 1 (8 MiB) is uploaded, the kill comes in part 2

    child = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("put_and_die.py")),
            json.dumps(backend.spec),
            sha,
            str(source),
        ],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=120,
    )

    assert child.returncode == -9, child.stderr.decode()
    assert not backend.store.exists(sha)
    assert list(backend.store.keys()) == []
    left = backend.leftovers()
    assert left != [], "a real crash leaves a partial write behind"
    if backend.kind == "s3":
        assert any(entry.startswith("upload:") for entry in left), left
    assert backend.store.cleanup_partial(older_than=timedelta(0)) >= 1
    assert backend.leftovers() == []
    assert backend.store.put(sha, source).created


def test_when_64_mib_are_put_then_python_memory_stays_flat(backend: Harness, files: Path) -> None:
    source = files / "big.bin"
    sha = write_file(source, 64 * MIB, seed="big")

    tracemalloc.start()
    try:
        backend.store.put(sha, source)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 24 * MIB, f"peak Python allocation {peak / MIB:.1f} MiB for a 64 MiB put"
    assert backend.store.size(sha) == 64 * MIB


def test_when_an_object_is_opened_then_the_stream_is_closed_after_use(backend: Harness, files: Path) -> None:
    source = files / "photo.jpg"
    sha = write_file(source, 3 * MIB)
    backend.store.put(sha, source, media_type="image/jpeg")

    with backend.store.open(sha) as stream:
        head = stream.read(10)

    assert len(head) == 10
    assert stream.closed


def test_when_the_store_is_usable_then_check_passes(backend: Harness, files: Path) -> None:
    source = files / "a.txt"
    source.write_bytes(b"a")
    backend.store.put(hashlib.sha256(b"a").hexdigest(), source)

    assert backend.store.check() is None
