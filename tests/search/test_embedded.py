from __future__ import annotations

from pathlib import Path

import pytest

from search import Principal, Query, SearchUnavailable
from search.embedded import CURRENT, EmbeddedSearch
from tests.search.corpus import make_testimony

OFFICER = Principal("doc-amina", "documentation_officer", frozenset({"CASE-GAO"}))


def test_when_reopened_from_disk_then_documents_are_still_there(tmp_path: Path) -> None:
    EmbeddedSearch(tmp_path).index([make_testimony("a", "Les soldats au camp.")])
    assert EmbeddedSearch(tmp_path).search(Query(text="soldat"), OFFICER).total == 1


def test_when_another_instance_writes_or_rebuilds_then_this_one_sees_it_on_the_next_search(
    tmp_path: Path,
) -> None:
    reader, writer = EmbeddedSearch(tmp_path), EmbeddedSearch(tmp_path)
    assert reader.search(Query(), OFFICER).total == 0
    writer.index([make_testimony("a", "Premier témoignage.")])
    assert reader.search(Query(text="premier"), OFFICER).total == 1
    writer.rebuild([make_testimony("b", "Second témoignage.")])
    assert {h.item_id for h in reader.search(Query(), OFFICER).hits} == {"b"}
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("index-")]) == 1


def test_when_the_pointer_names_a_missing_index_then_check_says_to_reindex(tmp_path: Path) -> None:
    backend = EmbeddedSearch(tmp_path)
    (tmp_path / CURRENT).write_text("index-gone", encoding="utf-8")
    with pytest.raises(SearchUnavailable, match="temoin reindex"):
        backend.check()


def test_when_a_rebuild_fails_then_the_live_index_is_untouched(tmp_path: Path) -> None:
    backend = EmbeddedSearch(tmp_path)
    backend.index([make_testimony("a", "Texte original.")])

    def broken() -> object:
        yield make_testimony("b", "Nouveau texte.")
        raise OSError("system of record went away")

    with pytest.raises(OSError, match="went away"):
        backend.rebuild(broken())  # type: ignore[arg-type]
    assert {h.item_id for h in backend.search(Query(), OFFICER).hits} == {"a"}
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("index-")]) == 1


def test_when_the_index_was_made_with_an_older_layout_then_it_is_replaced_and_flagged_for_rebuild(
    tmp_path: Path,
) -> None:
    first = EmbeddedSearch(tmp_path)
    first.index([make_testimony("a", "Les soldats au camp.")])
    assert not first.needs_rebuild()
    current = tmp_path / (tmp_path / CURRENT).read_text(encoding="utf-8").strip()
    (current / "SCHEMA").write_text("1", encoding="utf-8")  # as written by the previous release
    reopened = EmbeddedSearch(tmp_path)
    assert reopened.needs_rebuild()
    assert reopened.search(Query(), OFFICER).total == 0
    reopened.rebuild([make_testimony("a", "Les soldats au camp.")])
    assert not reopened.needs_rebuild()
    assert not EmbeddedSearch(tmp_path).needs_rebuild()


def test_when_a_stored_record_predates_evidence_numbers_then_it_reads_without_one() -> None:
    from search.stored import META, from_record, to_record
    from tests.search.corpus import make_testimony

    record = to_record(make_testimony("old", "Un témoignage.", evidence_number="TEM-0A1B2C-D3E4-0001"))
    assert from_record(record).evidence_number == "TEM-0A1B2C-D3E4-0001"
    del record[META]["evidence_number"]  # as an index made by an earlier release holds it
    assert from_record(record).evidence_number is None


def test_when_two_writers_race_on_one_item_then_the_highest_version_stays(tmp_path: Path) -> None:
    """Two backends on one directory are what two `temoin serve` processes are: each has its own in-process lock,
    only tantivy's writer lock is shared; the version check must happen under it."""
    import threading

    first, second = EmbeddedSearch(tmp_path), EmbeddedSearch(tmp_path)

    def write(backend: EmbeddedSearch, versions: range) -> None:
        for version in versions:
            backend.index([make_testimony("racing", f"Témoignage numéro {version}.", version=version)])

    threads = [threading.Thread(target=write, args=(first, range(2, 31, 2))),
               threading.Thread(target=write, args=(second, range(1, 30, 2)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    reader = EmbeddedSearch(tmp_path)
    assert reader.search(Query(text="30"), OFFICER).total == 1
    assert reader.search(Query(), OFFICER).total == 1
