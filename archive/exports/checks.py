"""An officer's check of an item's redacted media: see it (or hear it), then mark it "vérifié" / "écouté et
vérifié" (issues 13 and 20). The check is recorded in custody and holds only for the redacted media it was
made on (``release.fingerprint``). Every door (API, review page) calls these functions.

    mark_checked(session, archive, actor=actor, item=item, profile="prosecution")
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive import custody
from archive.custody import Actor
from archive.errors import Invalid
from archive.exports.models import MediaCheck
from archive.exports.purposes import PURPOSE_SCOPE, scope_for
from archive.exports.release import IDENTITY_SCOPE, fingerprint, media_kind, rule
from archive.items.artefacts import ItemText, item_text
from archive.models import Item
from archive.review.service import reviewable

if TYPE_CHECKING:
    from archive.context import Archive


@dataclass(frozen=True)
class MediaStatus:
    """Under one profile: what kind of media the item has, whether its current redacted form was checked, and
    what leaves in a bundle (``media`` or only ``text``)."""

    profile: str
    kind: str
    checked: bool
    checked_by: str | None
    checked_at: str | None
    release: str


def _text(session: Session, archive: Archive, item: Item) -> ItemText:
    text = item_text(session, archive.store, item)
    if text is None:
        raise Invalid("no_text_yet")
    return text


def _checkable(session: Session, archive: Archive, item: Item, profile: str) -> tuple[ItemText, str]:
    scope_for(profile)  # refuses an unknown profile
    text = _text(session, archive, item)
    kind = media_kind(item, text.document)
    if kind not in ("audio", "scan"):
        raise Invalid("media_check_nothing")
    return text, kind


def mark_checked(session: Session, archive: Archive, *, actor: Actor, item: Item, profile: str) -> MediaCheck:
    """Record that ``actor`` saw (heard) the item's current redacted media under ``profile`` and found it safe."""
    reviewable(session, actor, item)
    text, kind = _checkable(session, archive, item, profile)
    check = MediaCheck(item_id=item.id, profile=profile, kind=kind, checked_by=actor.name,
                       fingerprint=fingerprint(session, item, text, profile))
    session.add(check)
    session.flush()
    custody.record(session, actor=actor, action="media_check", object_type="item", object_id=item.id,
                   details={"profile": profile, "kind": kind, "fingerprint": check.fingerprint,
                            "decision": "écouté et vérifié" if kind == "audio" else "vérifié"})
    return check


def media_status(session: Session, archive: Archive, *, actor: Actor, item: Item) -> list[MediaStatus]:
    """Per profile: the media kind, the current check (if any) and what a bundle would carry."""
    from archive.consent import granted_scopes

    reviewable(session, actor, item)
    text = _text(session, archive, item)
    kind = media_kind(item, text.document)
    identity = IDENTITY_SCOPE in granted_scopes(session, item.id)
    out = []
    for profile in PURPOSE_SCOPE:
        current = fingerprint(session, item, text, profile)
        row = session.execute(select(MediaCheck).where(
            MediaCheck.item_id == item.id, MediaCheck.profile == profile, MediaCheck.fingerprint == current)
            .order_by(MediaCheck.checked_at.desc())).scalars().first()
        out.append(MediaStatus(profile, kind, row is not None, row.checked_by if row else None,
                               row.checked_at.isoformat(timespec="minutes") if row else None,
                               rule(kind, profile=profile, identity_consent=identity, checked=row is not None)))
    return out


@contextlib.contextmanager
def redacted_media(archive: Archive, *, actor: Actor, item_id: str, profile: str) -> Iterator[tuple[Path, str]]:
    """The item's redacted media under ``profile``, written to a temporary file for the reviewer to see or hear
    (the file the bundle would carry once checked). Logged in custody as a read."""
    from archive.exports.blocked import item_title
    from archive.exports.plan import ItemPlan, Review, _needles, _timed_words
    from archive.exports.render import _render_media
    from archive.items.service import get_item
    from archive.review import vault
    from archive.review.redacted import redacted
    from archive.review.scans import page_areas

    with archive.db.session() as session:
        item = get_item(session, item_id)
        reviewable(session, actor, item)
        text, kind = _checkable(session, archive, item, profile)
        result = redacted(session, archive, item, text, profile=profile)
        names = vault.person_names(vault.load(session, archive.key, item.case_id))
        plan = ItemPlan(1, item, text, result, Review((), None, {}), (), words=_timed_words(text.document),
                        title=item_title(item, 1), view="full", media="media", areas=page_areas(session, item.id))
        plan.needles = _needles(result, names)
        custody.record(session, actor=actor, action="read", object_type="item", object_id=item.id,
                       details={"what": "redacted media", "profile": profile, "kind": kind})
        session.expunge(item)
    work_root = archive.settings.data_dir / "work"
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_root, prefix="media-") as tmp:
        out = _render_media(plan, archive.store, Path(tmp), Path(tmp))
        if out is None:
            raise Invalid("media_check_nothing")
        yield out.path, out.media_type
