"""delivery: the building a building admin serves is kept apart from their home, so an admin
who lives in a room is on that household's list and on the building's admins' alike.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 23:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('admin_building', sa.String(length=16), nullable=True))
    op.execute("UPDATE people SET admin_building = building WHERE role = 'building_admin'")


def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('admin_building')
