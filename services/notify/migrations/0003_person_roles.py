"""notify: every role of a person (`person_roles`), filled from the one role each had.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 23:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('person_roles',
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('building', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('person_id', 'role')
    )
    with op.batch_alter_table('person_roles', schema=None) as batch_op:
        batch_op.create_index('ix_person_roles_role', ['role', 'building'], unique=False)
    op.execute("INSERT INTO person_roles (person_id, role, building) SELECT person_id, role, building FROM people")


def downgrade() -> None:
    with op.batch_alter_table('person_roles', schema=None) as batch_op:
        batch_op.drop_index('ix_person_roles_role')
    op.drop_table('person_roles')
