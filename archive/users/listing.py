"""The list of accounts as a read model (issue 18): one query through any ``fetch``
(``archive.cases.listing.Fetch``), run over the ORM session or over the command line's read-only path."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from archive.cases.listing import Fetch


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    active: bool

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def listed_accounts(fetch: Fetch) -> list[Account]:
    """Every account by user name, with its role and whether it may sign in."""
    return [Account(str(name), str(role), bool(active))
            for name, role, active in fetch("SELECT username, role, active FROM users ORDER BY username", {})]
