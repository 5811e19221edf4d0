"""monitoring and ikm

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 14:57:54.618798
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('surveyresponse',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('age_group', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('u1', sa.Integer(), nullable=True),
    sa.Column('u2', sa.Integer(), nullable=True),
    sa.Column('u3', sa.Integer(), nullable=True),
    sa.Column('u4', sa.Integer(), nullable=True),
    sa.Column('u5', sa.Integer(), nullable=True),
    sa.Column('u6', sa.Integer(), nullable=True),
    sa.Column('u7', sa.Integer(), nullable=True),
    sa.Column('u8', sa.Integer(), nullable=True),
    sa.Column('u9', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name='pk_surveyresponse')
    )
    with op.batch_alter_table('surveyresponse', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveyresponse_month'), ['month'], unique=False)

    op.create_table('surveyinvitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name='fk_surveyinvitation_account'),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name='fk_surveyinvitation_application'),
    sa.PrimaryKeyConstraint('id', name='pk_surveyinvitation'),
    sa.UniqueConstraint('application_id', name='uq_surveyinvitation_application_id'),
    sa.UniqueConstraint('token_hash', name='uq_surveyinvitation_token_hash')
    )
    with op.batch_alter_table('surveyinvitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveyinvitation_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('surveyinvitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveyinvitation_account_id'))

    op.drop_table('surveyinvitation')
    with op.batch_alter_table('surveyresponse', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surveyresponse_month'))

    op.drop_table('surveyresponse')
