from __future__ import annotations

import pytest

from search import Principal
from search.scope import Everything, KeywordIn, Nothing, access_fields, matches, scope_for, visible_text
from tests.search.corpus import make_testimony


def doc(
    scopes: set[str],
    *,
    case: str = "C1",
    by: str = "someone",
    level: str = "public",
    sealed: frozenset[str] = frozenset(),
) -> dict[str, frozenset[str]]:
    return access_fields(
        make_testimony(
            "x",
            "t",
            case_id=case,
            collected_by=by,
            consent_scopes=frozenset(scopes),
            confidentiality=level,
            sealed_users=sealed,
        )
    )


OFFICER = Principal("u1", "documentation_officer", frozenset({"C1"}))
LAWYER = Principal("u2", "lawyer", frozenset({"C1"}))
AID = Principal("u3", "legal_aid_lawyer", frozenset({"C1"}))
REPARATIONS = Principal("u4", "reparations_officer")


@pytest.mark.parametrize(
    ("principal", "fields", "expected"),
    [
        (OFFICER, doc({"internal_case_use"}), "full"),
        (OFFICER, doc(set()), None),
        (OFFICER, doc({"share_reparations", "share_prosecution"}), None),
        (OFFICER, doc({"internal_case_use"}, case="C2"), None),
        (OFFICER, doc({"internal_case_use"}, case="C2", by="u1"), "full"),
        (OFFICER, doc({"internal_case_use"}, level="sealed"), None),
        (OFFICER, doc({"internal_case_use"}, level="sealed", sealed=frozenset({"u1"})), "full"),
        (OFFICER, doc({"internal_case_use"}, level="confidential"), "full"),
        (LAWYER, doc({"share_prosecution"}), "redacted"),
        (LAWYER, doc({"share_prosecution", "identity_disclosure"}), "full"),
        (LAWYER, doc({"share_legal_aid", "identity_disclosure"}), None),
        (LAWYER, doc({"share_prosecution", "identity_disclosure"}, case="C2"), None),
        (LAWYER, doc({"share_prosecution"}, level="sealed", sealed=frozenset({"u2"})), "redacted"),
        (LAWYER, doc({"share_prosecution"}, level="sealed"), None),
        (AID, doc({"share_legal_aid"}), "redacted"),
        (AID, doc({"share_legal_aid", "identity_disclosure"}), "full"),
        (AID, doc({"share_prosecution", "identity_disclosure"}), None),
        (REPARATIONS, doc({"share_reparations", "identity_disclosure"}), "redacted"),
        (REPARATIONS, doc({"share_reparations"}, case="C9"), "redacted"),
        (REPARATIONS, doc({"share_prosecution"}), None),
        (REPARATIONS, doc({"share_reparations"}, level="sealed"), None),
        (Principal("a", "admin", frozenset({"C1"})), doc({"share_prosecution", "identity_disclosure"}), None),
        (Principal("a", "auditor", frozenset({"C1"})), doc({"share_reparations"}), None),
    ],
)
def test_when_applying_the_rules_then_each_role_sees_the_right_text(
    principal: Principal, fields: dict[str, frozenset[str]], expected: str | None
) -> None:
    assert visible_text(scope_for(principal), fields) == expected


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_when_the_role_has_no_content_access_then_the_scope_is_empty(role: str) -> None:
    assert scope_for(Principal("x", role, frozenset({"C1"}))).sees_nothing


def test_when_a_role_is_unknown_then_building_the_principal_fails_clearly() -> None:
    with pytest.raises(ValueError, match="unknown role 'journalist'"):
        Principal("x", "journalist")


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (Everything(), True),
        (Nothing(), False),
        (KeywordIn("case", frozenset()), False),
        (KeywordIn("case", frozenset({"C1", "C2"})), True),
        (KeywordIn("missing", frozenset({"v"})), False),
    ],
)
def test_when_evaluating_filters_then_empty_value_sets_match_nothing(flt: object, expected: bool) -> None:
    assert matches(flt, doc(set())) is expected  # type: ignore[arg-type]
