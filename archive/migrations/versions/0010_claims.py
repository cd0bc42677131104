"""claims: claimants (sealed identities), claims, citations, claim events, duplicate candidates

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from archive.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claimants",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("label", sa.String(20), nullable=False, unique=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("identity_consent", sa.Boolean(), nullable=False),
        sa.Column("merged_into", sa.String(36), sa.ForeignKey("claimants.id"), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_claimants_merged_into", "claimants", ["merged_into"])
    op.create_table(
        "claims",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("claimant_id", sa.String(36), sa.ForeignKey("claimants.id"), nullable=False),
        sa.Column("programme", sa.String(60), nullable=False),
        sa.Column("programme_version", sa.String(80), nullable=False),
        sa.Column("victim_category", sa.String(20), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("reasoning", sa.Text(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_claims_claimant_id", "claims", ["claimant_id"])
    op.create_index("ix_claims_status", "claims", ["status"])
    op.create_table(
        "claim_citations",
        sa.Column("claim_id", sa.String(36), sa.ForeignKey("claims.id"), primary_key=True),
        sa.Column("item_id", sa.String(36), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_table(
        "claim_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.String(36), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("from_status", sa.String(30), nullable=False),
        sa.Column("to_status", sa.String(30), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cited", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_claim_events_claim_id", "claim_events", ["claim_id"])
    op.create_table(
        "duplicate_candidates",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("a", sa.String(36), sa.ForeignKey("claimants.id"), nullable=False),
        sa.Column("b", sa.String(36), sa.ForeignKey("claimants.id"), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("decided_by", sa.String(120), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("moved_claims", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("a", "b"),
    )
    op.create_index("ix_duplicate_candidates_a", "duplicate_candidates", ["a"])
    op.create_index("ix_duplicate_candidates_b", "duplicate_candidates", ["b"])


def downgrade() -> None:
    for index, table in (("ix_duplicate_candidates_b", "duplicate_candidates"),
                         ("ix_duplicate_candidates_a", "duplicate_candidates")):
        op.drop_index(index, table_name=table)
    op.drop_table("duplicate_candidates")
    op.drop_index("ix_claim_events_claim_id", table_name="claim_events")
    op.drop_table("claim_events")
    op.drop_table("claim_citations")
    op.drop_index("ix_claims_status", table_name="claims")
    op.drop_index("ix_claims_claimant_id", table_name="claims")
    op.drop_table("claims")
    op.drop_index("ix_claimants_merged_into", table_name="claimants")
    op.drop_table("claimants")
