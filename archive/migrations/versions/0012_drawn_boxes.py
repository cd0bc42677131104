"""boxes drawn by hand on scanned pages, painted over when the page leaves as an image

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from archive.models import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drawn_boxes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("x0", sa.Float(), nullable=False),
        sa.Column("y0", sa.Float(), nullable=False),
        sa.Column("x1", sa.Float(), nullable=False),
        sa.Column("y1", sa.Float(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("drawn_by", sa.String(length=120), nullable=False),
        sa.Column("drawn_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("removed_by", sa.String(length=120), nullable=True),
        sa.Column("removed_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_drawn_boxes_item_id"), "drawn_boxes", ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_drawn_boxes_item_id"), table_name="drawn_boxes")
    op.drop_table("drawn_boxes")
