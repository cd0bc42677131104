"""The lock files (requirements/*.txt, written by `make lock`) pin every dependency that pyproject.toml declares,
with hashes, consistently across files, and the environment under test is the one they pin."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "requirements"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
STALE = "requirements/ is stale: run `make lock` and commit requirements/*.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ; (.+?))?(?: \\)?$")


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: str | None
    hashes: int

    def applies_here(self) -> bool:
        return self.marker is None or Marker(self.marker).evaluate()


def read_lock(name: str) -> list[Pin]:
    pins: list[Pin] = []
    for line in (LOCKS / name).read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            pins.append(Pin(canonicalize_name(match[1]), match[2], match[3], 0))
        elif line.strip().startswith("--hash=sha256:") and pins:
            last = pins[-1]
            pins[-1] = Pin(last.name, last.version, last.marker, last.hashes + 1)
    return pins


def _declared(group: str | None) -> list[Requirement]:
    texts = PROJECT["dependencies"] if group is None else PROJECT["optional-dependencies"][group]
    return [Requirement(text) for text in texts]


@pytest.mark.parametrize(("lock", "groups"), [
    ("run.txt", [None]), ("dev.txt", [None, "dev"]),
])
def test_when_pyproject_declares_a_dependency_then_the_lock_pins_a_matching_version(
        lock: str, groups: list[str | None]) -> None:
    pinned: dict[str, list[str]] = {}
    for pin in read_lock(lock):
        pinned.setdefault(pin.name, []).append(pin.version)
    problems = []
    for group in groups:
        for requirement in _declared(group):
            versions = pinned.get(canonicalize_name(requirement.name), [])
            if not versions or not all(requirement.specifier.contains(v, prereleases=True) for v in versions):
                problems.append(f"{requirement} (locked: {versions or 'absent'})")
    assert problems == [], f"{lock}: {problems}; {STALE}"


@pytest.mark.parametrize("lock", ["bootstrap.txt", "run.txt", "dev.txt", "uv.txt"])
def test_when_a_package_is_pinned_then_it_carries_hashes(lock: str) -> None:
    pins = read_lock(lock)
    assert pins, f"{lock} pins nothing"
    assert [p.name for p in pins if p.hashes == 0] == []


@pytest.mark.parametrize("lock", ["run.txt", "bootstrap.txt"])
def test_when_a_package_is_in_two_locks_then_the_version_is_the_same(lock: str) -> None:
    dev: dict[str, set[str]] = {}
    for pin in read_lock("dev.txt"):  # a package may be pinned under several markers (e.g. per Python)
        dev.setdefault(pin.name, set()).add(pin.version)
    differing = [(p.name, p.version, sorted(dev.get(p.name, set()))) for p in read_lock(lock)
                 if p.name != "pip" and p.version not in dev.get(p.name, set())]
    assert differing == [], f"{lock} disagrees with dev.txt: {differing}; {STALE}"


def test_when_tests_run_then_the_installed_packages_are_the_locked_versions() -> None:
    wrong = []
    for pin in read_lock("dev.txt"):
        if not pin.applies_here():
            continue
        try:
            installed = metadata.version(pin.name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{pin.name}: absent, locked {pin.version}")
            continue
        if Version(installed) != Version(pin.version):
            wrong.append(f"{pin.name}: installed {installed}, locked {pin.version}")
    assert wrong == [], f"{wrong}: install from the lock (`make test` does: rm {ROOT / '.venv'} to start clean)"
