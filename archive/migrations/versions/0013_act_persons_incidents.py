"""act persons (pseudonymous), their role per act, incidents grouping acts (issue 15)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from archive.models import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "act_persons",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("pseudonym", sa.String(80), nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("age_band", sa.String(12), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("origin_region", sa.String(60), nullable=True),
        sa.Column("origin_place", sa.String(200), nullable=True),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("case_id", "pseudonym", name="uq_act_persons_pseudonym"),
    )
    op.create_index("ix_act_persons_case_id", "act_persons", ["case_id"])
    op.create_table(
        "act_incidents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("date_year", sa.Integer(), nullable=True),
        sa.Column("date_month", sa.Integer(), nullable=True),
        sa.Column("date_day", sa.Integer(), nullable=True),
        sa.Column("date_precision", sa.String(10), nullable=True),
        sa.Column("region", sa.String(60), nullable=True),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_act_incidents_case_id", "act_incidents", ["case_id"])
    op.create_table(
        "act_roles",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("act_id", sa.String(36), sa.ForeignKey("acts.id"), nullable=False),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("act_persons.id"), nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("act_id", "person_id", "role", name="uq_act_roles"),
    )
    op.create_index("ix_act_roles_act_id", "act_roles", ["act_id"])
    op.create_index("ix_act_roles_person", "act_roles", ["person_id"])
    with op.batch_alter_table("acts") as batch:
        batch.add_column(sa.Column("incident_id", sa.String(36), nullable=True))
        batch.create_foreign_key("fk_acts_incident", "act_incidents", ["incident_id"], ["id"])
    op.create_table(
        "act_cells",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("subset", sa.String(80), nullable=False),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("v1", sa.String(60), nullable=False),
        sa.Column("v2", sa.String(60), nullable=False),
        sa.Column("v3", sa.String(60), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.UniqueConstraint("subset", "case_id", "v1", "v2", "v3", name="uq_act_cells"),
    )
    op.create_table(
        "act_cell_items",
        sa.Column("item_id", sa.String(36), sa.ForeignKey("items.id"), primary_key=True),
        sa.Column("case_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_act_cell_items_case_id", "act_cell_items", ["case_id"])
    op.create_index("ix_consent_events_scope_item", "consent_events", ["scope", "item_id", "id"])
    op.create_table(
        "act_terms",
        sa.Column("vocabulary", sa.String(30), primary_key=True),
        sa.Column("code", sa.String(60), primary_key=True),
        sa.Column("origin", sa.String(40), nullable=False),
        sa.Column("label_fr", sa.String(120), nullable=False),
        sa.Column("label_en", sa.String(120), nullable=False),
        sa.Column("definition_fr", sa.String(1000), nullable=False),
        sa.Column("definition_en", sa.String(1000), nullable=False),
        sa.Column("deprecated", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    from sqlalchemy.orm import Session

    from archive.acts.cells import rebuild
    from archive.acts.terms import ensure_defaults

    with Session(bind=op.get_bind()) as session:  # the shipped vocabularies; the acts coded before: ready counts
        ensure_defaults(session)
        rebuild(session)
        session.flush()


def downgrade() -> None:
    op.drop_index("ix_consent_events_scope_item", table_name="consent_events")
    op.drop_index("ix_act_cell_items_case_id", table_name="act_cell_items")
    op.drop_table("act_cell_items")
    op.drop_table("act_cells")
    op.drop_table("act_terms")
    with op.batch_alter_table("acts") as batch:
        batch.drop_constraint("fk_acts_incident", type_="foreignkey")
        batch.drop_column("incident_id")
    op.drop_index("ix_act_roles_person", table_name="act_roles")
    op.drop_index("ix_act_roles_act_id", table_name="act_roles")
    op.drop_table("act_roles")
    op.drop_index("ix_act_incidents_case_id", table_name="act_incidents")
    op.drop_table("act_incidents")
    op.drop_index("ix_act_persons_case_id", table_name="act_persons")
    op.drop_table("act_persons")
