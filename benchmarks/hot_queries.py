"""The hot reads with 50,000 applications: a resident's /akun lists, their signed-in status list
(first page), a status look-up by number + PIN, and the officer's queue page; the delivery
worker's outbox query. Median of --runs after a warm-up, then EXPLAIN of every statement each
case sent (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN).

    .venv/bin/python benchmarks/hot_queries.py [--applications 50000] [--runs 15] [--postgres URL]

Prints figures for docs/BENCHMARKS.md; it is no timed test. The data: benchmarks/queue_page.py's
50,000 applications over 2,000 residents, three timeline events each, a finished PDF for every
finished-to-print one, 20,000 sent messages and 50 pending in the outbox; the resident measured
is the one with the most applications.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from queue_page import fill  # noqa: E402
from paduko_app.db.engine import make_engine, unit_of_work  # noqa: E402
from paduko_app.db.models import (Application, Document, DocumentBlob, OutboxMessage,  # noqa: E402
                                  TimelineEvent)
from paduko_app.domain import numbers  # noqa: E402
from paduko_app.notify import outbox  # noqa: E402
from paduko_app.services import decisions, notifications, queue, status, surveys, wizard  # noqa: E402

SECRET = "benchmark-secret-key-that-is-long-enough"
PIN = "482913"
TARGET_MS = 50


def fill_more(url: str) -> tuple[int, str]:
    """Timelines, finished PDFs and outbox rows; returns (busiest resident, a number with PIN)."""
    engine = make_engine(url)
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as connection:
        apps = connection.execute(select(Application.id, Application.status, Application.created_at)).all()
        events = []
        for app_id, app_status, created in apps:
            for kind in ("submitted", "in_review", app_status):
                events.append({"application_id": app_id, "at": created, "status": kind, "event": f"event.{kind}",
                               "actor_account_id": None, "actor_role": "system"})
            if len(events) >= 15000:
                connection.execute(insert(TimelineEvent), events)
                events = []
        if events:
            connection.execute(insert(TimelineEvent), events)
        blob_id = connection.execute(insert(DocumentBlob).values(content=b"%PDF-1.4")).inserted_primary_key[0]
        finished = [a for a, s, _ in apps if s == "finished_print"]
        for start in range(0, len(finished), 5000):
            connection.execute(insert(Document), [{"application_id": a, "requirement_id": "result", "kind": "result",
                                                   "content_type": "application/pdf", "size_bytes": 8,
                                                   "sha256": "0" * 64, "blob_id": blob_id, "created_at": now}
                                                  for a in finished[start:start + 5000]])
        messages = [{"created_at": now, "channel": "sms", "recipient": "081200000001", "message_id": "sms.code",
                     "params": {}, "lang": "id", "status": "sent" if i >= 50 else "pending", "attempts": 1,
                     "account_id": 1 + i % 2000} for i in range(20050)]
        connection.execute(insert(OutboxMessage), messages)
        busiest = connection.execute(select(Application.applicant_account_id).group_by(Application.applicant_account_id)
                                     .order_by(func.count().desc()).limit(1)).scalar_one()
        old = connection.execute(select(Application.number).where(Application.status == "in_review")
                                 .limit(1)).scalar_one()
        number = numbers.new_application_number()  # the filler's numbers are not in the real format
        connection.execute(Application.__table__.update().where(Application.number == old)
                           .values(number=number, pin_hash=numbers.hash_pin(PIN, SECRET, number)))
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()
    return busiest, number


def akun(session, account_id: int, _number: str) -> None:
    """What ResidentHomeState._refresh reads for /akun."""
    wizard.drafts_of(session, account_id)
    notifications.for_account(session, account_id)
    seen = wizard.applications_of(session, account_id, sent_only=True)
    decisions.open_offers(session, seen)
    status.result_documents_of(session, [a.id for a in seen if a.status == "finished_print"])
    surveys.open_for(session, account_id)


def status_list(session, account_id: int, _number: str) -> None:
    """StatusState.load for a signed-in resident: the first page."""
    rows = wizard.applications_of(session, account_id, limit=21, sent_only=True)
    status.views_of(session, rows[:20])


def lookup(session, _account_id: int, number: str) -> None:
    status.by_number_and_pin(session, number, PIN, SECRET, client="bench", ip="10.0.0.1")


def officer_queue(session, _account_id: int, _number: str) -> None:
    queue.queue(session, queue.Filters())


def outbox_due(session, _account_id: int, _number: str) -> None:
    """The delivery worker's query for messages due now (after every code and every submit)."""
    session.exec(select(OutboxMessage).where(outbox._due(dt.datetime.now(dt.timezone.utc)))
                 .order_by(OutboxMessage.id).limit(20)).all()


CASES = {"/akun lists": akun, "status list (page 1)": status_list, "status look-up": lookup,
         "officer queue": officer_queue, "outbox due": outbox_due}


def measure(engine, case, account_id: int, number: str, runs: int) -> tuple[float, float, float, list]:
    times, cpu, statements = [], [], []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    for run in range(runs + 1):
        if run == runs:
            event.listen(engine, "before_cursor_execute", capture)
        started, started_cpu = time.perf_counter(), time.process_time()
        with unit_of_work(engine) as session:
            case(session, account_id, number)
        elapsed = (time.perf_counter() - started) * 1000
        if run:
            times.append(elapsed)
            cpu.append((time.process_time() - started_cpu) * 1000)
    event.remove(engine, "before_cursor_execute", capture)
    return statistics.median(times), max(times), statistics.median(cpu), statements


def explain(engine, statements: list) -> list[str]:
    lines = []
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            raw = connection.connection.cursor()
            raw.execute(prefix + statement, parameters)
            plan = [" ".join(str(c) for c in row[-1:]) for row in raw.fetchall()]
            lines.append("  " + " ".join(statement.split())[:150])
            lines.extend("      " + p for p in plan)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--postgres", default="", help="an empty PostgreSQL database's URL")
    parser.add_argument("--explain", action="store_true", help="print the plan of every statement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        backends = {"SQLite": f"sqlite:///{folder}/bench.db"}
        if args.postgres:
            backends["PostgreSQL"] = args.postgres
        print(f"Hot reads: {args.applications:,} applications, median of {args.runs} runs after a warm-up")
        plans = []
        for name, url in backends.items():
            fill(url, args.applications)
            account_id, number = fill_more(url)
            engine = make_engine(url)
            with unit_of_work(engine) as session:
                mine = session.exec(select(func.count()).select_from(Application).where(
                    Application.applicant_account_id == account_id)).one()[0]
            print(f"{name}: resident {account_id} with {mine} applications")
            print(f"{'backend':<11} {'case':<22} {'median':>9} {'max':>9} {'CPU med':>9} {'queries':>8}  target <{TARGET_MS} ms")
            for case_name, case in CASES.items():
                median, worst, cpu, statements = measure(engine, case, account_id, number, args.runs)
                print(f"{name:<11} {case_name:<22} {median:7.1f}ms {worst:7.1f}ms {cpu:7.1f}ms {len(statements):>8}  "
                      f"{'MET' if median < TARGET_MS else 'MISSED'}")
                plans.append(f"{name}, {case_name}:")
                plans.extend(explain(engine, statements))
            engine.dispose()
        if args.explain:
            print("\nPlans")
            print("\n".join(plans))
    return 0


if __name__ == "__main__":
    sys.exit(main())
