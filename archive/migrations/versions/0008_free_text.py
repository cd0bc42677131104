"""free text: item titles, and the stored redacted form of every free-text field

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

import archive.models

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=300), nullable=False, server_default=""))
    op.create_table(
        "free_text_forms",
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("source_hmac", sa.String(length=64), nullable=False),
        sa.Column("names_version", sa.Integer(), nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False),
        sa.Column("redacted", sa.Text(), nullable=False),
        sa.Column("updated_at", archive.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("object_type", "object_id", "field"),
    )
    with op.batch_alter_table("free_text_forms", schema=None) as batch_op:
        batch_op.create_index("ix_free_text_forms_case_id", ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("free_text_forms", schema=None) as batch_op:
        batch_op.drop_index("ix_free_text_forms_case_id")
    op.drop_table("free_text_forms")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("title")
