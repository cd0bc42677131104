"""Real clients against a real `temoin serve` on 127.0.0.1 (started with tests/served.py): uploaders and
searchers in threads, every answer timed and kept. Used by the load tests (tests/archive/test_load.py) and by
bench/load.py."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import httpx

PASSWORD = "un mot de passe solide"
BOUNDARY = "loadboundary"
WORDS = ("témoin", "village", "militaires", "camp", "nuit", "marché", "puits", "école", "route", "famille")


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archive", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=300, check=True)


def seed(env: dict[str, str], officers: int) -> tuple[list[str], str]:
    """`officers` documentation officers (load-0, load-1...) on one case; their names and the case id."""
    names = [f"load-{n}" for n in range(officers)]
    for name in names:
        cli(env, "users", "add", name, "--role", "documentation_officer", "--password-stdin", stdin=PASSWORD + "\n")
    case_id = str(json.loads(cli(env, "cases", "create", "Dossier de charge", "--as", names[0], "--json").stdout)
                  ["id"])
    for name in names[1:]:
        cli(env, "cases", "assign", case_id, name)
    return names, case_id


def token(base: str, username: str) -> str:
    r = httpx.post(f"{base}/auth/login", json={"username": username, "password": PASSWORD}, timeout=60)
    r.raise_for_status()
    return str(r.json()["access_token"])


def testimony(n: int, size: int) -> bytes:
    """A unique synthetic French text of about `size` bytes (no real person in it)."""
    head = f"Témoignage de charge numéro {n} ({time.time_ns()}).\n".encode()
    line = (" ".join(WORDS[(n + i) % len(WORDS)] for i in range(12)) + ".\n").encode()
    return head + line * max(1, (size - len(head)) // len(line))


@dataclass
class Answer:
    kind: str  # upload | search
    seconds: float
    status: int  # 0: the client gave up (time-out or connection error)
    receipt: dict[str, object] | None = None
    sha256: str = ""


@dataclass
class LoadRun:
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)

    def of(self, kind: str) -> list[Answer]:
        return [a for a in self.answers if a.kind == kind]

    @property
    def server_errors(self) -> list[Answer]:
        return [a for a in self.answers if a.status >= 500]

    @property
    def gave_up(self) -> list[Answer]:
        return [a for a in self.answers if a.status == 0]


def upload_once(client: httpx.Client, base: str, bearer: str, case_id: str, n: int, size: int) -> Answer:
    import hashlib

    data = testimony(n, size)
    files = {"file": (f"temoignage-{n}.txt", data, "text/plain")}
    started = time.perf_counter()
    try:
        r = client.post(f"{base}/cases/{case_id}/items", files=files, headers={"Authorization": f"Bearer {bearer}"})
    except httpx.HTTPError:
        return Answer("upload", time.perf_counter() - started, 0, sha256=hashlib.sha256(data).hexdigest())
    receipt = r.json() if r.status_code == 201 else None
    return Answer("upload", time.perf_counter() - started, r.status_code, receipt, hashlib.sha256(data).hexdigest())


def search_once(client: httpx.Client, base: str, bearer: str, n: int) -> Answer:
    started = time.perf_counter()
    try:
        r = client.get(f"{base}/search", params={"q": WORDS[n % len(WORDS)]},
                       headers={"Authorization": f"Bearer {bearer}"})
    except httpx.HTTPError:
        return Answer("search", time.perf_counter() - started, 0)
    return Answer("search", time.perf_counter() - started, r.status_code)


def run_load(base: str, *, tokens: list[str], case_id: str, uploaders: int, searchers: int, seconds: float,
             size: int = 20_000, timeout: float = 30.0, every: float | None = None) -> LoadRun:
    """`uploaders` + `searchers` clients, each in its own thread and connection, for `seconds`; every answer is
    kept with its time. Closed loop (``every=None``): each client sends its next request as soon as the last
    answer came, with no pause. Paced (``every=s``): each client sends one request every `s` seconds (at once
    if the last answer took longer), as people at their desks would."""
    run = LoadRun()
    stop = time.monotonic() + seconds
    counter = iter(range(10**9))
    counter_lock = threading.Lock()

    def client_loop(kind: str, bearer: str) -> None:
        with httpx.Client(timeout=timeout) as client:
            if every is not None:  # the clients' seconds do not all tick together
                time.sleep(random.uniform(0, every))
            due = time.monotonic()
            while time.monotonic() < stop:
                with counter_lock:
                    n = next(counter)
                answer = (upload_once(client, base, bearer, case_id, n, size) if kind == "upload"
                          else search_once(client, base, bearer, n))
                run.add(answer)
                if every is not None:
                    due += every
                    time.sleep(max(0.0, min(due, stop) - time.monotonic()))

    threads = [threading.Thread(target=client_loop, args=("upload", tokens[i % len(tokens)]))
               for i in range(uploaders)]
    threads += [threading.Thread(target=client_loop, args=("search", tokens[i % len(tokens)]))
                for i in range(searchers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + timeout * 3)
    return run


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def stored_items(database_url: str, case_id: str) -> dict[str, str]:
    """Item id -> SHA-256 of every item of the case, read from the database itself."""
    from sqlalchemy import select

    from archive.db import make_engine
    from archive.models import Item

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Item.id, Item.sha256).where(Item.case_id == case_id)).all()
    finally:
        engine.dispose()
    return {item_id: sha for item_id, sha in rows}


def receipts_match(run: LoadRun, stored: dict[str, str]) -> list[str]:
    """What is wrong between the receipts the clients got and the items stored (empty when all is right)."""
    problems = []
    receipts = [a for a in run.of("upload") if a.status == 201 and a.receipt is not None]
    ids = [str(a.receipt["id"]) for a in receipts if a.receipt]
    if len(set(ids)) != len(ids):
        problems.append("two receipts name the same item")
    for answer in receipts:
        assert answer.receipt is not None
        item_id = str(answer.receipt["id"])
        if stored.get(item_id) != answer.sha256 or answer.receipt.get("sha256") != answer.sha256:
            problems.append(f"receipt {item_id} does not match a stored item with the bytes sent")
    extra = set(stored) - set(ids)
    if extra:
        problems.append(f"{len(extra)} stored item(s) without a receipt")
    return problems


def server_env(base_env: dict[str, str]) -> dict[str, str]:
    """The server runs no job worker (the load is on the request path) and logs quietly."""
    return {**base_env, "TEMOIN_WORKER_IN_PROCESS": "false", "PYTHONUNBUFFERED": "1",
            "TEMOIN_LOGIN_MAX_FAILURES": os.environ.get("TEMOIN_LOGIN_MAX_FAILURES", "5")}
