"""Search filters and facets on coded fields (act type, perpetrator group, year, region, victim sex and age
band), scoped exactly like search (role, assignment, consent), on whichever backend the suite runs with
(embedded by default; Elasticsearch protocol in the servers suite)."""

from __future__ import annotations

from typing import Any

from tests.archive.conftest import Account, Accounts
from tests.archive.test_acts import SCOPES, Seeded, _add_text, _code
from tests.archive.test_acts import seeded as seeded  # the fixture

OTHER = "Amadou Traoré raconte qu'en 2019 des hommes de la milice ont brûlé les greniers du village."


def _search(s: Seeded, who: Account, *filters: str) -> dict[str, Any]:
    r = s.client.get("/search", params={"q": "", "filter": list(filters)}, headers=who.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_when_acts_are_coded_then_search_filters_and_counts_testimonies_by_coded_fields(
    seeded: Seeded, accounts: Accounts
) -> None:
    from archive.jobs.worker import Worker
    from archive.pipeline.stages import handlers

    s = seeded
    other = _add_text(s.client, s.officer, s.case_id, OTHER, SCOPES)
    Worker(s.archive, handlers()).run_until_idle()
    _code(s)  # killing, 2013, Mopti, unidentified armed men, m, 26-40
    _code(s, act_type="rape", date="2013-01-20", victim_sex="f", victim_age_band="12-17", passages=[])
    r = s.client.post(f"/items/{other}/acts", json={"act_type": "destruction_of_property", "date": "2019",
                                                    "region": "Mopti", "perpetrator_group": "dan_na_ambassagou"},
                      headers=s.officer.headers)
    assert r.status_code == 201, r.text

    everything = _search(s, s.officer)
    assert everything["total"] == 2
    facets = everything["facets"]
    assert facets["act_type"] == {"killing": 1, "rape": 1, "destruction_of_property": 1}
    assert facets["act_year"] == {"2013": 1, "2019": 1}
    assert facets["perpetrator_group"] == {"unidentified_armed_men": 1, "dan_na_ambassagou": 1}
    assert facets["victim_sex"] == {"m": 1, "f": 1, "unknown": 1}
    assert facets["victim_age_band"] == {"26-40": 1}  # a sexual-violence victim's age is never indexed
    assert facets["act_region"] == {"Mopti": 2}

    killings = _search(s, s.officer, "act_type=killing")
    assert [h["item"] for h in killings["hits"]] == [s.item_id]
    period = _search(s, s.officer, "act_year=2018", "act_year=2019", "perpetrator_group=dan_na_ambassagou")
    assert [h["item"] for h in period["hits"]] == [other]
    assert _search(s, s.officer, "act_type=killing", "act_year=2019")["total"] == 0

    stranger = accounts.make("lawyer")  # not assigned to the case: neither hits nor counts
    hidden = _search(s, stranger, "act_type=killing")
    assert hidden["total"] == 0 and not any(hidden["facets"].get("act_type", {}).values())

    withdrawn = s.client.put(f"/items/{other}/consent", json={"scope": "share_reparations", "status": "withdrawn"},
                             headers=s.officer.headers)
    assert withdrawn.status_code == 200, withdrawn.text
    rep = accounts.make("reparations_officer")
    seen = _search(s, rep)
    assert seen["total"] == 1 and seen["facets"]["act_type"] == {"killing": 1, "rape": 1}
    assert _search(s, rep, "act_type=destruction_of_property")["total"] == 0

