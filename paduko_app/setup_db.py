"""Prepare the database for serving: migrate, and in demo mode add demo data once.

`python -m paduko_app.setup_db` (the RUN script calls it before starting the app).
"""

from __future__ import annotations

import sys

from paduko_app import settings
from paduko_app.db import migrate, seed
from paduko_app.db.engine import unit_of_work
from paduko_app.services import revisions, tallies


def main() -> int:
    config = settings.load()
    migrate.upgrade(config.database_url)
    with unit_of_work() as session:  # the reasons officers give, which the admin then keeps
        if revisions.seed_defaults(session):
            session.commit()
    with unit_of_work() as session:  # a database from before the tallies: count what it holds once
        if tallies.missing(session):
            print(f"Monitoring tallies: counted {tallies.rebuild(session):,} applications.")
            session.commit()
    if config.demo:
        created = seed.seed_demo()
        print(f"Demo data: {'created ' + ', '.join(created) if created else 'already present, kept'}.")
        print(seed.describe_demo_accounts())
    else:
        print("Production mode: no demo data or demo accounts.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
