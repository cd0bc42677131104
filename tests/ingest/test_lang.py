"""Language routing: French, English, or other with the suspected Malian language named."""

from __future__ import annotations

import pytest

from ingest.lang import detect_language, language_from_code, settle_language


@pytest.mark.parametrize(("text", "language", "suspected"), [
    ("Le témoin dit que les soldats sont arrivés dans le village pendant la nuit.", "fr", ()),
    ("The witness said that the soldiers came to the village in the night.", "en", ()),
    ("A ye a fɔ ko sorodasiw nana dugu kɔnɔ su fɛ, u ye cɛ saba minɛ.", "other", ("Bambara",)),
    ("Ɓe ngari ndee jemma, ɓe nanngi worɓe tato, ɗum woni ko miɗo yi'i.", "other", ("Fulfulde",)),
    ("Ay di borey kaŋ ga koy koyra ra, nda i na alboro hinza di.", "other", ("Songhai",)),
    ("ⵜⴰⵎⴰⵌⴰⵖ ⵜⴰⵎⴰⵛⴰⵇ ⴰⵎⴰⵏ", "other", ("Tamasheq",)),
    ("Ǝnta dǝ ǝmnokal ɣur aman, ǝd tamašaq wǝr ǝs.", "other", ("Tamasheq",)),
    ("قال الشاهد إن الجنود وصلوا إلى القرية في الليل", "other", ("Arabic",)),
])
def test_when_text_then_language_and_suspects(text: str, language: str, suspected: tuple[str, ...]) -> None:
    guess = detect_language(text)
    assert guess.language == language
    assert guess.suspected[: len(suspected)] == suspected
    if language == "other":
        assert guess.note is not None and "human transcription" in guess.note


def test_when_french_with_bambara_passage_then_french_with_note() -> None:
    text = ("Le témoin raconte que les hommes sont venus la nuit et il répète leurs mots : "
            "« a ye bɛɛ minɛ, an bɛ taa dugu kɔnɔ, mɔgɔ kelen tɛ to yan » puis il se tait.")
    guess = detect_language(text)
    assert guess.language == "fr"
    assert "Bambara" in guess.suspected and guess.note is not None


@pytest.mark.parametrize("text", ["", "   ", "12 34", "Oui."])
def test_when_too_little_text_then_none(text: str) -> None:
    assert detect_language(text).language is None


@pytest.mark.parametrize(("code", "language", "routed"), [
    ("fr", "fr", False), ("en-GB", "en", False), ("bm", "other", True), ("ar", "other", True),
    ("sw", "other", True), (None, None, False),
])
def test_when_language_code_then_mapped(code: str | None, language: str | None, routed: bool) -> None:
    guess = language_from_code(code)
    assert guess.language == language
    assert (guess.note is not None and "human transcription" in guess.note) is routed


def test_when_low_confidence_french_then_note() -> None:
    guess = language_from_code("fr", probability=0.3)
    assert guess.language == "fr" and guess.note is not None and "low confidence" in guess.note


@pytest.mark.parametrize(("text", "hint", "language"), [
    ("Oui.", "fr", "fr"), ("Oui.", "bm", "other"), ("Oui.", None, None),
    ("The witness said that the soldiers came at night.", "fr", "en"),
])
def test_when_text_is_short_then_hint_decides(text: str, hint: str | None, language: str | None) -> None:
    assert settle_language(text, hint).language == language
