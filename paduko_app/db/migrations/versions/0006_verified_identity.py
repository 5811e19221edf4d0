"""verified identity: an account's NIK is no longer unique (anyone may type one); the office marks
the one account it has verified; typed names kept beside registered ones; kiosk uploads revocable

Revision ID: 0006
Revises: 0005 (re-chained at merge)
Create Date: 2026-11-29 14:06:54.352871
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# SQLite reflects the old unique constraint without a name: give it one so batch mode can drop it.
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _nik_unique_name() -> str:
    return "uq_account_nik" if op.get_bind().dialect.name == "sqlite" else "account_nik_key"


def upgrade() -> None:
    op.create_table('identityverification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('ktp_blob_id', sa.Integer(), nullable=False),
    sa.Column('selfie_blob_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_by_account_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('refusal_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['decided_by_account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['ktp_blob_id'], ['documentblob.id'], ),
    sa.ForeignKeyConstraint(['selfie_blob_id'], ['documentblob.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('identityverification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identityverification_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_identityverification_status'), ['status'], unique=False)

    with op.batch_alter_table('account', schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint(_nik_unique_name(), type_='unique')
        batch_op.add_column(sa.Column('identity_verified_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('identity_verified_via', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('identity_verified_by_account_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_account_nik'), ['nik'], unique=False)
        batch_op.create_foreign_key('fk_account_identity_verified_by', 'account', ['identity_verified_by_account_id'], ['id'])

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('typed_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))

    with op.batch_alter_table('carelink', schema=None) as batch_op:
        batch_op.add_column(sa.Column('typed_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))

    with op.batch_alter_table('kiosksession', schema=None) as batch_op:
        batch_op.add_column(sa.Column('typed_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('entitled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('out_of_area_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))

    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kiosk_session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_upload_kiosk_session_id'), ['kiosk_session_id'], unique=False)
        batch_op.create_foreign_key('fk_upload_kiosk_session', 'kiosksession', ['kiosk_session_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('upload', schema=None) as batch_op:
        batch_op.drop_constraint('fk_upload_kiosk_session', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_upload_kiosk_session_id'))
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('kiosk_session_id')

    with op.batch_alter_table('kiosksession', schema=None) as batch_op:
        batch_op.drop_column('out_of_area_reason')
        batch_op.drop_column('entitled')
        batch_op.drop_column('typed_name')

    with op.batch_alter_table('carelink', schema=None) as batch_op:
        batch_op.drop_column('typed_name')

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('typed_name')

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_constraint('fk_account_identity_verified_by', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_account_nik'))
        batch_op.create_unique_constraint(_nik_unique_name(), ['nik'])
        batch_op.drop_column('identity_verified_by_account_id')
        batch_op.drop_column('identity_verified_via')
        batch_op.drop_column('identity_verified_at')

    with op.batch_alter_table('identityverification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identityverification_status'))
        batch_op.drop_index(batch_op.f('ix_identityverification_account_id'))

    op.drop_table('identityverification')
