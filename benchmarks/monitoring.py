"""The head of office's dashboard over 50,000 applications spread over three years: the time of
one page load (`services/monitoring.build` plus the HTML in three languages, what
`MonitorState.load` does), on SQLite and, when given a URL, PostgreSQL.

    .venv/bin/python benchmarks/monitoring.py [--applications 50000] [--runs 5] [--postgres URL]

Prints figures (docs/BENCHMARKS.md); it is no timed test. The mix: 14 services, 16 kelurahan,
four channels (older people more often at the counter), persons of every age, most applications
finished after a few days, some corrected (with a reason) or refused, 8% abandoned as drafts at
every step, and IKM answers from about one finished application in ten. Each period runs once to
warm up, then --runs times: median and maximum.
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

from components.monitoring_html import render  # noqa: E402
from paduko_app.db import migrate  # noqa: E402
from paduko_app.db.engine import make_engine, unit_of_work  # noqa: E402
from paduko_app.db.models import (Account, Application, Person, RevisionReason, SurveyResponse,  # noqa: E402
                                  TimelineEvent)
from paduko_app.domain import catalogue  # noqa: E402
from paduko_app.domain.formatting import LANGUAGES  # noqa: E402
from paduko_app.domain.regions import KELURAHAN  # noqa: E402
from paduko_app.services import monitoring, tallies  # noqa: E402

TARGET_S = 1.0
PEOPLE = 5000
STATUSES = (["finished_print"] * 55 + ["finished_pickup"] * 22 + ["rejected"] * 4 + ["withdrawn"] * 3
            + ["needs_revision"] * 3 + ["draft"] * 8 + ["submitted"] * 3 + ["in_review"] * 2)


def fill(url: str, count: int, seed: int = 11) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    rnd = random.Random(seed)
    now = dt.datetime.now(dt.timezone.utc)
    today = now.date()
    with engine.begin() as connection:
        connection.execute(insert(Account), [{"role": "resident", "display_name": f"Warga {i}", "lang": "id",
                                              "failed_sign_ins": 0, "active": True, "created_at": now}
                                             for i in range(1, PEOPLE + 1)])
        # Ages 0-90, a third of them 60 and over (the people the study asks about).
        connection.execute(insert(Person), [{"name": f"Warga {i}", "account_id": i, "created_at": now,
                                             "birth_date": today - dt.timedelta(days=rnd.choice(
                                                 [rnd.randint(0, 16), rnd.randint(17, 59), rnd.randint(60, 90)]) * 365
                                                 + rnd.randint(0, 364)),
                                             "kelurahan_code": KELURAHAN[i % len(KELURAHAN)].code}
                                            for i in range(1, PEOPLE + 1)])
        connection.execute(insert(RevisionReason), [
            {"code": f"r{i}", "text_id": f"Alasan {i}", "text_min": f"Alasan {i}", "text_en": f"Reason {i}",
             "active": True, "created_at": now} for i in range(1, 9)])
        codes = [s.code for s in catalogue.SERVICES]
        rows, events, answers = [], [], []
        for i in range(count):
            status = rnd.choice(STATUSES)
            created = now - dt.timedelta(minutes=rnd.randint(0, 3 * 365 * 24 * 60))
            submitted = None if status == "draft" else created + dt.timedelta(minutes=rnd.randint(5, 600))
            finished = (submitted + dt.timedelta(hours=rnd.randint(4, 24 * 20))
                        if status in ("finished_print", "finished_pickup", "rejected", "withdrawn") else None)
            channel = rnd.choice(["own", "own", "caregiver", "kiosk", "counter"])
            rows.append({"number": f"PP-{i:07d}", "pin_hash": "x", "service_code": rnd.choice(codes),
                         "status": status, "person_id": rnd.randint(1, PEOPLE),
                         "applicant_account_id": rnd.randint(1, PEOPLE), "channel": channel,
                         "kelurahan_code": rnd.choice(KELURAHAN).code, "current_step": rnd.randint(0, 9),
                         "created_at": created, "updated_at": created, "submitted_at": submitted,
                         "finished_at": finished})
            if submitted and rnd.random() < 0.12:
                events.append({"application_id": i + 1, "at": submitted + dt.timedelta(days=1),
                               "status": "needs_revision", "event": "event.needs_revision",
                               "reason_ids": [rnd.randint(1, 8)], "actor_role": "verifikator"})
            if finished and status.startswith("finished") and rnd.random() < 0.1:
                answers.append({"service_code": rows[-1]["service_code"], "channel": channel,
                                "age_group": rnd.choice(["under_17", "17_59", "60_plus"]),
                                "month": finished.strftime("%Y-%m"),
                                **{f"u{k}": rnd.choice([2, 3, 3, 4, 4]) for k in range(1, 10)}})
            if len(rows) == 5000:
                connection.execute(insert(Application), rows)
                rows = []
        if rows:
            connection.execute(insert(Application), rows)
        connection.execute(insert(TimelineEvent), events)
        connection.execute(insert(SurveyResponse), answers)
    # Rows written with plain SQL pass by the ORM listener: count them as an old database would be.
    started = time.perf_counter()
    with unit_of_work(engine) as session:
        tallies.rebuild(session)
        session.commit()
    print(f"  (rebuilding the tallies from {count:,} applications took {time.perf_counter() - started:.1f} s)")
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()


def measure(url: str, runs: int, query: dict) -> tuple[float, float]:
    engine = make_engine(url)
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        with unit_of_work(engine) as session:
            board = monitoring.build(session, monitoring.parse_period(query))
        for lang in LANGUAGES:
            render(board, lang, query)
        if run:  # the first run warms caches
            times.append(time.perf_counter() - started)
    engine.dispose()
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default="", help="an empty PostgreSQL database's URL")
    args = parser.parse_args()
    today = dt.date.today()
    three_years_back = (today - dt.timedelta(days=3 * 365)).strftime("%Y-%m")
    periods = {"this month": {"bulan": "1"}, "last 12 months": {"bulan": "12"},
               "3 years (custom)": {"dari": three_years_back, "sampai": today.strftime("%Y-%m")}}
    with tempfile.TemporaryDirectory() as folder:
        backends = {"SQLite": f"sqlite:///{folder}/bench.db"}
        if args.postgres:
            backends["PostgreSQL"] = args.postgres
        print(f"Monitoring dashboard: {args.applications:,} applications over 3 years, "
              f"median of {args.runs} runs after a warm-up (build + HTML in 3 languages)")
        print(f"{'backend':<11} {'period':<18} {'median':>9} {'max':>9}  target <{TARGET_S:.0f} s")
        for name, url in backends.items():
            fill(url, args.applications)
            for label, query in periods.items():
                median, worst = measure(url, args.runs, query)
                print(f"{name:<11} {label:<18} {median * 1000:7.0f}ms {worst * 1000:7.0f}ms  "
                      f"{'MET' if median < TARGET_S else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
