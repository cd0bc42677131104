"""The contract every SearchBackend honours, run against the embedded engine and Elasticsearch (osmem)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest

from search import Principal, Query, SearchBackend, SearchDocument
from tests.search.conftest import MakeBackend
from tests.search.corpus import make_testimony

OFFICER = Principal("doc-amina", "documentation_officer", frozenset({"CASE-GAO", "CASE-KIDAL", "CASE-MOPTI"}))

PAGE1 = "Première page : le témoin décrit son arrivée au poste de contrôle. "
PAGE2 = "Deuxième page : la détention a duré onze jours sans jugement. "
PAGE3 = "Troisième page : trois prisonniers ont été exécutés derrière le mur. "
AUDIO = "Des hommes armés ont incendié les maisons du village. Ensuite les femmes ont fui vers le fleuve."


def corpus() -> list[SearchDocument]:
    return [
        make_testimony(
            "fr-arrest",
            "Les soldats ont arrêté mon frère au camp de Tessalit. Ils l'ont frappé.",
            case_id="CASE-KIDAL",
            region="Kidal",
            violation_types=("detention", "torture"),
            incident_date=date(2013, 3, 5),
            collected_at=datetime(2024, 1, 10, tzinfo=UTC),
            pages=((1, 0),),
        ),
        make_testimony(
            "fr-village",
            AUDIO,
            case_id="CASE-MOPTI",
            region="Mopti",
            violation_types=("destruction",),
            testimony_type="oral",
            media_type="audio",
            incident_date=date(2015, 6, 1),
            collected_at=datetime(2024, 2, 10, tzinfo=UTC),
            segments=((0.0, 0), (12.5, AUDIO.index("Ensuite"))),
        ),
        make_testimony(
            "en-arrest",
            "The soldiers arrested my brother near the camp. He was detained for three weeks.",
            language="en",
            incident_date=date(2013, 4, 1),
            collected_at=datetime(2024, 3, 10, tzinfo=UTC),
        ),
        make_testimony(
            "fr-pdf",
            PAGE1 + PAGE2 + PAGE3,
            region="Tombouctou",
            violation_types=("killing",),
            media_type="pdf",
            incident_date=date(2012, 1, 20),
            collected_at=datetime(2024, 4, 10, tzinfo=UTC),
            pages=((1, 0), (2, len(PAGE1)), (3, len(PAGE1 + PAGE2))),
        ),
        make_testimony(
            "fr-other",
            "Le chef du village a été enlevé par des inconnus <armés> & masqués.",
            violation_types=("abduction",),
            incident_date=None,
            collected_at=datetime(2024, 5, 10, tzinfo=UTC),
            consent_scopes=frozenset({"internal_case_use", "share_prosecution", "share_reparations"}),
        ),
    ]


ALL = {"fr-arrest", "fr-village", "en-arrest", "fr-pdf", "fr-other"}


@pytest.fixture
def loaded(backend: SearchBackend) -> SearchBackend:
    assert backend.index(corpus()) == 5
    return backend


def ids(backend: SearchBackend, **query: Any) -> set[str]:
    result = backend.search(Query(size=100, **query), OFFICER)
    assert result.total == len(result.hits)
    return {hit.item_id for hit in result.hits}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arrete", {"fr-arrest"}),  # accent folding + French stemming: arrêté
        ("soldat", {"fr-arrest"}),  # soldats
        ("femme", {"fr-village"}),
        ("incendies", {"fr-village"}),  # unaccented plural finds incendié
        ("TESSALIT", {"fr-arrest"}),
        ("detention", {"fr-pdf"}),  # détention
        ("executes", {"fr-pdf"}),  # exécutés
        ("soldier", {"en-arrest"}),  # English stemming: soldiers
        ("arrest", {"en-arrest"}),  # arrested
        ("detain", {"en-arrest"}),
        ("", ALL),
        ("zanzibar", set()),
    ],
)
def test_when_searching_a_word_then_stemming_and_folding_find_its_forms(
    loaded: SearchBackend, text: str, expected: set[str]
) -> None:
    assert ids(loaded, text=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"camp de Tessalit"', {"fr-arrest"}),
        ('"Tessalit camp"', set()),
        ('"soldats ont arrêté"', {"fr-arrest"}),
        ("soldats camp", {"fr-arrest"}),
        ("soldats AND camp", {"fr-arrest"}),
        ("soldats ET femmes", set()),
        ("soldats OR femmes", {"fr-arrest", "fr-village"}),
        ("soldats OU femmes", {"fr-arrest", "fr-village"}),
        ("camp -soldats", {"en-arrest"}),
        ("camp NOT soldiers", {"fr-arrest"}),
        ("camp SAUF soldats", {"en-arrest"}),
        ("(soldats OR soldiers) AND camp", {"fr-arrest", "en-arrest"}),
        ("+camp +brother", {"en-arrest"}),
        ("NOT village", {"fr-arrest", "en-arrest", "fr-pdf"}),
        ("Tessa*", {"fr-arrest"}),
        ("exécut*", {"fr-pdf"}),
        ("execut*", {"fr-pdf"}),
        ("vill*", {"fr-village", "fr-other"}),
        ("vill* -chef", {"fr-village"}),
    ],
)
def test_when_using_operators_phrases_and_prefixes_then_the_right_documents_match(
    loaded: SearchBackend, text: str, expected: set[str]
) -> None:
    assert ids(loaded, text=text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"filters": {"region": ("Gao",)}}, {"en-arrest", "fr-other"}),
        ({"filters": {"region": ("Gao", "Kidal")}}, {"en-arrest", "fr-other", "fr-arrest"}),
        ({"filters": {"violation_type": ("detention",)}}, {"fr-arrest", "en-arrest"}),
        ({"filters": {"region": ("Gao",), "violation_type": ("detention",)}}, {"en-arrest"}),
        ({"filters": {"language": ("en",)}}, {"en-arrest"}),
        ({"filters": {"media_type": ("audio",)}}, {"fr-village"}),
        ({"filters": {"testimony_type": ("oral",)}}, {"fr-village"}),
        ({"filters": {"consent_scope": ("share_reparations",)}}, {"fr-other"}),
        ({"filters": {"case": ("CASE-KIDAL",)}}, {"fr-arrest"}),
        ({"text": "camp", "filters": {"region": ("Kidal",)}}, {"fr-arrest"}),
        ({"incident_from": date(2013, 1, 1), "incident_to": date(2013, 12, 31)}, {"fr-arrest", "en-arrest"}),
        ({"incident_to": date(2012, 1, 20)}, {"fr-pdf"}),
        ({"incident_from": date(2013, 3, 5), "incident_to": date(2013, 3, 5)}, {"fr-arrest"}),
        ({"collected_from": datetime(2024, 3, 10, tzinfo=UTC)}, {"en-arrest", "fr-pdf", "fr-other"}),
        (
            {
                "collected_from": datetime(2024, 2, 1, tzinfo=UTC),
                "collected_to": datetime(2024, 3, 31, tzinfo=UTC),
            },
            {"fr-village", "en-arrest"},
        ),
    ],
)
def test_when_filtering_by_fields_and_dates_then_only_matching_documents_remain(
    loaded: SearchBackend, query: dict[str, Any], expected: set[str]
) -> None:
    assert ids(loaded, **query) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("date_desc", ["fr-other", "fr-pdf", "en-arrest", "fr-village", "fr-arrest"]),
        ("date_asc", ["fr-arrest", "fr-village", "en-arrest", "fr-pdf", "fr-other"]),
    ],
)
def test_when_sorting_by_date_then_pages_follow_collection_order(
    loaded: SearchBackend, sort: str, expected: list[str]
) -> None:
    pages = [loaded.search(Query(sort=sort, page=page, size=2), OFFICER) for page in (1, 2, 3)]
    assert [p.total for p in pages] == [5, 5, 5]
    assert [hit.item_id for p in pages for hit in p.hits] == expected


def test_when_sorting_by_relevance_then_scores_descend_and_the_best_match_leads(
    loaded: SearchBackend,
) -> None:
    loaded.index([make_testimony("dense", "Village, village, village : le village a brûlé.")])
    result = loaded.search(Query(text="village"), OFFICER)
    scores = [hit.score for hit in result.hits]
    assert result.hits[0].item_id == "dense"
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


@pytest.mark.parametrize(
    ("text", "facet", "expected"),
    [
        ("", "region", {"Gao": 2, "Kidal": 1, "Mopti": 1, "Tombouctou": 1}),
        (
            "",
            "violation_type",
            {"detention": 2, "torture": 1, "destruction": 1, "killing": 1, "abduction": 1},
        ),
        ("", "language", {"fr": 4, "en": 1}),
        ("", "consent_scope",
         {"internal_case_use": 5, "share_prosecution": 5, "identity_disclosure": 4, "share_reparations": 1}),
        ("camp", "region", {"Kidal": 1, "Gao": 1}),
        ("camp", "case", {"CASE-KIDAL": 1, "CASE-GAO": 1}),
        ("zanzibar", "region", {}),
    ],
)
def test_when_asking_for_facets_then_counts_cover_the_matching_documents(
    loaded: SearchBackend, text: str, facet: str, expected: dict[str, int]
) -> None:
    result = loaded.search(Query(text=text, facets=(facet,)), OFFICER)
    assert dict(result.facets[facet]) == expected
    assert list(result.facets) == [facet]


@pytest.mark.parametrize(
    ("text", "item", "marked", "page", "seconds"),
    [
        ("exécutés", "fr-pdf", "<mark>exécutés</mark>", 3, None),
        ("detention", "fr-pdf", "<mark>détention</mark>", 2, None),
        ("femmes", "fr-village", "<mark>femmes</mark>", None, 12.5),
        ("incendie*", "fr-village", "<mark>incendié</mark>", None, 0.0),
        ('"camp de Tessalit"', "fr-arrest", "<mark>camp de Tessalit</mark>", 1, None),
        (
            "soldats camp",
            "fr-arrest",
            "Les <mark>soldats</mark> ont arrêté mon frère au <mark>camp</mark>",
            1,
            None,
        ),
        (
            "enlevé",
            "fr-other",
            "<mark>enlevé</mark> par des inconnus &lt;armés&gt; &amp; masqués",
            None,
            None,
        ),
    ],
)
def test_when_a_document_matches_then_its_snippet_marks_the_hit_and_says_where_it_is(
    loaded: SearchBackend, text: str, item: str, marked: str, page: int | None, seconds: float | None
) -> None:
    hits = {hit.item_id: hit for hit in loaded.search(Query(text=text), OFFICER).hits}
    snippet = hits[item].snippets[0]
    assert marked in snippet.text
    assert (snippet.page, snippet.seconds) == (page, seconds)


def test_when_a_document_is_reindexed_or_deleted_then_the_next_search_reflects_it(
    backend: SearchBackend,
) -> None:
    backend.index(corpus())
    backend.index([make_testimony("fr-arrest", "Un texte entièrement nouveau sur Tessalit.")])
    assert ids(backend, text="soldats") == set()
    assert ids(backend, text="nouveau") == {"fr-arrest"}
    backend.delete(["fr-arrest", "no-such-item"])
    assert ids(backend, text="Tessalit") == set()
    assert backend.count() == 4


def test_when_rebuilding_while_searching_then_every_search_answers_and_the_new_index_wins(
    make_backend: MakeBackend,
) -> None:
    backend = make_backend()
    backend.index(corpus())
    replacement = [make_testimony(f"new-{i}", f"Témoignage numéro {i} sur le camp.") for i in range(300)]
    totals: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                totals.append(backend.search(Query(text="camp"), OFFICER).total)
            except BaseException as exc:
                errors.append(exc)
                return

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    progress: list[float] = []
    try:
        assert backend.rebuild(replacement, progress=progress.append) == 300
    finally:
        stop.set()
        searcher.join()
    assert errors == []
    assert totals and set(totals) <= {2, 300}
    assert progress[-1] == 1.0 and progress == sorted(progress)
    assert backend.search(Query(text="camp"), OFFICER).total == 300
    assert ids(backend, text="Tessalit") == set()
    assert backend.count() == 300
    backend.check()


def test_when_an_item_is_indexed_during_a_rebuild_then_it_survives_the_swap(backend: SearchBackend) -> None:
    def docs() -> Any:
        yield make_testimony("a", "Premier témoignage sur le camp.")
        backend.index([make_testimony("late", "Témoignage arrivé pendant la reconstruction, camp.")])
        yield make_testimony("b", "Second témoignage sur le camp.")

    backend.rebuild(docs())
    assert ids(backend, text="camp") == {"a", "b", "late"}


LAWYER = Principal("law-issa", "lawyer", frozenset({"CASE-GAO"}))
REPARATIONS = Principal("rep-fanta", "reparations_officer")


@pytest.mark.parametrize(
    ("principal", "scope"),
    [(OFFICER, "internal_case_use"), (LAWYER, "share_prosecution"), (REPARATIONS, "share_reparations")],
)
def test_when_a_consent_expires_then_searches_after_that_instant_no_longer_see_the_item(
    backend: SearchBackend, principal: Principal, scope: str
) -> None:
    expiry = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
    scopes = frozenset({"internal_case_use", "share_prosecution", "share_reparations", "identity_disclosure"})
    backend.index([make_testimony("expiring", "Le témoin a été détenu à Tessalit.", consent_scopes=scopes,
                                  consent_expiry={scope: expiry})])
    before = Query(text="Tessalit", as_of=datetime(2030, 6, 1, 11, 59, tzinfo=UTC))
    after = Query(text="Tessalit", as_of=datetime(2030, 6, 1, 12, 0, 1, tzinfo=UTC))
    assert [h.item_id for h in backend.search(before, principal).hits] == ["expiring"]
    assert backend.search(after, principal).total == 0


def test_when_identity_disclosure_expires_then_a_lawyer_falls_back_to_the_redacted_text(
    backend: SearchBackend,
) -> None:
    expiry = datetime(2030, 1, 1, tzinfo=UTC)
    backend.index([make_testimony("named", "Aminata Keïta a été détenue.", redacted="[Personne A] a été détenue.",
                                  consent_expiry={"identity_disclosure": expiry})])
    late = Query(text="détenue", as_of=datetime(2031, 1, 1, tzinfo=UTC))
    early = Query(text="détenue", as_of=datetime(2029, 1, 1, tzinfo=UTC))
    assert "Keïta" in backend.search(early, LAWYER).hits[0].snippets[0].text
    snippet = backend.search(late, LAWYER).hits[0].snippets[0].text
    assert "Keïta" not in snippet and "Personne A" in snippet
    assert backend.search(Query(text="Keïta", as_of=datetime(2031, 1, 1, tzinfo=UTC)), LAWYER).total == 0


def test_when_an_older_version_arrives_after_a_newer_one_then_the_newer_stays(backend: SearchBackend) -> None:
    granted = make_testimony("racing", "Témoignage sur Tessalit.", version=7)
    withdrawn = make_testimony("racing", "Témoignage sur Tessalit.", version=8,
                               consent_scopes=frozenset({"share_prosecution"}))
    assert backend.index([withdrawn]) == 1
    assert backend.index([granted]) == 0  # a slow writer's stale snapshot is refused
    assert ids(backend, text="Tessalit") == set()
    assert backend.index([withdrawn]) == 1  # the same version again is fine (idempotent re-run)
    assert backend.index([make_testimony("racing", "Témoignage sur Tessalit.", version=9)]) == 1
    assert ids(backend, text="Tessalit") == {"racing"}


def test_when_a_stale_version_is_indexed_during_a_rebuild_then_the_newer_survives_the_swap(
    backend: SearchBackend,
) -> None:
    def docs() -> Any:
        yield make_testimony("a", "Premier témoignage sur le camp.")
        backend.index([make_testimony("b", "Second témoignage sur le camp.", version=5,
                                      consent_scopes=frozenset({"share_prosecution"}))])
        yield make_testimony("b", "Second témoignage sur le camp.", version=4)

    backend.rebuild(docs())
    assert ids(backend, text="camp") == {"a"}
    assert not backend.needs_rebuild()


def test_when_a_document_carries_its_evidence_number_then_its_hits_name_it_and_older_records_still_answer(
    backend: SearchBackend,
) -> None:
    numbered = make_testimony("numbered", "Le puits du village a été empoisonné.",
                              evidence_number="TEM-0A1B2C-D3E4-0007")
    older = make_testimony("older", "Le puits du quartier a été comblé.")  # indexed before numbers were stored
    assert backend.index([numbered, older]) == 2
    hits = {h.item_id: h for h in backend.search(Query(text="puits"), OFFICER).hits}
    assert hits["numbered"].evidence_number == "TEM-0A1B2C-D3E4-0007"
    assert hits["older"].evidence_number is None and hits["older"].snippets
    # The number is stored with the document, not searched on: it never matches words of a query.
    assert {h.item_id for h in backend.search(Query(text="TEM"), OFFICER).hits} == set()
