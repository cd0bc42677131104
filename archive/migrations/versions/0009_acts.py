"""acts: coded violations and the passages that support them (issue 15)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from archive.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("item_id", sa.String(36), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("act_type", sa.String(40), nullable=False),
        sa.Column("date_year", sa.Integer(), nullable=True),
        sa.Column("date_month", sa.Integer(), nullable=True),
        sa.Column("date_day", sa.Integer(), nullable=True),
        sa.Column("date_precision", sa.String(10), nullable=True),
        sa.Column("region", sa.String(60), nullable=True),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("perpetrator_group", sa.String(60), nullable=True),
        sa.Column("victim_sex", sa.String(10), nullable=False),
        sa.Column("victim_age_band", sa.String(12), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_by_id", sa.String(36), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(120), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_acts_case", "acts", ["case_id"])
    op.create_index("ix_acts_item", "acts", ["item_id"])
    op.create_table(
        "act_passages",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("act_id", sa.String(36), sa.ForeignKey("acts.id"), nullable=False),
        sa.Column("item_id", sa.String(36), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_act_passages_act", "act_passages", ["act_id"])
    op.create_index("ix_act_passages_item", "act_passages", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_act_passages_item", table_name="act_passages")
    op.drop_index("ix_act_passages_act", table_name="act_passages")
    op.drop_table("act_passages")
    op.drop_index("ix_acts_item", table_name="acts")
    op.drop_index("ix_acts_case", table_name="acts")
    op.drop_table("acts")
