"""vetting: `order_messages.revision` is 64-bit (a Matrix edit's revision is its timestamp in ms, past
32 bits; PostgreSQL refused it, SQLite did not mind).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('order_messages', schema=None) as batch_op:
        batch_op.alter_column('revision', existing_type=sa.Integer(), type_=sa.BigInteger(),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('order_messages', schema=None) as batch_op:
        batch_op.alter_column('revision', existing_type=sa.BigInteger(), type_=sa.Integer(),
                              existing_nullable=False)
