"""The Elasticsearch index template: analyzers identical to the embedded engine's, one field per language.

Every text goes into the field of its language (``text_fr``, ``text_en`` or ``text_plain``; the same for
``redacted_*``) and French/English texts are also copied, unstemmed, into ``*_plain`` for prefix queries.
A char filter blanks anything that is not a letter or digit (so "l'armée" gives "l" and "armée", as
tantivy's simple tokenizer does, without relying on the elision filter), the standard tokenizer splits, and
the filters run lowercase, Snowball stemmer, asciifolding: tantivy's chain in ``search.analysis``, so both
backends match the same tokens and the shared highlighter marks what matched. (A ``pattern`` tokenizer
would be the direct equivalent, but osmem-server ignores it at index time.)
"""

from __future__ import annotations

from typing import Any, Final

from search.analysis import NON_WORD
from search.stored import COLLECTED_AT, INCIDENT_DATE, KEYWORD_FIELDS, META, TEXT_FIELDS, UNTIL_FIELDS, VERSION

TEMPLATE_VERSION: Final = 3  # 3: coded fields of acts (issue 15)

ANALYSIS_SETTINGS: Final[dict[str, Any]] = {
    "char_filter": {"temoin_blank": {"type": "pattern_replace", "pattern": NON_WORD, "replacement": " "}},
    "filter": {
        "temoin_french_stem": {"type": "stemmer", "language": "french"},
        "temoin_english_stem": {"type": "stemmer", "language": "english"},
    },
    "analyzer": {
        "temoin_fr": {"type": "custom", "char_filter": ["temoin_blank"], "tokenizer": "standard",
                      "filter": ["lowercase", "temoin_french_stem", "asciifolding"]},
        "temoin_en": {"type": "custom", "char_filter": ["temoin_blank"], "tokenizer": "standard",
                      "filter": ["lowercase", "temoin_english_stem", "asciifolding"]},
        "temoin_plain": {"type": "custom", "char_filter": ["temoin_blank"], "tokenizer": "standard",
                         "filter": ["lowercase", "asciifolding"]},
    },
}


def _text_mapping(field: str) -> dict[str, Any]:
    base, analysis = field.rsplit("_", 1)
    mapping: dict[str, Any] = {"type": "text", "analyzer": f"temoin_{analysis}"}
    if analysis != "plain":
        mapping["copy_to"] = f"{base}_plain"
    return mapping


def mappings() -> dict[str, Any]:
    properties: dict[str, Any] = {name: {"type": "keyword"} for name in KEYWORD_FIELDS}
    for fields in TEXT_FIELDS.values():
        properties.update({name: _text_mapping(name) for name in fields})
    properties[COLLECTED_AT] = {"type": "date"}
    properties[INCIDENT_DATE] = {"type": "date", "format": "strict_date"}
    properties.update({name: {"type": "date"} for name in UNTIL_FIELDS})
    properties[VERSION] = {"type": "long"}
    properties[META] = {"type": "object", "enabled": False}
    return {"dynamic": "strict", "_meta": {"temoin_template": TEMPLATE_VERSION}, "properties": properties}


def index_template(alias: str) -> dict[str, Any]:
    """Body of ``indices.put_index_template`` for the indices behind ``alias`` (named ``<alias>-<ns>``)."""
    return {
        "index_patterns": [f"{alias}-*"],
        "priority": 100,
        "template": {
            "settings": {"number_of_shards": 1, "analysis": ANALYSIS_SETTINGS},
            "mappings": mappings(),
        },
        "_meta": {"description": "Témoin search index (search.elastic)", "version": TEMPLATE_VERSION},
    }
