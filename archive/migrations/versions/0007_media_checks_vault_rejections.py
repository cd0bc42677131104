"""media checks (an officer marked redacted media checked) and names ruled out of a case's vault

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from archive.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media_checks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("checked_by", sa.String(length=120), nullable=False),
        sa.Column("checked_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_media_checks_item_id"), "media_checks", ["item_id"], unique=False)
    op.create_table(
        "vault_rejections",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("name_hmac", sa.String(length=64), nullable=False),
        sa.Column("rejected_by", sa.String(length=120), nullable=False),
        sa.Column("rejected_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "name_hmac", name="uq_vault_rejections_case_name"),
    )
    op.create_index(op.f("ix_vault_rejections_case_id"), "vault_rejections", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_vault_rejections_case_id"), table_name="vault_rejections")
    op.drop_table("vault_rejections")
    op.drop_index(op.f("ix_media_checks_item_id"), table_name="media_checks")
    op.drop_table("media_checks")
