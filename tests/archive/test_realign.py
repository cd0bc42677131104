"""A corrected transcript keeps its timing: corrected words aligned to the recognised ones (issue 13)."""

from __future__ import annotations

from typing import Any

from archive.items.realign import realign
from redaction.audio import align_words, words_to_intervals


def _segment(words: list[tuple[float, float, str]]) -> dict[str, Any]:
    return {"start": words[0][0], "end": words[-1][1], "text": "".join(w for _, _, w in words),
            "words": [{"start": s, "end": e, "text": w, "probability": 0.9} for s, e, w in words]}


RECOGNISED = [
    _segment([(0.0, 0.4, " Je"), (0.4, 0.8, " suis"), (0.8, 1.3, " c'est"), (1.3, 2.0, " horrible."),
              (2.0, 2.5, " J'habite"), (2.5, 3.0, " Niono.")]),
    _segment([(4.0, 4.5, " Appelez"), (4.5, 4.8, " le"), (4.8, 6.0, " 76"), (6.0, 6.5, " 12.")]),
    _segment([(7.0, 7.5, " Merci"), (7.5, 8.0, " beaucoup.")]),
]


def _flat(segments: list[dict[str, Any]]) -> list[tuple[float, float, str]]:
    return [(w["start"], w["end"], w["text"]) for s in segments for w in s["words"]]


def test_when_a_misheard_name_is_corrected_then_the_name_takes_the_misheard_words_time() -> None:
    text = "Je suis Coulibaly. J'habite Niono. Appelez le 76 12. Merci beaucoup."
    segments = realign(RECOGNISED, text)
    words = _flat(segments)
    name = next(w for w in words if w[2] == "Coulibaly.")
    assert name[0] == 0.8 and name[1] == 2.0
    assert [w[:2] for w in words if w[2] == "Niono."] == [(2.5, 3.0)]  # unchanged words keep their time
    timed = align_words(text, words)  # every word is found in the corrected text, in order
    start = text.index("Coulibaly")
    intervals = words_to_intervals(timed, [(start, start + len("Coulibaly"))])
    assert intervals and intervals[0][0] <= 0.8 and intervals[0][1] >= 2.0
    assert [s["text"] for s in segments] == ["Je suis Coulibaly. J'habite Niono.", "Appelez le 76 12.",
                                             "Merci beaucoup."]


def test_when_a_correction_deletes_half_the_transcript_then_the_rest_keeps_its_timing() -> None:
    text = "Merci beaucoup."
    segments = realign(RECOGNISED, text)
    assert len(segments) == 1 and segments[0]["start"] == 7.0 and segments[0]["end"] == 8.0
    assert align_words(text, _flat(segments))


def test_when_words_are_inserted_then_they_take_the_gap_between_their_neighbours() -> None:
    text = "Je suis c'est horrible. J'habite Niono. Appelez le 76 12. Oui. Merci beaucoup."
    words = _flat(realign(RECOGNISED, text))
    oui = next(w for w in words if w[2] == "Oui.")
    assert 6.5 <= oui[0] <= oui[1] <= 7.0
    assert [w[2] for w in words] == text.split()


def test_when_there_was_no_recognised_timing_then_nothing_is_invented() -> None:
    assert realign([], "Texte saisi à la main.") == []
    assert realign(RECOGNISED, "") == []
