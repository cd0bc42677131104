"""The Splink model: comparison levels for each field, blocking rules, and the rules EM trains on.

Every column named here is a feature column (``features.COLUMNS``). The starting m probabilities are
reasonable guesses; expectation-maximisation replaces them when the input is large enough to train on.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

#: m probability of "different given names, same parent or birth date", fixed (not trained).
GIVEN_NAMES_DIFFER_M = 1e-9


#: m and u probabilities of "given and family names swapped", fixed (see ``_swapped``).
SWAPPED_M = 0.03
SWAPPED_U = 0.0015


def _level(sql: str, label: str, m: float, u: float, tf: str | None = None) -> ComparisonLevelCreator:
    """A level with starting m and u (u measured on a generated Malian register: used as they are when the
    input is too small to sample random pairs from)."""
    level = cll.CustomLevel(sql, label_for_charts=label)
    if tf is None:
        return level.configure(m_probability=m, u_probability=u)
    return level.configure(m_probability=m, u_probability=u, tf_adjustment_column=tf, tf_adjustment_weight=1.0)


def _null(column: str) -> ComparisonLevelCreator:
    return cll.CustomLevel(f"{column}_l IS NULL OR {column}_r IS NULL", label_for_charts="null").configure(
        is_null_level=True)


def _else(m: float, u: float) -> ComparisonLevelCreator:
    return cll.ElseLevel().configure(m_probability=m, u_probability=u)


def _jw(column: str, threshold: float) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r) >= {threshold}"


def _subset(column: str) -> str:
    left, right = f"str_split({column}_l, ' ')", f"str_split({column}_r, ' ')"
    return f"(list_has_all({left}, {right}) OR list_has_all({right}, {left}))"


#: One name written in the other field on one side only ("White Reganne" / "Reganne McVeigh").
_CROSSED = "given_canon_l = family_canon_r OR family_canon_l = given_canon_r"
_SWAPPED = "given_canon_l = family_canon_r AND family_canon_l = given_canon_r"
_SWAPPED_CLOSE = ("jaro_winkler_similarity(given_phon_l, family_phon_r) >= 0.88 AND "
                  "jaro_winkler_similarity(family_phon_l, given_phon_r) >= 0.88")
#: Twins and siblings: a parent in common, or the same birth day in a register that records sex (where sex
#: is never recorded, FEBRL for one, a replaced given name cannot be told from a twin, so the day alone is
#: not enough).
_SIBLINGS = ("father_canon_l = father_canon_r OR mother_canon_l = mother_canon_r OR "
             "(birth_full_l = birth_full_r AND sex_l IS NOT NULL AND sex_r IS NOT NULL)")


def _swapped() -> ComparisonLevelCreator:
    """Given and family names written in each other's field. Random pairs almost never show it, so u is
    fixed near the chance of two random people sharing both names (otherwise one swapped pair would weigh
    more than two exact names); m is fixed too, as EM sees too few swaps to estimate it (it underflows)."""
    return cll.CustomLevel(f"({_SWAPPED}) OR ({_SWAPPED_CLOSE})", label_for_charts="given and family swapped"
                           ).configure(m_probability=SWAPPED_M, u_probability=SWAPPED_U, fix_m_probability=True,
                                       fix_u_probability=True)


def given_name() -> ComparisonCreator:
    return cl.CustomComparison([
        _null("given_canon"),
        _level("given_canon_l = given_canon_r", "same spelling", 0.62, 0.028, tf="given_canon"),
        _swapped(),
        _level("given_phon_l = given_phon_r", "same sound", 0.08, 0.0006),
        _level("given_root_l = given_root_r", "diminutive or equivalent", 0.06, 0.013),
        _level(_subset("given_canon"), "one name within the other", 0.06, 0.0001),
        _level(_jw("given_canon", 0.9), "close (Jaro-Winkler >= 0.9)", 0.06, 0.0012),
        _level(_CROSSED, "one record's given name is the other's family name", 0.02, 0.0005),
        # Given names no closer than Jaro-Winkler 0.9 in a pair that shares a parent or the exact birth date: the
        # pattern of twins and siblings (Awa and Adama, Lassana and Fousseyni), who share everything else.
        # Fixed to outweigh all the rest. A nickname the table lacks lands here too: add it to the table.
        _level(_SIBLINGS, "different given names, same parent or birth date (twins, siblings)",
               GIVEN_NAMES_DIFFER_M, 0.001).configure(fix_m_probability=True),
        _level(_jw("given_canon", 0.75), "similar (Jaro-Winkler >= 0.75)", 0.04, 0.04),
        _else(0.05, 0.917),
    ], output_column_name="given_name")


def family_name() -> ComparisonCreator:
    return cl.CustomComparison([
        _null("family_canon"),
        _level("family_canon_l = family_canon_r", "same spelling", 0.75, 0.057, tf="family_canon"),
        _swapped(),
        _level("family_phon_l = family_phon_r", "same sound", 0.08, 0.0096),
        _level(_subset("family_canon"), "one name within the other", 0.03, 0.0001),
        _level(_jw("family_phon", 0.9), "close (Jaro-Winkler >= 0.9)", 0.05, 0.0026),
        _level(_jw("family_phon", 0.75), "similar (Jaro-Winkler >= 0.75)", 0.03, 0.024),
        _else(0.03, 0.905),
    ], output_column_name="family_name")


#: The right-hand date with day and month exchanged (03/12 written for 12/03), as YYYY-MM-DD.
_DAY_MONTH_SWAPPED = "substr(birth_full_r, 1, 5) || substr(birth_full_r, 9, 2) || '-' || substr(birth_full_r, 6, 2)"


def birth_date() -> ComparisonCreator:
    year_diff = "abs(birth_year_l - birth_year_r)"
    return cl.CustomComparison([
        _null("birth_year"),
        _level("birth_full_l = birth_full_r", "same day", 0.5, 0.0002),
        _level("damerau_levenshtein(birth_full_l, birth_full_r) <= 1", "one digit apart", 0.1, 0.0004),
        _level(f"birth_full_l = {_DAY_MONTH_SWAPPED}", "day and month swapped", 0.02, 0.00002),
        _level("birth_ym_l = birth_ym_r", "same month, day unknown or different", 0.06, 0.0005),
        _level("birth_year_l = birth_year_r AND (birth_ym_l IS NULL OR birth_ym_r IS NULL)",
               "same year, month unknown", 0.15, 0.0104),
        _level("birth_year_l = birth_year_r", "same year, other month", 0.04, 0.005),
        _level(f"{year_diff} <= 2 AND (birth_approx_l OR birth_approx_r OR birth_ym_l IS NULL OR birth_ym_r IS NULL)",
               "within two years, one approximate or year only", 0.06, 0.04),
        _level(f"{year_diff} <= 1", "one year apart", 0.04, 0.011),
        _else(0.05, 0.932).configure(fix_m_probability=True),
    ], output_column_name="birth_date")


def birth_place() -> ComparisonCreator:
    return cl.CustomComparison([
        _null("place_norm"),
        _level("place_norm_l = place_norm_r", "same place", 0.6, 0.0086),
        # Places written with a postal code ("kelmscott 5088"): name and code compared apart, as a typo in one
        # leaves the other intact. Malian places have no code: these levels never apply to them.
        _level("place_code_l = place_code_r AND " + _jw("place_name", 0.88), "same code, close name", 0.1, 0.0002),
        _level("place_name_l = place_name_r AND damerau_levenshtein(place_code_l, place_code_r) <= 1",
               "same name, code one digit apart", 0.05, 0.0002),
        _level("place_cercle_l = place_cercle_r", "same cercle", 0.15, 0.015),
        _level("place_region_l = place_region_r", "same region", 0.08, 0.107),
        _level(_jw("place_norm", 0.9), "close spelling", 0.05, 0.0005),
        _level("place_code_l = place_code_r", "same code, other name", 0.05, 0.001),
        _level("place_name_l = place_name_r", "same name, other code", 0.05, 0.001),
        _else(0.12, 0.869),
    ], output_column_name="birth_place")


def parent(column: str) -> ComparisonCreator:
    return cl.CustomComparison([
        _null(f"{column}_canon"),
        _level(f"{column}_canon_l = {column}_canon_r", "same name", 0.6, 0.011),
        _level(f"{column}_phon_l = {column}_phon_r", "same sound", 0.08, 0.0016),
        _level(_subset(f"{column}_canon"), "one name within the other", 0.12, 0.015),
        _level(_jw(f"{column}_phon", 0.88), "close", 0.1, 0.015),
        _else(0.1, 0.957),
    ], output_column_name=f"{column}_name")


def sex() -> ComparisonCreator:
    return cl.CustomComparison([
        _null("sex"), _level("sex_l = sex_r", "same", 0.97, 0.5), _else(0.03, 0.5)], output_column_name="sex")


#: A name pair (given + family sound keys) shared by at most this many records blocks on its own.
RARE_NAME_PAIR = 100
#: A place name or postal code shared by at most this many records blocks on its own.
RARE_PLACE = 20


def prediction_rules() -> list[BlockingRuleCreator | dict[str, Any]]:
    """Several rules, so that two records sharing no single exact key can still meet; each one bounded so
    that very common names (Traoré, Coulibaly, Fatoumata) do not make every namesake pair."""
    return [
        block_on("name_pair_rare"),                # both names sound alike (either order), uncommon pair
        block_on("name_pair_key", "birth_year"),
        block_on("name_pair_key", "place_block"),
        block_on("name_pair_key", "father_key"),
        block_on("name_pair_key", "mother_key"),
        block_on("family_key", "birth_year", "sex_block"),
        block_on("given_key", "birth_year", "family_initial"),
        block_on("birth_full"),
        block_on("family_key", "place_block", "sex_block"),
        block_on("birth_year", "place_block"),
        block_on("place_rare"),                    # a place (or postal code) few records share
        block_on("code_rare"),
    ]


#: EM sessions, each on pairs where true matches stay frequent however large the register (a block on
#: a common name alone fills with namesakes as the register grows, and EM then learns namesakes):
#: same-sounding names and birth year (learns places, parents, sex), same-sounding names and place (dates,
#: parents, sex), same birth day and region (names). Splink leaves untrained the comparisons whose columns a
#: rule names, hence the ``IS NOT NULL`` terms. Each rule comes with the columns it joins on (to count its
#: pairs before training).
_NAMED = "l.given_canon IS NOT NULL AND l.family_canon IS NOT NULL"
TRAINING_RULES = (
    (f"l.name_pair_key = r.name_pair_key AND l.birth_year = r.birth_year AND {_NAMED}",
     ("name_pair_key", "birth_year")),
    (f"l.name_pair_key = r.name_pair_key AND l.place_block = r.place_block AND l.place_norm IS NOT NULL AND {_NAMED}",
     ("name_pair_key", "place_block")),
    ("l.birth_full = r.birth_full AND l.place_area = r.place_area AND l.place_norm IS NOT NULL",
     ("birth_full", "place_area")),
)

#: Deterministic rules whose matches estimate how often two random records are the same person.
DETERMINISTIC_RULES = (block_on("given_canon", "family_canon", "birth_year"),
                       block_on("given_canon", "family_canon", "birth_full"))


def settings(probability_two_random_records_match: float = 1e-4) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[given_name(), family_name(), birth_date(), birth_place(), parent("father"),
                     parent("mother"), sex()],
        blocking_rules_to_generate_predictions=prediction_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        em_convergence=0.001,
        max_iterations=20,
    )
