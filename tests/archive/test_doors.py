"""Every guarantee from every door: the door x read matrix of issue 11, generated from two registries.

CHANGES lists every way to change consent or redaction (API, web form, CLI; grant, withdrawal, expiry by time,
review accept / reject / add, transcript correction); READS lists every way to read a testimony (API search,
web search, CLI search, item API, item page, original download, audio, export). Each change gets its own case
and item, seeded once for the module; after the change, every read applicable to the item is made for every
role the change concerns, and must agree with what the survivor's consent and the reviewers' decisions allow
(``expected_view``). A new door or read path is added here, in a registry, and nowhere else:
``test_when_a_route_or_command_reads_or_changes_testimonies_then_it_is_in_the_matrix`` fails until it is.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import threading
import time
import wave
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from archive.api import create_app
from archive.auth import issue_token
from archive.cases.service import assign_case, create_case
from archive.context import Archive
from archive.custody import SYSTEM, Actor
from archive.items.incoming import IncomingFile
from archive.items.schemas import ConsentGrant, Intake
from archive.items.service import add_item
from archive.jobs.worker import Worker
from archive.models import RedactionSpan
from archive.pipeline.stages import handlers
from archive.review.service import add_span
from archive.settings import Settings
from archive.users.service import create_user
from tests.archive.conftest import PASSWORD, build_settings, own_database, search_for_tests, settings_env, web_client
from tests.archive.exports_seed import to_board

SECRET = "Kanouté"
TEXT = ("Je m'appelle Awa Kanouté. Les soldats ont arrêté mes deux fils un lundi matin près du marché. "
        "Ils les ont gardés onze jours sans jugement.")
TERM = "soldats"
INITIAL = ("internal_case_use", "share_prosecution", "share_reparations")
#: Which role reads under which consent scope, and with which export profile it exports.
ROLE_SCOPE = {"officer": "internal_case_use", "lawyer": "share_prosecution", "reparations": "share_reparations"}
ROLE_NAME = {"officer": "documentation_officer", "lawyer": "lawyer", "reparations": "reparations_officer"}
PROFILE = {"officer": "reparations", "lawyer": "prosecution", "reparations": "reparations"}
PURPOSE_SCOPE = {"reparations": "share_reparations", "prosecution": "share_prosecution"}


# --- what a role may see ------------------------------------------------------------------------------------------
@dataclass
class State:
    """What the system of record says of one item after the change (the oracle's input)."""

    scopes: set[str]
    hidden: list[str] = field(default_factory=list)  # words no redacted reader may see
    shown: list[str] = field(default_factory=list)  # words every reader of the text must see
    term: str = TERM


def expected_view(role: str, scopes: set[str]) -> str | None:
    if ROLE_SCOPE[role] not in scopes:
        return None
    if role == "lawyer":
        return "full" if "identity_disclosure" in scopes else "redacted"
    return "redacted" if role == "reparations" else "full"


# --- the seeded module ------------------------------------------------------------------------------------------
@dataclass
class Account:
    name: str
    role: str
    id: str
    token: str
    web: TestClient

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept-Language": "en"}


@dataclass
class World:
    archive: Archive
    settings: Settings
    api: TestClient
    accounts: dict[str, Account]
    items: dict[str, tuple[str, str]]  # change name -> (case id, item id)

    def cli(self, *args: str) -> Any:
        """Run a `temoin` command in-process as a user types it (the CLI opens its own archive)."""
        import archive.cli  # noqa: F401  (registers the commands)
        from archive.cli.app import app

        env = {**settings_env(self.settings), "TEMOIN_LANG": "en"}
        if self.settings.search_backend == "elasticsearch":
            env.update(TEMOIN_SEARCH_BACKEND="elasticsearch", TEMOIN_ELASTICSEARCH_URL=self.settings.elasticsearch_url,
                       TEMOIN_ELASTICSEARCH_INDEX=self.settings.elasticsearch_index)
        with pytest.MonkeyPatch.context() as mp:
            if self.settings.search_backend == "elasticsearch":  # the test transport for osmem (media types only)
                mp.setattr("archive.context.open_search", search_for_tests)
            result = CliRunner().invoke(app, list(args), env=env)
        return result


def _wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * 16000)
    return path


def _add(archive: Archive, officer: Actor, case_id: str, data: bytes, filename: str, scopes: tuple[str, ...]) -> str:
    with IncomingFile(archive.settings.uploads_dir, limit=10**7, filename=filename) as incoming:
        incoming.write(data)
        received = incoming.finish()
    try:
        return add_item(archive=archive, actor=officer, case_id=case_id, received=received,
                        intake=Intake(language="fr", region="Mopti"),
                        consent=[ConsentGrant(scope=s, method="oral") for s in scopes]).item.id
    finally:
        received.path.unlink(missing_ok=True)


def _staff(archive: Archive, api: TestClient, users: dict[str, tuple[str, str]]) -> dict[str, Account]:
    """One account per key of ``users`` (key -> (user name, role)), created by the local operator, with a token."""
    accounts: dict[str, Account] = {}
    with archive.db.session() as session:
        for key, (username, role) in users.items():
            user = create_user(session, actor=SYSTEM, username=username, role=role, password=PASSWORD)
            accounts[key] = Account(user.username, role, user.id,
                                    issue_token(user, secret=archive.jwt_secret, ttl_minutes=120), api)
    return accounts


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str | None, es_url: str | None,
          model_cache: Path) -> Iterator[World]:
    with own_database() as database_url:
        settings = build_settings(tmp_path_factory.mktemp("doors") / "data", database_url=database_url,
                                  s3_endpoint=s3_endpoint, es_url=es_url, model_cache=model_cache,
                                  login_max_failures=50, worker_in_process=False)
        archive = Archive.open(settings, search=search_for_tests(settings))
        app = create_app(archive)
        api = TestClient(app)
        api.__enter__()
        accounts = _staff(archive, api, {role: (f"{role}-doors", name) for role, name in ROLE_NAME.items()})
        officer = Actor(accounts["officer"].name, "documentation_officer", accounts["officer"].id)
        items: dict[str, tuple[str, str]] = {}
        for change in CHANGES:
            with archive.db.session() as session:
                case_id = create_case(session=session, actor=officer, title=f"Dossier {change.name}").id
                assign_case(session=session, actor=SYSTEM, case_id=case_id, username=accounts["lawyer"].name)
            data, filename = ((_wav(tmp_path_factory.mktemp("wav") / "t.wav").read_bytes(), "t.wav")
                              if change.media == "audio" else (TEXT.encode(), "temoignage.txt"))
            items[change.name] = (case_id, _add(archive, officer, case_id, data, filename, change.initial))
        for name in RACES:  # items of their own for the race tests
            with archive.db.session() as session:
                case_id = create_case(session=session, actor=officer, title=f"Dossier {name}").id
            items[name] = (case_id, _add(archive, officer, case_id, TEXT.encode(), "temoignage.txt", INITIAL))
        text_items = [items[c.name][1] for c in CHANGES if c.media == "text"] + [items[n][1] for n in RACES]
        worker = Worker(archive, handlers())
        while _run_text_jobs(worker, archive, text_items):
            pass
        _seed_acts(archive, text_items)
        for account in accounts.values():
            account.web = web_client(app, account.name)
        yield World(archive, settings, api, accounts, items)
        for account in accounts.values():
            account.web.__exit__(None, None, None)
        api.__exit__(None, None, None)
        archive.close()


