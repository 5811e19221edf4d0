"""Migrations build the schema from an empty database, match the models, and go back down."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from paduko_app.db import migrate, models  # noqa: F401
from paduko_app.db.engine import make_engine

pytestmark = pytest.mark.db
TABLES = {"account", "person", "application", "answer", "document", "documentblob",
          "timelineevent", "auditlog", "outboxmessage"}


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_database_url):
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        assert TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        assert diff == [], "models and migrations differ: write a migration (python -m paduko_app.db.migrate --new ...)"
        migrate.downgrade(empty_database_url, "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        migrate.upgrade(empty_database_url)  # and up again
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
