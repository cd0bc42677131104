"""Failed logins are throttled per user name and per client address, in the database (shared by every process of
`temoin serve`), refused at once (429 + Retry-After), never slept inside a transaction, and never slow anyone
else down (issue 12)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import time

import pytest
from fastapi.testclient import TestClient

from archive.api import create_app
from archive.context import Archive
from archive.errors import TooManyAttempts
from archive.users import throttle
from archive.users.service import log_in
from archive.users.throttle import ADDRESS_FACTOR, FORGET_AFTER
from tests.archive.conftest import PASSWORD, Accounts

T0 = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def _fail(archive: Archive, name: str, address: str | None, at: dt.datetime) -> int:
    with archive.db.session() as session:
        return throttle.failed(session, username=name, address=address, threshold=3, now=at)


def _wait(archive: Archive, name: str, address: str | None, at: dt.datetime) -> float:
    with archive.db.reader() as session:
        return throttle.retry_after(session, username=name, address=address, threshold=3, now=at)


def test_when_a_name_fails_past_the_threshold_then_it_is_blocked_for_a_doubling_while_and_others_are_not(
    archive: Archive,
) -> None:
    for n in range(3):
        assert _wait(archive, "aminata", None, T0) == 0
        assert _fail(archive, "aminata", None, T0) == n + 1
    assert _wait(archive, "Aminata", None, T0) == 1.0  # names fold case
    assert _wait(archive, "moussa", None, T0) == 0
    later = T0 + dt.timedelta(seconds=1)
    assert _wait(archive, "aminata", None, later) == 0
    _fail(archive, "aminata", None, later)
    assert _wait(archive, "aminata", None, later) == 2.0
    with archive.db.session() as session:
        throttle.succeeded(session, username="aminata")
    assert _wait(archive, "aminata", None, later) == 0


def test_when_one_address_sprays_many_names_then_the_address_is_blocked_but_not_other_addresses(
    archive: Archive,
) -> None:
    for n in range(3 * ADDRESS_FACTOR):
        _fail(archive, f"name-{n}", "10.0.0.66", T0)
    assert _wait(archive, "fresh", "10.0.0.66", T0) > 0
    assert _wait(archive, "fresh", "10.0.0.7", T0) == 0


def test_when_invented_names_flood_in_then_they_are_forgotten_a_day_later(archive: Archive) -> None:
    for n in range(50):
        _fail(archive, f"name-{n}", f"10.0.0.{n}", T0)
    with archive.db.reader() as session:
        assert throttle.entries(session) == 100
    next_day = T0 + FORGET_AFTER + dt.timedelta(seconds=1)
    assert _wait(archive, "name-1", "10.0.0.1", next_day) == 0
    assert _fail(archive, "name-1", None, next_day) == 1  # a new run of failures, counted from one
    with archive.db.reader() as session:
        assert throttle.entries(session) == 1  # the stale rows went with that failure


def _fail_in_another_process(data_dir: str, database_url: str | None, name: str, times: int) -> None:
    """Run in a separate interpreter: fail `times` logins for `name` against the same database."""
    from pydantic import SecretStr

    from archive.context import Archive as Opened
    from archive.errors import AuthError
    from archive.settings import Settings as Read

    opened = Opened.open(Read(data_dir=data_dir, database_url=database_url, jwt_secret=SecretStr("y" * 48),
                              login_max_failures=100), migrate=False)  # this process never refuses: it counts
    try:
        for _ in range(times):
            with pytest.raises(AuthError):
                log_in(db=opened.db, threshold=opened.settings.login_max_failures, username=name,
                       password="pas le bon mot de passe", address="10.0.0.66")
    finally:
        opened.close()


def test_when_another_process_counted_the_failures_then_this_one_refuses_too(
    archive: Archive, accounts: Accounts
) -> None:
    """What `temoin serve` with several worker processes relies on: one process's failures block the others."""
    accounts.make("documentation_officer", "aminata")
    threshold = archive.settings.login_max_failures
    context = multiprocessing.get_context("spawn")
    other = context.Process(target=_fail_in_another_process,
                            args=(str(archive.settings.data_dir), archive.settings.database_url, "aminata",
                                  threshold + 4))  # blocked for 2**4 = 16 s from the last one: time to look
    other.start()
    other.join(timeout=120)
    assert other.exitcode == 0
    with pytest.raises(TooManyAttempts):  # the right password, in this process: refused at once
        log_in(db=archive.db, threshold=threshold, username="aminata", password=PASSWORD, address="10.0.0.7")
    with archive.db.reader() as session:
        assert throttle.retry_after(session, username="moussa", address="10.0.0.66", threshold=threshold) == 0


