"""duplicate checks after the commit: a job's subject may be a claimant (jobs.item_id loses its foreign key);
the matcher's trained parameters are stored per run (matcher_models); household and indirect-victim links of
claims (claim_links)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

import archive.models

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UTC = archive.models.UTCDateTime(timezone=True)
#: SQLite names no constraint: batch mode finds the unnamed foreign key by this convention.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    bind = op.get_bind()
    names = [str(fk["name"]) for fk in sa.inspect(bind).get_foreign_keys("jobs")
             if fk["referred_table"] == "items" and fk.get("name")]
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("jobs", naming_convention=NAMING) as batch_op:
            batch_op.drop_constraint("fk_jobs_item_id_items", type_="foreignkey")
    else:
        for name in names:
            op.drop_constraint(name, "jobs", type_="foreignkey")
    op.create_table(
        "matcher_models",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("trained_at", UTC, nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("prior", sa.Float(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("trained_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("matcher_models", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matcher_models_trained_at"), ["trained_at"], unique=False)

    op.create_table(
        "claim_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("fate", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["claimants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "person_id"),
    )
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_links_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_links_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_links_person_id"))
        batch_op.drop_index(batch_op.f("ix_claim_links_claim_id"))
    op.drop_table("claim_links")
    with op.batch_alter_table("matcher_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matcher_models_trained_at"))
    op.drop_table("matcher_models")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_foreign_key("fk_jobs_item_id_items", "items", ["item_id"], ["id"])
