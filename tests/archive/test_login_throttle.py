"""Failed logins are throttled in memory per user name and per client address, refused at once (429 +
Retry-After), never slept inside a transaction, and never slow anyone else down (issue 12)."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from archive.api import create_app
from archive.context import Archive
from archive.users.throttle import ADDRESS_FACTOR, LoginThrottle
from tests.archive.conftest import PASSWORD, Accounts


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_when_a_name_fails_past_the_threshold_then_it_is_blocked_for_a_doubling_while_and_others_are_not() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(3):
        assert throttle.retry_after(username="aminata", address=None, threshold=3) == 0
        throttle.failed(username="aminata", address=None, threshold=3)
    assert throttle.retry_after(username="Aminata", address=None, threshold=3) == 1.0  # names fold case
    assert throttle.retry_after(username="moussa", address=None, threshold=3) == 0
    clock.now += 1.0
    throttle.failed(username="aminata", address=None, threshold=3)
    assert throttle.retry_after(username="aminata", address=None, threshold=3) == 2.0
    throttle.succeeded(username="aminata")
    assert throttle.retry_after(username="aminata", address=None, threshold=3) == 0


def test_when_one_address_sprays_many_names_then_the_address_is_blocked_but_not_other_addresses() -> None:
    throttle = LoginThrottle(clock=Clock())
    for n in range(3 * ADDRESS_FACTOR):
        throttle.failed(username=f"name-{n}", address="10.0.0.66", threshold=3)
    assert throttle.retry_after(username="fresh", address="10.0.0.66", threshold=3) > 0
    assert throttle.retry_after(username="fresh", address="10.0.0.7", threshold=3) == 0


def test_when_invented_names_flood_in_then_the_table_stays_bounded() -> None:
    throttle = LoginThrottle(max_entries=100, clock=Clock())
    for n in range(1000):
        throttle.failed(username=f"name-{n}", address=f"10.0.{n // 250}.{n % 250}", threshold=3)
    assert len(throttle) == 100


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
