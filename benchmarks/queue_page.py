"""The verifikator's queue with 50,000 applications: time of one queue page (rows, total, the
counts of every filter, the overdue count), on SQLite and, when given a URL, PostgreSQL.

    .venv/bin/python benchmarks/queue_page.py [--applications 50000] [--runs 15] [--postgres URL]

Prints figures (docs/BENCHMARKS.md); it is no timed test. The applications are spread over the
14 services, 16 kelurahan, four channels and every status, as a year of work would leave them:
most finished, about 2% waiting in the queue. Each case runs once to warm up, then --runs times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from paduko_app.db import migrate  # noqa: E402
from paduko_app.db.engine import make_engine, unit_of_work  # noqa: E402
from paduko_app.db.models import Account, Application, Person  # noqa: E402
from paduko_app.domain import catalogue  # noqa: E402
from paduko_app.domain.regions import KELURAHAN  # noqa: E402
from paduko_app.services import queue  # noqa: E402

TARGET_MS = 200
STATUSES = (["finished_print"] * 60 + ["finished_pickup"] * 25 + ["rejected"] * 5 + ["withdrawn"] * 3
            + ["needs_revision"] * 3 + ["draft"] * 2 + ["submitted"] * 1 + ["in_review"] * 1)


def fill(url: str, count: int, seed: int = 7) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    rnd = random.Random(seed)
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as connection:
        connection.execute(insert(Account), [{"role": "resident", "display_name": f"Warga {i}", "lang": "id",
                                              "failed_sign_ins": 0, "active": True, "created_at": now}
                                             for i in range(1, 2001)])
        connection.execute(insert(Account), [{"role": "verifikator", "display_name": "Petugas", "lang": "id",
                                              "failed_sign_ins": 0, "active": True, "created_at": now}])
        connection.execute(insert(Person), [{"name": f"Warga {i}", "account_id": i, "created_at": now,
                                             "kelurahan_code": KELURAHAN[i % len(KELURAHAN)].code}
                                            for i in range(1, 2001)])
        codes = [s.code for s in catalogue.SERVICES]
        rows = []
        for i in range(count):
            status = rnd.choice(STATUSES)
            created = now - dt.timedelta(minutes=rnd.randint(0, 365 * 24 * 60))
            rows.append({"number": f"PP-{i:07d}", "pin_hash": "x", "service_code": rnd.choice(codes),
                         "status": status, "person_id": rnd.randint(1, 2000), "applicant_account_id": rnd.randint(1, 2000),
                         "channel": rnd.choice(queue.CHANNELS), "kelurahan_code": rnd.choice(KELURAHAN).code,
                         "current_step": 0, "created_at": created, "updated_at": created,
                         "submitted_at": None if status == "draft" else created,
                         "assigned_account_id": 2001 if status == "in_review" else None})
            if len(rows) == 5000:
                connection.execute(insert(Application), rows)
                rows = []
        if rows:
            connection.execute(insert(Application), rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()


def measure(url: str, runs: int, filters: queue.Filters) -> tuple[float, float, int]:
    engine = make_engine(url)
    times = []
    total = 0
    for run in range(runs + 1):
        started = time.perf_counter()
        with unit_of_work(engine) as session:
            view = queue.queue(session, filters)
        elapsed = (time.perf_counter() - started) * 1000
        total = view.total
        if run:  # the first run warms caches
            times.append(elapsed)
    engine.dispose()
    return statistics.median(times), max(times), total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--postgres", default="", help="an empty PostgreSQL database's URL")
    args = parser.parse_args()
    cases = {"whole queue": queue.Filters(), "one service": queue.Filters(service="KTP_CETAK"),
             "overdue only": queue.Filters(overdue=True), "kelurahan + channel": queue.Filters(
                 kelurahan=KELURAHAN[0].code, channel="kiosk")}
    with tempfile.TemporaryDirectory() as folder:
        backends = {"SQLite": f"sqlite:///{folder}/bench.db"}
        if args.postgres:
            backends["PostgreSQL"] = args.postgres
        print(f"Queue page (services/queue.py): {args.applications:,} applications, {args.runs} runs after a warm-up")
        print(f"{'backend':<11} {'case':<22} {'median':>9} {'max':>9} {'rows in queue':>14}  target <{TARGET_MS} ms")
        for name, url in backends.items():
            fill(url, args.applications)
            for case, filters in cases.items():
                median, worst, total = measure(url, args.runs, filters)
                print(f"{name:<11} {case:<22} {median:7.1f}ms {worst:7.1f}ms {total:>14,}  "
                      f"{'MET' if median < TARGET_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
