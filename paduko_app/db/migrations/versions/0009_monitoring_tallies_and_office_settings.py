"""monitoring tallies, office settings, the survey's respondent profile

Existing applications are counted by `python -m paduko_app.services.tallies rebuild`, which
`paduko_app.setup_db` runs when the tallies are empty and applications exist.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 17:01:54.807057
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0009'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('surveyresponse', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sex', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True))
        batch_op.add_column(sa.Column('education', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(sa.Column('occupation', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))
    op.create_table('monitortally',
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('a', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('b', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('c', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'month', 'a', 'b', 'c')
    )
    op.create_table('officesetting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by_account_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_account_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('monitorcontribution',
    sa.Column('application_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('keys', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.PrimaryKeyConstraint('application_id')
    )


def downgrade() -> None:
    op.drop_table('monitorcontribution')
    op.drop_table('officesetting')
    op.drop_table('monitortally')
    with op.batch_alter_table('surveyresponse', schema=None) as batch_op:
        batch_op.drop_column('occupation')
        batch_op.drop_column('education')
        batch_op.drop_column('sex')