def _seed_acts(archive: Archive, item_ids: list[str]) -> None:
    """One coded act per text item, citing the whole text (seeded as rows: some items start without the scope
    that would let anyone code them)."""
    from archive.acts.models import Act, ActPassage
    from archive.items.artefacts import item_text
    from archive.items.service import get_item

    with archive.db.session() as session:
        for item_id in item_ids:
            item = get_item(session, item_id)
            text = item_text(session, archive.store, item)
            assert text is not None
            act = Act(case_id=item.case_id, item_id=item.id, act_type="arbitrary_detention", date_year=2013,
                      region="Mopti", place="Sévaré", victim_sex="m", created_by="seed")
            session.add(act)
            session.flush()
            session.add(ActPassage(act_id=act.id, item_id=item.id, text_sha256=text.sha256, start=0,
                                   end=len(text.text)))


def _run_text_jobs(worker: Worker, archive: Archive, text_items: list[str]) -> bool:
    """Extract, redact and index the text items (the audio item stays unprocessed: no model needed here)."""
    from archive.models import Job

    with archive.db.session() as session:
        ready = session.execute(select(Job.id).where(Job.item_id.in_(text_items), Job.status == "queued")
                                .order_by(Job.created_at)).scalars().all()
    for job_id in ready:
        worker.run_job(job_id)
    return bool(ready)


# --- reads --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Seen:
    """What one read showed a role: whether the testimony's content came back, and the text it showed."""

    found: bool
    text: str = ""


