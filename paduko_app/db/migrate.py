"""Migrate a database to the newest schema: `python -m paduko_app.db.migrate [revision]`.

Also `python -m paduko_app.db.migrate --new "message"` writes a migration from the models.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def new_revision(url: str, message: str) -> None:
    command.revision(alembic_config(url), message=message, autogenerate=True)


def main(argv: list[str]) -> int:
    from paduko_app import settings

    url = settings.load().database_url
    if len(argv) > 2 and argv[1] == "--new":
        upgrade(url)
        new_revision(url, argv[2])
        return 0
    upgrade(url, argv[1] if len(argv) > 1 else "head")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
