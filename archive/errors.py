"""Domain errors: what a service refuses, in the users' words, mapped once to HTTP, pages and exit codes.

A service raises ``NotFound("item", id=...)``, ``Forbidden("consent_missing", scope=...)`` and so on; the key
names a message of the catalogue (``archive/i18n``, French and English, ``err.<key>``) and the keyword
arguments fill it. The API, the web pages and the CLI each turn a ``DomainError`` into their own form
(status + JSON, an HTML page with navigation, a message and an exit code) in the user's language. Anything
else that escapes a service is a bug: logged and answered as a 500, never dressed up as a 404 or a 422.
"""

from __future__ import annotations

from typing import ClassVar

from archive.i18n import Lang, format_size, label, translate
from archive.i18n.explain import media_kind

SIZE_PARAMS = frozenset({"limit"})
#: Parameters whose values are vocabulary terms, shown in the user's words.
LABELLED = {"scope": "scope", "scopes": "scope", "role": "role", "roles": "role"}


def _shown(name: str, value: object, lang: Lang) -> str:
    if name == "label" and isinstance(value, str):  # a redaction label: PERSON -> personne
        return label(lang, "review", f"label_{value}").removeprefix("label_")
    if name == "media_type" and isinstance(value, str):  # audio/ogg -> Enregistrement audio
        return media_kind(lang, value)
    kind = LABELLED.get(name)
    if isinstance(value, list | tuple) and any(isinstance(v, DomainError) for v in value):  # reasons, each said
        return "; ".join(v.message(lang) if isinstance(v, DomainError) else str(v) for v in value)
    if isinstance(value, list | tuple | frozenset | set):
        return ", ".join(label(lang, kind, str(v)) if kind else str(v) for v in value)
    if name in SIZE_PARAMS and isinstance(value, int):
        return format_size(value, lang)
    return label(lang, kind, str(value)) if kind else str(value)


class DomainError(Exception):
    """A refusal a person can act on: ``key`` names the catalogue message, ``params`` fill it."""

    status: ClassVar[int] = 422
    exit_code: ClassVar[int] = 2

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        values = {name: _shown(name, value, lang) for name, value in self.params.items()}
        return translate(lang, f"err.{self.key}", **values)


class Invalid(DomainError):
    """The input cannot be used as given (the message says which field and what to do)."""


class NotFound(DomainError):
    status, exit_code = 404, 4


class Forbidden(DomainError):
    """Role, assignment, seal or the survivor's consent does not allow this."""

    status, exit_code = 403, 3


class ConsentMissing(Forbidden):
    """The survivor did not consent to this use (or withdrew, or the consent expired)."""


class AuthError(DomainError):
    """Authentication failed (bad credentials, bad or expired token, no session)."""

    status, exit_code = 401, 3


class Conflict(DomainError):
    """The request clashes with the current state (already done, blocked until something is reviewed)."""

    status, exit_code = 409, 1


class Gone(DomainError):
    status, exit_code = 410, 1


class TooLarge(DomainError):
    status, exit_code = 413, 2


class TooManyAttempts(DomainError):
    """Too many failed attempts: refused at once, try again after ``seconds`` (HTTP 429 with Retry-After)."""

    status, exit_code = 429, 5

    @property
    def retry_after(self) -> int:
        return int(str(self.params.get("seconds", 1)))


class Unavailable(DomainError):
    """A part the archive needs (index, object store) cannot serve now: try again later."""

    status, exit_code = 503, 5


#: The old name, kept because "permission denied" is how the services read.
PermissionDenied = Forbidden
