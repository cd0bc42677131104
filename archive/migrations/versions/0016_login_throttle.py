"""login throttle in the database: failed logins per user name and per client address, shared by processes

Replaces ``login_failures`` (per name only, and the throttle itself lived in one process's memory).

Revision ID: 0016
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=130), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_login_throttle_last_at", "login_throttle", ["last_at"], unique=False)
    op.drop_table("login_failures")  # consecutive-failure counts only: nothing lost but a few minutes' counts


def downgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("username", sa.String(length=120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )
    op.drop_index("ix_login_throttle_last_at", table_name="login_throttle")
    op.drop_table("login_throttle")
