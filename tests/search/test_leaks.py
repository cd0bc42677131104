"""The leak suite: for each role, seed testimonies whose full text holds known names, phone numbers and
villages (replaced in the redacted text), search for each of them in every form a user could type, and check
that hits, totals, snippets and facets reveal nothing outside that role's scope. Runs on both backends."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from search import Principal, Query, SearchBackend, SearchDocument, SearchResult
from tests.search.conftest import MakeBackend
from tests.search.corpus import make_testimony

ALL_SCOPES = frozenset({"share_prosecution", "share_legal_aid", "share_reparations", "identity_disclosure"})

# item -> (secrets in the full text, case, consent scopes, confidentiality, sealed users, collected by)
SEEDS: dict[str, tuple[tuple[str, str, str], str, frozenset[str], str, frozenset[str], str]] = {
    "L1": (
        ("Kadiatou Wélébara", "76 45 12 98", "Ngorkoudié"),
        "CASE-GAO",
        frozenset({"share_prosecution", "share_reparations"}),
        "public",
        frozenset(),
        "doc-amina",
    ),
    "L2": (
        ("Yacouba Sinkorodé", "+223 65 98 71 30", "Tassamoudi"),
        "CASE-GAO",
        frozenset({"share_prosecution", "identity_disclosure", "share_legal_aid"}),
        "confidential",
        frozenset(),
        "doc-other",
    ),
    "L3": (
        ("Fanta Kouroubéla", "90-11-22-33", "Diomboukara"),
        "CASE-GAO",
        frozenset({"share_legal_aid"}),
        "public",
        frozenset(),
        "doc-other",
    ),
    "L4": (
        ("Bréhima Tounkaradé", "44 55 66 77", "Kellédougou"),
        "CASE-MOPTI",
        frozenset({"share_prosecution", "share_reparations", "identity_disclosure"}),
        "public",
        frozenset(),
        "doc-other",
    ),
    "L5": (
        ("Oumou Djiguiba", "21 43 65 87", "Sirakoroba"),
        "CASE-GAO",
        ALL_SCOPES,
        "sealed",
        frozenset({"lawyer-ibrahim"}),
        "doc-amina",
    ),
    "L6": (
        ("Seydou Kanamalé", "70 80 90 10", "Woyowayanko"),
        "CASE-GAO",
        frozenset(),
        "public",
        frozenset(),
        "doc-amina",
    ),
}

PRINCIPALS = {
    "documentation_officer": Principal("doc-amina", "documentation_officer", frozenset({"CASE-MOPTI"})),
    "lawyer": Principal("lawyer-ibrahim", "lawyer", frozenset({"CASE-GAO"})),
    "legal_aid_lawyer": Principal("legal-fatou", "legal_aid_lawyer", frozenset({"CASE-GAO"})),
    "reparations_officer": Principal("rep-oumar", "reparations_officer"),
    "unassigned_lawyer": Principal("lawyer-moussa", "lawyer", frozenset({"CASE-KAYES"})),
    "admin": Principal("admin-1", "admin", frozenset({"CASE-GAO", "CASE-MOPTI"})),
    "auditor": Principal("auditor-1", "auditor", frozenset({"CASE-GAO", "CASE-MOPTI"})),
}

# What each principal may read of each item (absent: nothing), written out by hand from the rules.
EXPECTED: dict[str, dict[str, str]] = {
    "documentation_officer": {"L1": "full", "L4": "full", "L6": "full"},  # L5 is sealed to the lawyer only
    "lawyer": {"L1": "redacted", "L2": "full", "L5": "full"},
    "legal_aid_lawyer": {"L2": "full", "L3": "redacted"},
    "reparations_officer": {"L1": "redacted", "L4": "redacted"},
    "unassigned_lawyer": {},
    "admin": {},
    "auditor": {},
}


def seed(item: str) -> SearchDocument:
    (name, phone, village), case, scopes, level, sealed, collector = SEEDS[item]
    full = (
        f"Témoignage de {name}, joignable au {phone}. Les soldats sont venus à {village} au petit matin. "
        f"{name} a été emmenée au camp ; à {village} tout le monde se souvient."
    )
    redacted = (
        "Témoignage de [PERSONNE-1], joignable au [TÉLÉPHONE-1]. Les soldats sont venus à [LIEU-1] au "
        "petit matin. [PERSONNE-1] a été emmenée au camp ; à [LIEU-1] tout le monde se souvient."
    )
    return make_testimony(
        item,
        full,
        redacted,
        case_id=case,
        consent_scopes=scopes | {"internal_case_use"},
        confidentiality=level,
        sealed_users=sealed,
        collected_by=collector,
        region="Gao",
    )


def query_forms(secret: str) -> list[str]:
    """Every way a user might type a secret, including field syntax and wildcards."""
    first = secret.split()[0] if not secret[0].isdigit() and not secret.startswith("+") else secret
    last = secret.split()[-1]
    return [
        secret,
        f'"{secret}"',
        secret.lower(),
        secret.upper(),
        first,
        last,
        f"{first[:4]}*",
        f"{last[:3]}*",
        f"text:{first}",
        f"text:{last}",
        f"redacted_text:{first}",
        "redacted_text:*",
        f"text_fr:{last}*",
        f"{first} OR zzz",
        f"NOT zzz AND {last}",
        f"({first})",
        f"+{last}",
        f"{first}~",
        f"*{last}*",
        f"text_plain:{first[:3]}*",
        "meta:*",
        "record:*",
    ]


@pytest.fixture
def seeded(backend: SearchBackend) -> SearchBackend:
    backend.index([seed(item) for item in SEEDS])
    return backend


def secrets_hidden_from(role: str) -> list[str]:
    """Every secret of every item the principal may NOT read in full, as words and as fragments."""
    hidden = [SEEDS[item][0] for item in SEEDS if EXPECTED[role].get(item) != "full"]
    words = {word for secrets in hidden for secret in secrets for word in secret.replace("+", " ").split()}
    return sorted(
        {s for secrets in hidden for s in secrets} | {w for w in words if len(w) > 3 or w.isdigit()}
    )


def assert_reveals_nothing(role: str, result: SearchResult) -> None:
    visible = EXPECTED[role]
    assert {hit.item_id for hit in result.hits} <= set(visible), "a hit outside the role's scope"
    assert result.total <= len(visible)
    hidden = secrets_hidden_from(role)
    for hit in result.hits:
        for snippet in hit.snippets:
            text = snippet.text.lower()
            leaked = [
                s
                for s in hidden
                if s.lower() in text
                and (visible[hit.item_id] != "full" or s not in " ".join(SEEDS[hit.item_id][0]))
            ]
            assert leaked == [], f"snippet of {hit.item_id} shows {leaked}"
    for field, counts in result.facets.items():
        assert sum(counts.values()) <= len(visible) * (4 if field == "consent_scope" else 1)
        labels = " ".join(counts).lower()
        assert [s for s in hidden if s.lower() in labels] == []


@pytest.mark.parametrize("role", sorted(PRINCIPALS))
def test_when_a_role_searches_common_words_then_it_sees_exactly_its_scope_in_the_right_text(
    seeded: SearchBackend, role: str
) -> None:
    result = seeded.search(Query(text="soldats camp", size=20), PRINCIPALS[role])
    assert {hit.item_id for hit in result.hits} == set(EXPECTED[role])
    assert result.total == len(EXPECTED[role])
    assert sum(result.facets["region"].values()) == len(EXPECTED[role])
    for hit in result.hits:
        shown = " ".join(s.text for s in hit.snippets)
        assert ("[PERSONNE-1]" in shown) == (EXPECTED[role][hit.item_id] == "redacted")
    assert_reveals_nothing(role, result)


def redacted_view(hits: SearchResult, items: set[str]) -> dict[str, tuple[str, ...]]:
    return {hit.item_id: tuple(s.text for s in hit.snippets) for hit in hits.hits if hit.item_id in items}


@pytest.mark.parametrize("role", sorted(PRINCIPALS))
def test_when_a_role_searches_for_every_name_number_and_village_then_nothing_outside_its_scope_leaks(
    make_backend: MakeBackend, role: str
) -> None:
    """Differential check: for the items a role reads redacted, every search must answer exactly as it does
    on a control index where the full texts never held the secrets (full text := redacted text)."""
    seeded, control = make_backend(), make_backend()
    seeded.index([seed(item) for item in SEEDS])
    control.index([dataclasses.replace(seed(item), text=seed(item).redacted_text) for item in SEEDS])
    principal = PRINCIPALS[role]
    redacted_items = {item for item, kind in EXPECTED[role].items() if kind == "redacted"}
    full_items = set(EXPECTED[role]) - redacted_items
    searches = 0
    for item, (secrets, *_) in SEEDS.items():
        for text in itertools.chain.from_iterable(query_forms(secret) for secret in secrets):
            searches += 1
            result = seeded.search(Query(text=text, size=20), principal)
            reference = control.search(Query(text=text, size=20), principal)
            assert_reveals_nothing(role, result)
            found = {hit.item_id for hit in result.hits}
            if item not in full_items and text in query_forms(secrets[0])[:2]:
                assert item not in found, f"{role} found {item} by typing {text!r}"
            assert redacted_view(result, redacted_items) == redacted_view(reference, redacted_items), text
            assert result.total - len(found & full_items) == len(
                {h.item_id for h in reference.hits} & redacted_items
            ), text
            for name, counts in result.facets.items():
                if not full_items:
                    assert dict(counts) == dict(reference.facets[name]), (text, name)
    assert searches == len(SEEDS) * 3 * len(query_forms("x y"))


@pytest.mark.parametrize("role", ["lawyer", "documentation_officer"])
def test_when_a_role_may_read_the_full_text_then_it_finds_the_names_there(
    seeded: SearchBackend, role: str
) -> None:
    for item, kind in EXPECTED[role].items():
        name, phone, village = SEEDS[item][0]
        for text in (name, f'"{phone}"', village.lower(), f"{name.split()[-1][:4]}*"):
            found = {hit.item_id for hit in seeded.search(Query(text=text), PRINCIPALS[role]).hits}
            assert (item in found) == (kind == "full"), (role, item, text)


def test_when_consent_is_withdrawn_then_the_item_leaves_the_scope_and_returns_on_regrant(
    seeded: SearchBackend,
) -> None:
    officer = PRINCIPALS["reparations_officer"]
    withdrawn = dataclasses.replace(seed("L1"), consent_scopes=frozenset({"share_prosecution"}))

    def visible() -> set[str]:
        return {hit.item_id for hit in seeded.search(Query(text="soldats"), officer).hits}

    assert visible() == {"L1", "L4"}
    seeded.index([withdrawn])
    assert visible() == {"L4"}
    facets = seeded.search(Query(), officer).facets
    assert dict(facets["case"]) == {"CASE-MOPTI": 1}
    seeded.index([seed("L1")])
    assert visible() == {"L1", "L4"}


def test_when_identity_disclosure_is_withdrawn_then_the_lawyer_falls_back_to_redacted_text(
    seeded: SearchBackend,
) -> None:
    lawyer = PRINCIPALS["lawyer"]
    assert {h.item_id for h in seeded.search(Query(text="Sinkorodé"), lawyer).hits} == {"L2"}
    seeded.index([dataclasses.replace(seed("L2"), consent_scopes=frozenset({"share_prosecution"}))])
    assert seeded.search(Query(text="Sinkorodé"), lawyer).total == 0
    hit = next(h for h in seeded.search(Query(text="soldats"), lawyer).hits if h.item_id == "L2")
    assert "Sinkorodé" not in hit.snippets[0].text and "[PERSONNE-1]" in hit.snippets[0].text


def test_when_an_item_is_sealed_then_only_named_users_find_it(seeded: SearchBackend) -> None:
    sealed_for_other = dataclasses.replace(seed("L5"), sealed_users=frozenset({"lawyer-other"}))
    seeded.index([sealed_for_other])
    assert seeded.search(Query(text="Djiguiba"), PRINCIPALS["lawyer"]).total == 0
    other = Principal("lawyer-other", "lawyer", frozenset({"CASE-GAO"}))
    assert {h.item_id for h in seeded.search(Query(text="Djiguiba"), other).hits} == {"L5"}


@pytest.mark.parametrize("role", ["admin", "auditor", "unassigned_lawyer"])
def test_when_a_role_has_no_content_access_then_results_and_facets_are_empty(
    seeded: SearchBackend, role: str
) -> None:
    result = seeded.search(Query(), PRINCIPALS[role])
    assert (result.total, result.hits) == (0, ())
    assert all(dict(counts) == {} for counts in result.facets.values())
