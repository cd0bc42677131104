from __future__ import annotations

import pytest

from redaction.pseudonyms import Pseudonymiser, PseudonymMap, resolve, seal, unseal

KEY = b"archive-key-for-tests-0123456789"


@pytest.mark.parametrize(("names", "expected"), [
    (["Moussa Traoré", "Moussa", "TRAORÉ", "traore moussa"], ["[Personne A]"] * 4),
    (["Moussa Traoré", "Moussa Keïta", "Moussa"], ["[Personne A]", "[Personne B]", "[Personne C]"]),
    (["Awa", "Awa Diarra", "Diarra"], ["[Personne A]"] * 3),
    (["Hawa Sidibé", "Bintou Sidibé", "Hawa Sidibé"], ["[Personne A]", "[Personne B]", "[Personne A]"]),
])
def test_when_names_repeat_then_the_same_person_gets_the_same_label(names: list[str], expected: list[str]) -> None:
    naming = Pseudonymiser(KEY)
    assert [naming.pseudonym("PERSON", n) for n in names] == expected


def test_when_labels_are_places_or_in_english_then_they_are_numbered() -> None:
    naming = Pseudonymiser(KEY)
    assert [naming.pseudonym("LOC", "Ogossagou"), naming.pseudonym("LOC", "OGOSSAGOU"),
            naming.pseudonym("LOC", "Sobane", "en"), naming.pseudonym("PERSON", "Awa", "en")] == \
        ["[Lieu 1]", "[Lieu 1]", "[Place 2]", "[Person A]"]


def test_when_the_key_changes_then_identity_keys_change_and_are_not_the_name() -> None:
    one, two = Pseudonymiser(KEY), Pseudonymiser(b"another-archive-key-000000000000")
    one.pseudonym("PERSON", "Kadidia Sogoba")
    two.pseudonym("PERSON", "Kadidia Sogoba")
    assert set(one.map.exact) != set(two.map.exact)
    assert all("sogoba" not in key for key in one.map.exact)
    assert len(next(iter(one.map.exact))) == 64


def test_when_a_map_is_sealed_then_it_round_trips_and_reveals_nothing() -> None:
    naming = Pseudonymiser(KEY, PseudonymMap(case_id="case-7"))
    naming.pseudonym("PERSON", "Kadidia Sogoba")
    blob = seal(naming.map, KEY)
    assert b"Sogoba" not in blob and b"case-7" not in blob
    restored = unseal(blob, KEY)
    assert restored == naming.map
    assert Pseudonymiser(KEY, restored).pseudonym("PERSON", "Sogoba") == "[Personne A]"
    assert resolve(restored, "[Personne A]") == ("Kadidia Sogoba", "Sogoba")


@pytest.mark.parametrize("damage", ["flip", "truncate", "wrong_key", "not_a_map"])
def test_when_a_sealed_map_is_tampered_with_then_unseal_refuses(damage: str) -> None:
    blob = seal(Pseudonymiser(KEY).map, KEY)
    key = KEY
    if damage == "flip":
        blob = blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:]
    elif damage == "truncate":
        blob = blob[:20]
    elif damage == "wrong_key":
        key = b"x" * 32
    else:
        blob = b"{}"
    with pytest.raises(ValueError):
        unseal(blob, key)


def test_when_the_key_is_too_short_then_a_clear_error_is_raised() -> None:
    with pytest.raises(ValueError, match="at least 16 bytes"):
        Pseudonymiser(b"short")


def test_when_a_pseudonym_is_unknown_then_resolve_says_so() -> None:
    with pytest.raises(KeyError, match="Personne Z"):
        resolve(PseudonymMap(case_id="c1"), "[Personne Z]")
