"""outbox: item revisions, job versions, urgency, attempt history

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("transient_failures", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("history", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.create_index("ix_jobs_pending", ["stage", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_pending")
        batch_op.drop_column("history")
        batch_op.drop_column("transient_failures")
        batch_op.drop_column("urgent")
        batch_op.drop_column("version")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("revision")
