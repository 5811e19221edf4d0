"""office work queue

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 14:06:21.693364
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('revisionreason',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('text_id', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('text_min', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('text_en', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('slots', sa.JSON(), nullable=False),
    sa.Column('chosen', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_by_account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.ForeignKeyConstraint(['created_by_account_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_application_id'), ['application_id'], unique=False)

    op.create_table('revisionflag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('target_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('reason_id', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_by_account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.ForeignKeyConstraint(['created_by_account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['reason_id'], ['revisionreason.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('revisionflag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisionflag_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assigned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_application_assigned_account_id'), ['assigned_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_foreign_key('fk_application_assigned_account', 'account', ['assigned_account_id'], ['id'])

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                                      server_default='id'))

    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outboxmessage_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outboxmessage_status'), ['status'], unique=False)
        batch_op.create_foreign_key('fk_outboxmessage_account', 'account', ['account_id'], ['id'])
        batch_op.create_foreign_key('fk_outboxmessage_application', 'application', ['application_id'], ['id'])

    with op.batch_alter_table('timelineevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_ids', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('lang')

    with op.batch_alter_table('timelineevent', schema=None) as batch_op:
        batch_op.drop_column('reason_ids')

    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_constraint('fk_outboxmessage_application', type_='foreignkey')
        batch_op.drop_constraint('fk_outboxmessage_account', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outboxmessage_status'))
        batch_op.drop_index(batch_op.f('ix_outboxmessage_account_id'))
        batch_op.drop_column('application_id')
        batch_op.drop_column('account_id')
        batch_op.drop_column('last_error')
        batch_op.drop_column('next_attempt_at')

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_constraint('fk_application_assigned_account', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_application_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_application_assigned_account_id'))
        batch_op.drop_column('assigned_at')
        batch_op.drop_column('assigned_account_id')

    with op.batch_alter_table('revisionflag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisionflag_application_id'))

    op.drop_table('revisionflag')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointment_application_id'))

    op.drop_table('appointment')
    op.drop_table('revisionreason')