def test_when_a_name_is_blocked_then_the_api_answers_429_with_retry_after_at_once(
    client: TestClient, accounts: Accounts
) -> None:
    accounts.make("documentation_officer", "aminata")
    for _ in range(3):  # the test archive's threshold
        r = client.post("/auth/login", json={"username": "aminata", "password": "pas le bon mot de passe"})
        assert r.status_code == 401
    started = time.monotonic()
    r = client.post("/auth/login", json={"username": "aminata", "password": PASSWORD},
                    headers={"Accept-Language": "fr"})
    assert time.monotonic() - started < 0.5  # refused, not slept
    assert r.status_code == 429 and r.json()["code"] == "login_throttled"
    assert int(r.headers["Retry-After"]) >= 1 and "réessayez dans" in r.json()["error"]


def test_when_the_web_login_is_throttled_then_the_form_says_when_to_try_again(archive: Archive,
                                                                           accounts: Accounts) -> None:
    import re

    accounts.make("documentation_officer", "aminata")
    with TestClient(create_app(archive)) as browser:
        for expected in (401, 401, 401, 429):
            nonce = re.search(r'name="csrf" value="([^"]*)"', browser.get("/ui/login").text)
            assert nonce
            r = browser.post("/ui/login", data={"username": "aminata", "password": "pas le bon mot de passe",
                                                "csrf": nonce.group(1)}, follow_redirects=False)
            assert r.status_code == expected
        assert "Retry-After" in r.headers and "réessayez dans" in r.text


def test_when_an_attacker_hammers_logins_then_another_user_logs_in_and_lists_cases_quickly(
    archive: Archive, accounts: Accounts
) -> None:
    accounts.make("documentation_officer", "aminata")  # the attacked name
    accounts.make("documentation_officer", "moussa")
    app = create_app(archive)
    stop = threading.Event()
    answers: list[int] = []

    def attack() -> None:
        with TestClient(app, client=("10.0.0.66", 4000)) as attacker:
            n = 0
            while not stop.is_set():
                n += 1
                name = "aminata" if n % 2 else f"invente-{n}"
                r = attacker.post("/auth/login", json={"username": name, "password": f"essai {n} du pirate"})
                answers.append(r.status_code)
                time.sleep(0.05)  # ~20 attempts a second per thread (the test client shares our CPU and GIL)

    def colleague_works() -> list[float]:
        timings = []
        with TestClient(app, client=("10.0.0.7", 5000)) as colleague:
            for _ in range(5):
                started = time.monotonic()
                r = colleague.post("/auth/login", json={"username": "moussa", "password": PASSWORD})
                assert r.status_code == 200, r.text
                headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
                assert colleague.get("/cases", headers=headers).status_code == 200
                timings.append(time.monotonic() - started)
        return timings

    alone = colleague_works()
    threads = [threading.Thread(target=attack) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)  # the attack is under way: names and the address are blocked by now
        timings = colleague_works()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    # one argon2 check and one query each: the attack costs them CPU time at most, never a wait (before: 59 s)
    assert sorted(timings)[2] < 3 * sorted(alone)[2] + 0.5 and max(timings) < 5.0, (alone, timings)
    assert 429 in answers and set(answers) <= {401, 429}  # blocked guesses are refused, nothing fails
