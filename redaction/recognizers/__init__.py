"""Recognizers: one module per family, each a class with a versioned ``NAME``.

``builtin_recognizers()`` is the default set the engine runs; an extension is any object following the
``Recognizer`` protocol, passed to ``RedactionEngine(recognizers=...)`` the same way.
"""

from __future__ import annotations

from redaction.lexicon import CONF, load_lexicon, read_list
from redaction.places import load_places
from redaction.recognizers.addresses import AddressRecognizer
from redaction.recognizers.base import Recognizer, Span, TextView
from redaction.recognizers.birth import AgeRecognizer, BirthDateRecognizer
from redaction.recognizers.forms import FormFieldRecognizer
from redaction.recognizers.gazetteer import LocalityRecognizer, PersonCueRecognizer, PersonNameRecognizer
from redaction.recognizers.initials import InitialsRecognizer
from redaction.recognizers.keep import KeepListRecognizer
from redaction.recognizers.kinship import KinshipRecognizer
from redaction.recognizers.naming import NamingCueRecognizer
from redaction.recognizers.ner import SpacyEnglishNerRecognizer, SpacyNerRecognizer
from redaction.recognizers.patterns import iter_pattern_recognizers
from redaction.recognizers.script import ArabicNameRecognizer, NonLatinRunRecognizer
from redaction.recognizers.spelled import SpelledNumberRecognizer
from redaction.recognizers.tables import TableRecognizer
from redaction.recognizers.unknown import UnknownProperWordRecognizer

__all__ = ["Recognizer", "Span", "TextView", "builtin_recognizers"]


def builtin_recognizers() -> list[Recognizer]:
    lexicon = load_lexicon()
    arabic = frozenset(read_list(CONF / "names" / "arabic_script_names.txt"))
    return [
        SpacyNerRecognizer(), SpacyEnglishNerRecognizer(), *iter_pattern_recognizers(), BirthDateRecognizer(),
        AgeRecognizer(), SpelledNumberRecognizer(), FormFieldRecognizer(lexicon), TableRecognizer(),
        PersonNameRecognizer(lexicon), PersonCueRecognizer(lexicon), NamingCueRecognizer(lexicon),
        LocalityRecognizer(lexicon, load_places()), AddressRecognizer(), InitialsRecognizer(lexicon),
        KinshipRecognizer(), NonLatinRunRecognizer(),
        ArabicNameRecognizer(arabic), UnknownProperWordRecognizer(lexicon, load_places()),
        KeepListRecognizer(lexicon),
    ]