def _api_search(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = w.api.get("/search", params={"q": term, "filter": f"case={case_id}"}, headers=who.headers)
    assert r.status_code == 200, r.text
    hits = [h for h in r.json()["hits"] if h["item"] == item_id]
    return Seen(bool(hits), " ".join(s for h in hits for s in h["snippets"]))


def _web_search(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = who.web.get("/ui/search", params={"q": term, "filter": f"case={case_id}"})
    assert r.status_code == 200, r.text
    return Seen(f"/ui/items/{item_id}" in r.text, r.text)


def _cli_search(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    result = w.cli("search", term, "--filter", f"case={case_id}", "--as", who.name, "--json")
    assert result.exit_code == 0, result.output
    hits = [h for h in json.loads(result.stdout)["hits"] if h["item"] == item_id]
    return Seen(bool(hits), " ".join(s for h in hits for s in h["snippets"]))


def _item_api(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = w.api.get(f"/items/{item_id}", headers=who.headers)
    if r.status_code == 403:
        return Seen(False)
    data = r.json()
    assert r.status_code == 200, r.text
    body = data.get("text") if data["view"] == "full" else data.get("redacted_text")
    return Seen(data["view"] != "metadata" and body is not None, json.dumps(data, ensure_ascii=False))


def _item_page(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = who.web.get(f"/ui/items/{item_id}")
    if r.status_code == 403:
        return Seen(False)
    assert r.status_code == 200, r.text
    return Seen('id="narrative"' in r.text, r.text)


def _download(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = w.api.get(f"/items/{item_id}/original", headers=who.headers)
    assert r.status_code in (200, 403), r.text
    return Seen(r.status_code == 200, r.content.decode("utf-8", "replace") if r.status_code == 200 else "")


def _audio(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = who.web.get(f"/ui/items/{item_id}/audio")
    assert r.status_code in (200, 403), r.text
    return Seen(r.status_code == 200)


def _export(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    role = next(k for k, a in w.accounts.items() if a is who)
    r = w.api.post(f"/cases/{case_id}/exports", json=to_board(w.archive, PROFILE[role]), headers=who.headers)
    if r.status_code == 403:
        return Seen(False)
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        texts = " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                         if n.endswith((".txt", ".json", ".jsonl", ".html")))
    return Seen(item_id in {i["id"] for i in manifest["items"]}, texts)


def _acts_api(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = w.api.get(f"/items/{item_id}/acts", headers=who.headers)
    if r.status_code == 403:
        return Seen(False)
    assert r.status_code == 200, r.text
    passages = [p["text"] for act in r.json() for p in act["passages"] if p["text"] is not None]
    return Seen(bool(passages), json.dumps(r.json(), ensure_ascii=False))


def _acts_page(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = who.web.get(f"/ui/items/{item_id}/acts")
    if r.status_code == 403:
        return Seen(False)
    assert r.status_code == 200, r.text
    return Seen('class="passage"' in r.text and 'class="withheld"' not in r.text, r.text)


def _acts_find_api(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    r = w.api.get("/acts", params={"case": case_id}, headers=who.headers)
    if r.status_code == 403:
        return Seen(False)
    assert r.status_code == 200, r.text
    passages = [p["text"] for act in r.json()["acts"] if act["item"] == item_id for p in act["passages"]
                if p["text"] is not None]
    return Seen(bool(passages), json.dumps(r.json(), ensure_ascii=False))


def _cli_acts(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    result = w.cli("acts", "list", item_id, "--as", who.name, "--json")
    if result.exit_code == 3:
        return Seen(False)
    assert result.exit_code == 0, result.output
    passages = [p["text"] for act in json.loads(result.stdout) for p in act["passages"] if p["text"] is not None]
    return Seen(bool(passages), result.stdout)


def _disclosure(w: World, who: Account, case_id: str, item_id: str, term: str) -> Seen:
    """A bundle disclosed to a named recipient (the register's door onto the same export)."""
    from archive.disclosures.service import add_recipient, list_recipients

    with w.archive.db.session() as session:
        if not any(r.name == "Greffe (portes)" for r in list_recipients(session, actor=SYSTEM)):
            add_recipient(session, actor=SYSTEM, name="Greffe (portes)", kind="court_registry")
    role = next(k for k, a in w.accounts.items() if a is who)
    r = w.api.post(f"/cases/{case_id}/disclosures", headers=who.headers,
                   json={"profile": PROFILE[role], "recipient": "Greffe (portes)", "purpose": "matrice des portes"})
    if r.status_code == 403:
        return Seen(False)
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        texts = " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                         if n.endswith((".txt", ".json", ".jsonl", ".html")))
    assert manifest["disclosure"]["recipient"]["name"] == "Greffe (portes)"
    return Seen(item_id in {i["id"] for i in manifest["items"]}, texts)


@dataclass(frozen=True)
class Read:
    fn: Callable[[World, Account, str, str, str], Seen]
    searches: bool = False  # finds the item by a word (the term must be in what the role may read)
    shows_full: bool = True  # a full-text reader sees the whole text through it (the secret included)
    media: tuple[str, ...] = ("text",)
    redacted_only: bool = False  # always redacted material, whatever the role (bundles)
    needs_download_right: bool = False  # originals: full view and the items.download permission
    original: bool = False  # the original as received: a correction or a review never changes it


READS: dict[str, Read] = {
    "api_search": Read(_api_search, searches=True, shows_full=False),
    "web_search": Read(_web_search, searches=True, shows_full=False),
    "cli_search": Read(_cli_search, searches=True, shows_full=False),
    "item_api": Read(_item_api),
    "item_page": Read(_item_page),
    "download": Read(_download, media=("text", "audio"), needs_download_right=True, original=True),
    "audio": Read(_audio, media=("audio",), shows_full=False, needs_download_right=True),
    "export": Read(_export, redacted_only=True, shows_full=False),
    "acts_api": Read(_acts_api),  # a coded act's passage, at the reader's level (issue 15)
    "acts_page": Read(_acts_page),
    "cli_acts": Read(_cli_acts),
    "acts_find_api": Read(_acts_find_api),  # acts by coded fields for a case (issue 15)
    "disclosure": Read(_disclosure, redacted_only=True, shows_full=False),
}


# --- changes ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    name: str
    door: str
    kind: str
    scope: str | None = None
    initial: tuple[str, ...] = INITIAL
    media: str = "text"

    @property
    def roles(self) -> tuple[str, ...]:
        if self.scope is not None:
            return tuple(r for r, s in ROLE_SCOPE.items() if s == self.scope)
        return tuple(ROLE_SCOPE)


def _consent_changes() -> list[Change]:
    out = []
    for door in ("api", "web", "cli"):
        for scope in ROLE_SCOPE.values():
            out.append(Change(f"{door}-withdraw-{scope}", door, "withdraw", scope))
            out.append(Change(f"{door}-grant-{scope}", door, "grant", scope,
                              initial=tuple(s for s in INITIAL if s != scope)))
    return out


CHANGES: list[Change] = [
    *_consent_changes(),
    Change("api-expire", "api", "expire", "share_reparations"),
    Change("cli-expire", "cli", "expire", "share_prosecution"),
    Change("web-expire", "web", "expire", "internal_case_use"),
    Change("api-withdraw-audio", "api", "withdraw", "internal_case_use", media="audio"),
    Change("web-grant-audio", "web", "grant", "internal_case_use", media="audio",
           initial=("share_prosecution", "share_reparations")),
    Change("cli-withdraw-audio", "cli", "withdraw", "share_prosecution", media="audio"),
    Change("web-withdraw-audio", "web", "withdraw", "share_reparations", media="audio"),
    Change("api-review-add", "api", "review_add"),
    Change("web-review-add", "web", "review_add"),
    Change("api-review-reject", "api", "review_reject"),
    Change("web-review-reject", "web", "review_reject"),
    Change("api-review-accept", "api", "review_accept"),
    Change("web-review-accept", "web", "review_accept"),
    Change("api-correct", "api", "correct"),
    Change("web-correct", "web", "correct"),
]
EXPIRY_WAIT_S = 3.0
RACES = ("race-review", "race-consent")


def _csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', client.get(path).text)
    assert found, path
    return found.group(1)


def _span(w: World, item_id: str, words: str, label: str) -> RedactionSpan:
    """The span of ``label`` that covers ``words`` (however wide the recognizer made it)."""
    at = TEXT.index(words)
    with w.archive.db.session() as session:
        for span in session.execute(select(RedactionSpan).where(RedactionSpan.item_id == item_id,
                                                                RedactionSpan.label == label)).scalars():
            if span.start <= at and at + len(words) <= span.end:
                return span
    raise AssertionError(f"no span over {words!r}")


def _consent(w: World, change: Change, item_id: str, status: str, expires: dt.datetime | None = None) -> None:
    officer = w.accounts["officer"]
    if change.door == "api":
        body: dict[str, Any] = {"scope": change.scope, "status": status, "method": "oral"}
        if expires is not None:
            body["expires_at"] = expires.isoformat()
        r = w.api.put(f"/items/{item_id}/consent", json=body, headers=officer.headers)
        assert r.status_code == 200, r.text
    elif change.door == "web":
        path = f"/ui/items/{item_id}"
        form = {"csrf": _csrf(officer.web, path), "scope": change.scope or "", "status": status, "method": "oral"}
        if expires is not None:
            form["expires_on"] = expires.date().isoformat()
        r = officer.web.post(f"{path}/consent", data=form, follow_redirects=False)
        assert r.status_code == 303, r.text
    else:
        args = ["consent", "set", item_id, change.scope or "", status, "--as", officer.name]
        if expires is not None:
            args += ["--expires", expires.strftime("%Y-%m-%dT%H:%M:%S%z")]
        result = w.cli(*args)
        assert result.exit_code == 0, result.output


def _review(w: World, change: Change, item_id: str) -> None:
    officer = w.accounts["officer"]
    start = TEXT.index("deux fils")
    if change.kind == "review_add":
        if change.door == "api":
            r = w.api.post(f"/items/{item_id}/redactions", headers=officer.headers,
                           json={"start": start, "end": start + len("deux fils"), "label": "MISC"})
            assert r.status_code == 201, r.text
        else:
            path = f"/ui/items/{item_id}/review"
            r = officer.web.post(path, data={"csrf": _csrf(officer.web, path), "start": start,
                                             "end": start + len("deux fils"), "label": "MISC"},
                                 follow_redirects=False)
            assert r.status_code == 303, r.text
        return
    if change.kind == "review_reject":  # a span a reviewer added over an ordinary word, then rejected
        with w.archive.db.session() as session:
            from archive.items.service import get_item

            at = TEXT.index("lundi")
            add_span(session, w.archive, actor=Actor(officer.name, officer.role, officer.id),
                     item=get_item(session, item_id), start=at, end=at + len("lundi"), label="MISC")
        span, status = _span(w, item_id, "lundi", "MISC"), "rejected"
    else:
        span, status = _span(w, item_id, SECRET, "PERSON"), "accepted"
    if change.door == "api":
        r = w.api.put(f"/items/{item_id}/redactions/{span.id}", json={"status": status}, headers=officer.headers)
        assert r.status_code == 200, r.text
    else:
        path = f"/ui/items/{item_id}/review"
        r = officer.web.post(f"{path}/{span.id}", data={"csrf": _csrf(officer.web, path), "status": status},
                             follow_redirects=False)
        assert r.status_code == 303, r.text


CORRECTED = TEXT.replace("soldats", "militaires")


def _correct(w: World, change: Change, item_id: str) -> None:
    officer = w.accounts["officer"]
    if change.door == "api":
        r = w.api.put(f"/items/{item_id}/transcript", json={"text": CORRECTED, "note": "relu"}, headers=officer.headers)
        assert r.status_code == 200, r.text
    else:
        path = f"/ui/items/{item_id}"
        r = officer.web.post(f"{path}/transcript", data={"csrf": _csrf(officer.web, path), "text": CORRECTED},
                             follow_redirects=False)
        assert r.status_code == 303, r.text


def apply(w: World, change: Change, item_id: str) -> State:
    """Make the change through its door; return what the system of record now says (the oracle's input)."""
    scopes = set(change.initial)
    if change.kind == "withdraw":
        _consent(w, change, item_id, "withdrawn")
        scopes.discard(change.scope or "")
    elif change.kind == "grant":
        _consent(w, change, item_id, "granted")
        scopes.add(change.scope or "")
    elif change.kind == "expire":
        # the web form takes a day (it runs out at the end of it): yesterday's date has expired already
        soon = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1) if change.door == "web"
                else dt.datetime.now(dt.UTC) + dt.timedelta(seconds=EXPIRY_WAIT_S))
        _consent(w, change, item_id, "granted", expires=soon)
        if change.door != "web":  # in force until the instant it runs out
            for role in change.roles:
                assert _api_search(w, w.accounts[role], w.items[change.name][0], item_id, TERM).found
            time.sleep(max(0.0, (soon - dt.datetime.now(dt.UTC)).total_seconds()) + 0.5)
        scopes.discard(change.scope or "")  # no job, no sweep: time alone takes it out of every read
    elif change.kind.startswith("review"):
        _review(w, change, item_id)
        return State(scopes, hidden=[SECRET, "deux fils"] if change.kind == "review_add" else [SECRET],
                     shown=["lundi"] if change.kind == "review_reject" else [],
                     term="fils" if change.kind == "review_add" else "lundi" if change.kind == "review_reject"
                     else TERM)
    else:
        _correct(w, change, item_id)
        return State(scopes, hidden=[SECRET, "soldats"], shown=["militaires"], term="militaires")
    return State(scopes, hidden=[SECRET])


def _check_reads(w: World, change: Change, item_id: str, state: State) -> None:
    case_id = w.items[change.name][0]
    for role in change.roles:
        who = w.accounts[role]
        view = expected_view(role, state.scopes)
        for name, read in READS.items():
            if change.media not in read.media:
                continue
            seen = read.fn(w, who, case_id, item_id, state.term)
            where = f"{change.name}: {name} as {role}"
            allowed = view is not None
            if read.needs_download_right:
                allowed = view == "full"
            if read.redacted_only:
                allowed = view is not None and PURPOSE_SCOPE[PROFILE[role]] in state.scopes
            if read.searches and view == "redacted" and any(state.term in word for word in state.hidden):
                allowed = False  # the word is masked for this reader: it must not find the item by it
            assert seen.found is allowed, f"{where}: expected {'visible' if allowed else 'not visible'}"
            if not seen.found:
                continue
            if view == "redacted" or read.redacted_only:
                for word in state.hidden:
                    assert word not in seen.text, f"{where}: {word!r} shown to a redacted-only reader"
            elif read.shows_full and change.media == "text":
                assert SECRET in seen.text, f"{where}: the full text is not shown"
            if change.media == "text" and not read.original and (read.shows_full or read.redacted_only
                                                                 or read.searches):
                for word in state.shown:
                    assert word in seen.text, f"{where}: {word!r} (what the change made visible) is missing"


@pytest.mark.parametrize("change", CHANGES, ids=[c.name for c in CHANGES])
def test_when_a_change_is_made_through_any_door_then_every_read_after_it_reflects_it(
    world: World, change: Change
) -> None:
    item_id = world.items[change.name][1]
    state = apply(world, change, item_id)
    _check_reads(world, change, item_id, state)


# --- the registries are complete --------------------------------------------------------------------------------
#: Routes that serve or change testimony content, by the registry entry that covers them.
COVERED_ROUTES = {
    ("GET", "/search"): "api_search", ("GET", "/ui/search"): "web_search", ("GET", "/items/{item_id}"): "item_api",
    ("GET", "/ui/items/{item_id}"): "item_page", ("GET", "/items/{item_id}/original"): "download",
    ("GET", "/ui/items/{item_id}/audio"): "audio", ("POST", "/cases/{case_id}/exports"): "export",
    ("POST", "/ui/exports"): "export",
    ("POST", "/cases/{case_id}/disclosures"): "disclosure", ("POST", "/ui/disclosures"): "disclosure",
    ("PUT", "/items/{item_id}/consent"): "api consent", ("POST", "/ui/items/{item_id}/consent"): "web consent",
    ("POST", "/items/{item_id}/redactions"): "api review_add",
    ("PUT", "/items/{item_id}/redactions/{span_id}"): "api review decisions",
    ("POST", "/ui/items/{item_id}/review"): "web review_add",
    ("POST", "/ui/items/{item_id}/review/{span_id}"): "web review decisions",
    ("PUT", "/items/{item_id}/transcript"): "api correct", ("POST", "/ui/items/{item_id}/transcript"): "web correct",
    ("GET", "/items/{item_id}/acts"): "acts_api", ("GET", "/ui/items/{item_id}/acts"): "acts_page",
    ("GET", "/acts"): "acts_find_api",
}
#: Routes that touch items but serve no content and change no consent or redaction, with the reason.
EXEMPT_ROUTES = {
    ("GET", "/items/{item_id}/redactions"): "the review list: full-view reviewers only (review service)",
    ("GET", "/ui/items/{item_id}/review"): "the review page: full-view reviewers only (review service)",
    ("GET", "/items/{item_id}/redacted-media"): "redacted media to check: full-view reviewers only (review service)",
    ("GET", "/ui/items/{item_id}/redacted-media"): "redacted media to check: full-view reviewers only (review "
                                                   "service)",
    ("GET", "/items/{item_id}/media-checks"): "what leaves per profile, no content: full-view reviewers only",
    ("POST", "/items/{item_id}/media-checks"): "marks redacted media checked (export's release rule, tested in "
                                               "test_export_roundtrips): full-view reviewers only",
    ("POST", "/ui/items/{item_id}/media-check"): "the same service as POST /items/{item_id}/media-checks",
    ("GET", "/items/{item_id}/scan"): "areas the OCR read badly and boxes drawn, no content: full-view reviewers only",
    ("GET", "/items/{item_id}/pages/{page}/image"): "a scanned page to review, logged as a read: full-view reviewers "
                                                    "only (review service)",
    ("GET", "/ui/items/{item_id}/pages/{number}/image"): "the same service as GET /items/{item_id}/pages/{page}/image",
    ("POST", "/items/{item_id}/boxes"): "draws a box blacked out when the scanned page leaves as an image (full-view "
                                        "reviewers; tested in test_scanned_forms)",
    ("POST", "/items/{item_id}/boxes/{box_id}/remove"): "removes a drawn box (full-view reviewers; a media check no "
                                                        "longer holds, tested in test_scanned_forms)",
    ("POST", "/ui/items/{item_id}/boxes"): "the same service as POST /items/{item_id}/boxes",
    ("POST", "/ui/items/{item_id}/boxes/{box_id}/remove"): "the same service as POST "
                                                           "/items/{item_id}/boxes/{box_id}/remove",
    ("POST", "/cases/{case_id}/items"): "adds an item (its consent is the intake's, read above)",
    ("POST", "/cases/{case_id}/texts"): "adds a typed item",
    ("GET", "/ui/cases/{case_id}/status"): "ingest status only, no content",
    ("GET", "/exports/{bundle_id}"): "re-downloads a bundle the export read produced",
    ("GET", "/ui/exports/{bundle_id}/download"): "re-downloads a bundle the export read produced",
    ("GET", "/exports"): "the bundles exported (ids, profiles, counts); no content",
    ("GET", "/ui/exports"): "the export page: the bundles exported and the form; no content",
    ("POST", "/exports/{bundle_id}/revoke"): "revokes a bundle (logged); serves no content",
    ("POST", "/items/{item_id}/acts"): "codes an act (full view needed); answers with it through the acts read",
    ("POST", "/ui/items/{item_id}/acts"): "codes an act (full view needed); redirects to the acts page read",
    ("GET", "/acts/{act_id}"): "one act of the acts read, through the same service (show_act -> list_acts)",
    ("PUT", "/acts/{act_id}/status"): "reviews an act (full view needed); answers through the acts read",
    ("POST", "/ui/acts/{act_id}/status"): "reviews an act (full view needed); redirects to the acts page read",
    ("GET", "/stats"): "aggregate counts only, small cells suppressed; consent checked in SQL (test_acts.py)",
    ("GET", "/stats.csv"): "the same aggregate counts as CSV",
    ("GET", "/ui/stats"): "the same aggregate counts as a page",
    ("GET", "/ui/stats.csv"): "the same aggregate counts as CSV",
    ("GET", "/stats/report.html"): "the same aggregate counts as a report (statistics service)",
    ("GET", "/stats/report.pdf"): "the same aggregate counts as a PDF report (statistics service)",
    ("GET", "/ui/stats/report.html"): "the same aggregate counts as a report (statistics service)",
    ("GET", "/ui/stats/report.pdf"): "the same aggregate counts as a PDF report (statistics service)",
    ("GET", "/ui/cases/{case_id}/acts"): "redirects to /ui/acts?case=",
    ("GET", "/ui/acts"): "acts' coded fields and links, no passage text; acts through list_acts per item, like "
                         "GET /acts (acts_find_api)",
    ("POST", "/acts/{act_id}/persons"): "names a person in an act (acts.code); answers through the acts read",
    ("POST", "/ui/acts/{act_id}/persons"): "names a person in an act; redirects to the acts page read",
    ("PUT", "/acts/{act_id}/incident"): "groups an act into an incident (acts.code); answers through the acts read",
    ("POST", "/ui/acts/{act_id}/incident"): "groups an act into an incident; redirects to the acts page read",
    ("POST", "/disclosures/{disclosure_id}/lift"): "a lifting step: the disclosure read again with chosen spans "
    "shown, each checked against the survivor's identity_disclosure consent (tests/archive/test_disclosures*.py)",
    ("GET", "/disclosures"): "the register: recipients, bundle hashes, evidence numbers; no content",
    ("GET", "/disclosures/{disclosure_id}"): "one register row with lifted spans' offsets and reasons; no content",
    ("GET", "/disclosure-register"): "a signed extract of the register; no content",
    ("GET", "/disclosure-tasks"): "recipients to notify after a withdrawal; no content",
    ("GET", "/ui/disclosures"): "the register page; no content",
    ("GET", "/ui/disclosures/recipients/{recipient_id}"): "the register page of one recipient; no content",
    ("POST", "/ui/disclosures/recipients"): "records a recipient; no content",
    ("GET", "/disclosures/{disclosure_id}/spans"): "the redactions a lifting step may choose (lawyers): their words "
    "only with the full view of the item (decide_access), nothing of an item the reader may no longer open "
    "(tests/archive/test_disclosures_doors.py)",
    ("GET", "/ui/disclosures/{disclosure_id}/lift"): "the same list of spans as GET /disclosures/{disclosure_id}/spans",
    ("POST", "/ui/disclosures/{disclosure_id}/lift"): "the same lifting step as POST /disclosures/{disclosure_id}/lift",
}
#: CLI commands that serve or change testimony content, and those exempt.
COVERED_COMMANDS = {"search": "cli_search", "consent set": "cli consent", "acts list": "cli_acts"}
EXEMPT_COMMANDS = {
    "items show": "the item API's schema through the same service (show_item + item_read)",
    "items check": "marks redacted media checked through the same service as the API and the review page "
                   "(tests/archive/test_media_check_doors.py)",
    "export": "the export service the API export read calls",
    "redact": "redacts a file given on the command line; touches no archive item",
    "transfer export": "an operator's signed package of the whole archive (originals), not a role's read",
    "ingest": "adds items",
    "transfer import": "merges a field office's signed package (operator); adds items, serves none",
    "transfer verify": "re-verifies imported custody segments; serves no content",
    "claims export": "the export service the API export read calls (the case bundle, plus the claim file)",
    "acts add": "codes an act (full view needed); prints it through the same service as the acts read",
    "acts review": "reviews an act (full view needed); prints its id and status only",
    "acts person": "makes a case pseudonym a person; prints the pseudonym record (no content, no name)",
    "acts link": "names a person in an act; prints ids and the role only",
    "acts incident": "records an incident (label, date, region); no content",
    "acts vocab": "the vocabularies of coded acts (administrators); no content",
    "stats": "aggregate counts only, small cells suppressed; consent checked in SQL (test_acts.py)",
    "disclosures list": "the register; no content",
    "disclosures lift": "the disclosure service with chosen spans lifted (consent-checked, see test_disclosures*.py)",
    "disclosures extract": "a signed extract of the register; no content",
    "disclosures verify": "checks an extract offline; no archive",
    "disclosures notify": "recipients to notify after a withdrawal; no content",
    "disclosures recipients": "recipients; no content",
    "disclosures reasons": "reasons for lifting; no content",
}


def _routes(routes: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(method, path) of every route, included routers too (FastAPI 0.165 keeps an included router as one entry
    of ``app.routes``: without this, the matrix below saw no route at all)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _routes(included.routes, prefix + route.include_context.prefix)
            continue
        for method in (getattr(route, "methods", None) or set()) - {"HEAD"}:
            yield method, prefix + getattr(route, "path", "")


def _content_routes(app: Any) -> set[tuple[str, str]]:
    return {(method, path) for method, path in _routes(app.routes)
            if re.search(r"item|search|export|redaction|transcript|consent|acts|stats|disclos", path)}


def test_when_a_route_or_command_reads_or_changes_testimonies_then_it_is_in_the_matrix(world: World) -> None:
    routes = _content_routes(create_app(world.archive))
    unknown = sorted(routes - set(COVERED_ROUTES) - set(EXEMPT_ROUTES))
    assert not unknown, f"add these routes to READS/CHANGES (or to EXEMPT_ROUTES with the reason): {unknown}"
    covered_doors = {(c.door, c.kind) for c in CHANGES}
    for door in ("api", "web", "cli"):
        assert {(door, "withdraw"), (door, "grant"), (door, "expire")} <= covered_doors, door
    for door in ("api", "web"):
        assert {(door, k) for k in ("review_add", "review_reject", "review_accept", "correct")} <= covered_doors
    import typer

    import archive.cli  # noqa: F401  (registers the commands)
    from archive.cli.app import app

    command = typer.main.get_command(app)
    names = {f"{group} {sub}" if sub else group
             for group, cmd in getattr(command, "commands", {}).items()
             for sub in (list(getattr(cmd, "commands", {})) or [""])}
    content = {n for n in names
               if re.search(r"search|consent|items|export|redact|transfer|ingest|acts|stats|disclos", n)}
    unknown_commands = sorted(content - set(COVERED_COMMANDS) - set(EXEMPT_COMMANDS))
    assert not unknown_commands, f"add these commands to the matrix (or exempt them with the reason): " \
                                 f"{unknown_commands}"
    for role in ROLE_SCOPE:
        for name, read in READS.items():
            assert any(role in c.roles and c.media in read.media for c in CHANGES), (role, name)
    assert set(READS) == {r for r in COVERED_ROUTES.values() if " " not in r} | {"cli_search", "cli_acts"}


# --- races ------------------------------------------------------------------------------------------------------
def test_when_a_review_decision_lands_while_an_index_job_runs_then_the_decision_wins(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index job that read the item before a reviewer masked "deux fils" writes after the decision's own
    index update: the backend refuses the stale snapshot, and search keeps the mask."""
    from archive.items.service import get_item
    from archive.pipeline import index as index_stage

    officer, rep = world.accounts["officer"], world.accounts["reparations"]
    case_id, item_id = world.items["race-review"]
    read_done, decided = threading.Event(), threading.Event()
    real_build = index_stage.build_document

    def slow_build(session: Any, archive: Archive, item: Any) -> Any:
        document = real_build(session, archive, item)
        if threading.current_thread().name == "stale-indexer":
            read_done.set()
            assert decided.wait(60)
        return document

    monkeypatch.setattr(index_stage, "build_document", slow_build)
    stale = threading.Thread(target=index_stage.index_items, args=(world.archive, [item_id]), name="stale-indexer")
    stale.start()
    assert read_done.wait(60)
    start = TEXT.index("deux fils")
    with world.archive.db.session() as session:
        add_span(session, world.archive, actor=Actor(officer.name, officer.role, officer.id),
                 item=get_item(session, item_id), start=start, end=start + len("deux fils"), label="MISC")
    decided.set()
    stale.join(60)
    assert not _api_search(world, rep, case_id, item_id, "fils").found
    seen = _api_search(world, rep, case_id, item_id, TERM)
    assert seen.found and "deux fils" not in seen.text


def test_when_consent_is_withdrawn_while_a_worker_indexes_then_search_never_shows_it_again(world: World) -> None:
    """A worker's index job that read the item with consent in force finishes after the withdrawal."""
    from archive.pipeline import index as index_stage

    rep = world.accounts["reparations"]
    case_id, item_id = world.items["race-consent"]
    with world.archive.db.session() as session:
        from archive.items.service import get_item

        stale = index_stage.build_document(session, world.archive, get_item(session, item_id))
    r = world.api.put(f"/items/{item_id}/consent", json={"scope": "share_reparations", "status": "withdrawn"},
                      headers=world.accounts["officer"].headers)
    assert r.status_code == 200
    world.archive.search.index([stale])  # the slow worker writes its snapshot last
    assert not _api_search(world, rep, case_id, item_id, TERM).found


# --- free text around a testimony (issue 19) --------------------------------------------------------------------
# Every free-text field of ``archive/freetext/fields.py`` is seeded with names, villages and numbers, through the
# doors people use; every read path (API, web, CLI, search, export page, bundles) is then made by every role, and
# a redacted-only reader must never meet a seeded word, while the roles that read as typed still do.
FT_STAFF = "aminata.traore"
FT_TERM = "militaires"  # the word the correction brought in
#: Each field's seed; the case title is the issue's own example.
FT_SEEDS: dict[tuple[str, str], str] = {
    ("case", "title"): "Attaque d'Ogossagou, mars 2019",
    ("case", "description"): "Témoins : Hamadoun Guindo, tél. 76 12 34 56",
    ("case", "created_by"): FT_STAFF,
    ("item", "title"): "Récit de Fatoumata Dicko",
    ("item", "filename"): "temoignage_hawa_diallo.txt",
    ("item", "collected_by"): "Ousmane Cissé",
    ("item", "uploaded_by"): FT_STAFF,
    ("item", "locality"): "Sobane Da",
    ("item", "provenance"): "Radio de Bintou Sow",
    ("item", "error"): "Lecture interrompue chez Oumou Sidibé",
    ("consent", "interpreter"): "Bakary Tangara",
    ("consent", "note"): "Accord donné devant Mariam Sangaré",
    ("consent", "recorded_by"): FT_STAFF,
    ("correction", "note"): "Relu avec Issa Maïga",
    ("review", "reason"): "Vu avec Kadiatou Coulibaly",
    ("bundle", "reason"): "Envoyé par erreur à Salif Keïta",
    ("bundle", "creator"): FT_STAFF,
}
#: The words of each seed no redacted-only reader may see (names, villages, numbers).
FT_HIDDEN: dict[tuple[str, str], tuple[str, ...]] = {
    ("case", "title"): ("Ogossagou",), ("case", "description"): ("Guindo", "76 12 34 56"),
    ("item", "title"): ("Dicko",), ("item", "filename"): ("hawa_diallo",), ("item", "collected_by"): ("Cissé",),
    ("item", "locality"): ("Sobane",), ("item", "provenance"): ("Bintou",), ("item", "error"): ("Sidibé",),
    ("consent", "interpreter"): ("Tangara",), ("consent", "note"): ("Sangaré",), ("correction", "note"): ("Maïga",),
    ("review", "reason"): ("Coulibaly",), ("bundle", "reason"): ("Keïta",),
    **{field: (FT_STAFF,) for field, seed in FT_SEEDS.items() if seed == FT_STAFF},
}
FT_ROLES = {"officer": "documentation_officer", "lawyer": "lawyer", "reparations": "reparations_officer"}


@dataclass
class FreeTextWorld:
    base: World
    case_id: str
    item_id: str

    @property
    def hidden(self) -> list[str]:
        return [word for words in FT_HIDDEN.values() for word in words]


def _run_all_jobs(archive: Archive) -> None:
    from archive.models import Job

    worker = Worker(archive, handlers())
    for _ in range(20):
        with archive.db.session() as session:
            ready = session.execute(select(Job.id).where(Job.status == "queued").order_by(Job.created_at)
                                    ).scalars().all()
        if not ready:
            return
        for job_id in ready:
            worker.run_job(job_id)
    raise AssertionError("the pipeline did not settle")


@pytest.fixture(scope="module")
def ft(tmp_path_factory: pytest.TempPathFactory, s3_endpoint: str | None, es_url: str | None,
       model_cache: Path) -> Iterator[FreeTextWorld]:
    """One case and one item whose every free-text field holds a seed, made through the API like an officer."""
    from archive.items.schemas import Provenance
    from archive.models import Item

    with own_database() as database_url:
        settings = build_settings(tmp_path_factory.mktemp("freetext") / "data", database_url=database_url,
                                  s3_endpoint=s3_endpoint, es_url=es_url, model_cache=model_cache,
                                  login_max_failures=50, worker_in_process=False)
        archive = Archive.open(settings, search=search_for_tests(settings))
        app = create_app(archive)
        api = TestClient(app)
        api.__enter__()
        accounts = _staff(archive, api, {role: (FT_STAFF if role == "officer" else f"{role}-ft", name)
                                         for role, name in FT_ROLES.items()})
        officer = accounts["officer"]
        r = api.post("/cases", json={"title": FT_SEEDS[("case", "title")],
                                     "description": FT_SEEDS[("case", "description")]}, headers=officer.headers)
        assert r.status_code == 201, r.text
        case_id = r.json()["id"]
        with archive.db.session() as session:
            assign_case(session=session, actor=SYSTEM, case_id=case_id, username=accounts["lawyer"].name)
        with IncomingFile(settings.uploads_dir, limit=10**7, filename=FT_SEEDS[("item", "filename")]) as incoming:
            incoming.write(TEXT.encode())
            received = incoming.finish()
        intake = Intake(title=FT_SEEDS[("item", "title")], collected_by=FT_SEEDS[("item", "collected_by")],
                        locality=FT_SEEDS[("item", "locality")], language="fr", region="Mopti",
                        provenance=Provenance(source=FT_SEEDS[("item", "provenance")]))
        consent = [ConsentGrant(scope=s, method="oral", interpreter=FT_SEEDS[("consent", "interpreter")],
                                note=FT_SEEDS[("consent", "note")]) for s in INITIAL]
        item_id = add_item(archive=archive, actor=Actor(officer.name, officer.role, officer.id), case_id=case_id,
                           received=received, intake=intake, consent=consent).item.id
        _run_all_jobs(archive)
        r = api.put(f"/items/{item_id}/transcript", headers=officer.headers,
                    json={"text": CORRECTED, "note": FT_SEEDS[("correction", "note")]})
        assert r.status_code == 200, r.text
        start = CORRECTED.index("lundi")
        r = api.post(f"/items/{item_id}/redactions", headers=officer.headers,
                     json={"start": start, "end": start + len("lundi"), "label": "MISC",
                           "reason": FT_SEEDS[("review", "reason")]})
        assert r.status_code == 201, r.text
        _run_all_jobs(archive)
        r = api.post(f"/cases/{case_id}/exports", json=to_board(archive, "reparations"), headers=officer.headers)
        assert r.status_code == 200, r.text
        r = api.post(f"/exports/{r.headers['X-Bundle-Id']}/revoke", headers=officer.headers,
                     json={"reason": FT_SEEDS[("bundle", "reason")]})
        assert r.status_code == 200, r.text
        with archive.db.session() as session:  # a stage that failed once and said why (the text was kept)
            stored = session.get(Item, item_id)
            assert stored is not None
            stored.error = FT_SEEDS[("item", "error")]
        for account in accounts.values():
            account.web = web_client(app, account.name)
        yield FreeTextWorld(World(archive, settings, api, accounts, {}), case_id, item_id)
        for account in accounts.values():
            account.web.__exit__(None, None, None)
        api.__exit__(None, None, None)
        archive.close()


def _ft_json(r: Any) -> str:
    assert r.status_code == 200, r.text
    return json.dumps(r.json(), ensure_ascii=False)


def _ft_page(r: Any) -> str:
    assert r.status_code == 200, r.text
    return str(r.text)


def _ft_cli(result: Any) -> str:
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _ft_bundle(w: World, who: Account, case_id: str) -> str:
    role = next(k for k, a in w.accounts.items() if a is who)
    r = w.api.post(f"/cases/{case_id}/exports", json=to_board(w.archive, PROFILE[role]), headers=who.headers)
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        return " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                        if n.endswith((".txt", ".json", ".jsonl", ".html")))


FtRead = Callable[[World, Account, str, str], str]
#: Every read path that names a case or an item, or shows free text typed around them: (what it shows).
FT_READS: dict[str, FtRead] = {
    "api_cases": lambda w, a, c, i: _ft_json(w.api.get("/cases", headers=a.headers)),
    "api_case": lambda w, a, c, i: _ft_json(w.api.get(f"/cases/{c}", headers=a.headers)),
    "api_item": lambda w, a, c, i: _ft_json(w.api.get(f"/items/{i}", headers=a.headers)),
    "api_search": lambda w, a, c, i: _ft_json(w.api.get("/search", params={"q": FT_TERM, "filter": f"case={c}"},
                                                        headers=a.headers)),
    "api_bundles": lambda w, a, c, i: _ft_json(w.api.get("/exports", headers=a.headers)),
    "web_cases": lambda w, a, c, i: _ft_page(a.web.get("/ui/cases")),
    "web_case": lambda w, a, c, i: _ft_page(a.web.get(f"/ui/cases/{c}")),
    "web_case_status": lambda w, a, c, i: _ft_page(a.web.get(f"/ui/cases/{c}/status")),
    "web_item": lambda w, a, c, i: _ft_page(a.web.get(f"/ui/items/{i}")),
    "web_search": lambda w, a, c, i: _ft_page(a.web.get("/ui/search", params={"q": FT_TERM, "filter": f"case={c}"})),
    "web_exports": lambda w, a, c, i: _ft_page(a.web.get("/ui/exports")),
    "cli_cases": lambda w, a, c, i: _ft_cli(w.cli("cases", "list", "--as", a.name, "--json")),
    "cli_item": lambda w, a, c, i: _ft_cli(w.cli("items", "show", i, "--as", a.name, "--json")),
    "cli_search": lambda w, a, c, i: _ft_cli(w.cli("search", FT_TERM, "--filter", f"case={c}", "--as", a.name,
                                                   "--json")),
    "export": lambda w, a, c, i: _ft_bundle(w, a, c),
}
#: Reads a role makes only when its role has the permission behind them.
FT_NEEDS = {"api_bundles": "export", "web_exports": "export", "export": "export"}


@pytest.mark.parametrize("role", list(FT_ROLES))
@pytest.mark.parametrize("read", list(FT_READS))
def test_when_free_text_holds_names_then_no_redacted_only_reader_meets_them_through_any_read(
    ft: FreeTextWorld, read: str, role: str
) -> None:
    w, who = ft.base, ft.base.accounts[role]
    shown = FT_READS[read](w, who, ft.case_id, ft.item_id)
    if role == "reparations" or read == "export":  # redacted-only readers, and bundles whoever exports them
        # A bundle's custody extract is the log's own hash-chained entries (who did what must verify): the staff
        # member acting is named there, and nowhere else in the bundle.
        hidden = [h for h in ft.hidden if not (read == "export" and h == FT_STAFF)]
        for word in hidden:
            assert word not in shown, f"{read} as {role}: {word!r} shown to a redacted-only reader"
    if role == "reparations" and read in ("api_cases", "api_case", "web_cases", "web_case", "cli_cases"):
        assert "mars 2019" in shown, f"{read}: the case title's redacted form is not shown"
    if role == "officer" and read in ("api_cases", "api_case", "web_case", "cli_cases", "api_item"):
        assert "Ogossagou" in shown, f"{read}: an officer reads the case title as typed"


def test_when_a_redacted_only_reader_reads_an_item_then_its_titles_are_the_redacted_forms(ft: FreeTextWorld) -> None:
    w = ft.base
    data = w.api.get(f"/items/{ft.item_id}", headers={**w.accounts["reparations"].headers,
                                                       "Accept-Language": "fr"}).json()
    assert data["view"] == "redacted"
    assert data["title"] is not None and data["case_title"] is not None  # made by the pipeline, not withheld
    assert "Dicko" not in data["title"] and "Ogossagou" not in data["case_title"]
    assert data["label"] == data["title"] and data["type_label"] == "Fichier texte"  # French first
    lawyer = w.api.get(f"/items/{ft.item_id}", headers=w.accounts["lawyer"].headers).json()
    assert lawyer["view"] == "redacted" and "Dicko" not in json.dumps(lawyer, ensure_ascii=False)
    officer = w.accounts["officer"]
    full = w.api.get(f"/items/{ft.item_id}", headers={**officer.headers, "Accept-Language": "en"}).json()
    assert full["title"] == FT_SEEDS[("item", "title")] and full["type_label"] == "Text file"
    assert full["case_title"] == FT_SEEDS[("case", "title")]


def test_when_free_text_is_typed_then_the_custody_log_keeps_it_sealed(ft: FreeTextWorld) -> None:
    from archive.models import CustodyEntry

    with ft.base.archive.db.session() as session:
        log = " ".join(f"{e.reason} {e.details}" for e in session.execute(select(CustodyEntry)).scalars())
    typed = [FT_SEEDS[k] for k in (("case", "title"), ("case", "description"), ("item", "filename"),
                                   ("consent", "note"), ("correction", "note"), ("review", "reason"),
                                   ("bundle", "reason"))]
    for seed in typed:
        for word in seed.split():
            if len(word) > 4 and word[0].isupper():
                assert word not in log, f"{word!r} written in clear in the custody log"


def test_when_every_free_text_field_is_declared_then_the_matrix_seeds_it(ft: FreeTextWorld) -> None:
    from archive.freetext.fields import FIELDS

    declared = {(f.owner, f.name) for f in FIELDS}
    assert set(FT_SEEDS) == declared, "seed every field of archive/freetext/fields.py here (and hide its words)"
    assert set(FT_HIDDEN) == declared
    routes = {(m, getattr(r, "path", "")) for r in create_app(ft.base.archive).routes
              for m in getattr(r, "methods", set()) - {"HEAD"}}
    naming = {(m, p) for m, p in routes if m == "GET" and re.match(r"^/(ui/)?(cases|exports|items/\{item_id\}$)", p)}
    covered = {("GET", "/cases"), ("GET", "/cases/{case_id}"), ("GET", "/items/{item_id}"), ("GET", "/exports"),
               ("GET", "/ui/cases"), ("GET", "/ui/cases/{case_id}"), ("GET", "/ui/cases/{case_id}/status"),
               ("GET", "/ui/exports")}
    exempt = {("GET", "/ui/cases/{case_id}/upload"): "the upload page: officers assigned to the case only",
              ("GET", "/exports/{bundle_id}"): "re-downloads a bundle the export read produced",
              ("GET", "/ui/exports/{bundle_id}/download"): "re-downloads a bundle the export read produced"}
    assert not naming - covered - set(exempt), "add the read to FT_READS (or exempt it with the reason)"


def test_when_a_case_is_renamed_then_its_new_title_reaches_redacted_readers_only_redacted(ft: FreeTextWorld) -> None:
    """The change drops the stored form in its own transaction and the pipeline makes the new one (urgent, right
    after the commit): no reader in between ever gets the typed title."""
    w = ft.base
    renamed = "Exactions à Sobane Da contre la famille Dolo"
    r = w.api.patch(f"/cases/{ft.case_id}", json={"title": renamed}, headers=w.accounts["officer"].headers)
    assert r.status_code == 200, r.text
    assert r.json()["title"] == renamed
    rep = w.accounts["reparations"]
    seen = w.api.get(f"/cases/{ft.case_id}", headers=rep.headers).json()
    assert seen["view"] == "redacted" and "Sobane" not in json.dumps(seen, ensure_ascii=False)
    _run_all_jobs(w.archive)
    seen = w.api.get(f"/cases/{ft.case_id}", headers=rep.headers).json()
    assert seen["title"] is not None and "Sobane" not in seen["title"] and "Dolo" not in seen["title"]
    page = rep.web.get(f"/ui/cases/{ft.case_id}").text
    assert "Sobane" not in page and "Dolo" not in page
