"""The separate delivery process (scripts/serve): what its 1 s poll costs while nothing is due,
and how long a message queued by a web worker waits before the delivery process sends it.

    .venv/bin/python benchmarks/delivery_process.py [--sent 20000] [--messages 20] [--postgres URL]

With --postgres (an empty database's URL, e.g. from scripts/postgres-for-tests) PostgreSQL is
measured as well as SQLite. The outbox holds --sent delivered messages, as after months of use.
Idle round: DeliveryWorker.run_once with nothing due, median wall and CPU time of 50 rounds.
Queue-to-sent: --messages messages enqueued one at a time from this process while
`python -m paduko_app.notify.worker` (the real process, outbox adapter) runs beside it; the time
from the commit to the row reading `sent`, median and maximum. Prints figures for
docs/BENCHMARKS.md; it is no timed test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from paduko_app.db import migrate  # noqa: E402
from paduko_app.db.engine import make_engine, unit_of_work  # noqa: E402
from paduko_app.db.models import OutboxMessage, utcnow  # noqa: E402
from paduko_app.notify import outbox  # noqa: E402
from paduko_app.notify.adapters import OutboxAdapter  # noqa: E402
from paduko_app.notify.worker import PROCESS_POLL_S, DeliveryWorker  # noqa: E402


def fill(engine, sent: int) -> None:
    now = utcnow()
    rows = [dict(created_at=now, channel="sms", recipient="081200000001", message_id="notify.in_review",
                 params={"number": "PP-X4T-MDP"}, lang="id", status="sent", attempts=1, sent_at=now)
            for _ in range(sent)]
    with engine.begin() as connection:
        for start in range(0, len(rows), 5000):
            connection.execute(insert(OutboxMessage), rows[start:start + 5000])


def idle_round(engine) -> tuple[float, float]:
    worker = DeliveryWorker(adapter=OutboxAdapter(), engine=engine, poll_s=PROCESS_POLL_S)
    worker.run_once()  # warm-up
    walls, cpus = [], []
    for _ in range(50):
        wall, cpu = time.perf_counter(), time.process_time()
        worker.run_once()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def queue_to_sent(engine, url: str, data_dir: str, messages: int) -> list[float]:
    env = dict(os.environ, REFLEX_DB_URL=url, PADUKO_DATA_DIR=data_dir, PADUKO_NOTIFY="outbox", PADUKO_MODE="demo")
    env.pop("PADUKO_DELIVERY_POLL_S", None)
    process = subprocess.Popen([sys.executable, "-m", "paduko_app.notify.worker"], cwd=ROOT, env=env,
                               stderr=subprocess.DEVNULL)
    waits = []
    try:
        time.sleep(2)  # started and past its first round
        for _ in range(messages):
            with unit_of_work(engine) as session:
                message = outbox.enqueue(session, recipient="081200000002", message_id="notify.in_review",
                                         params={"number": "PP-7QK-2RA"}, lang="min")
                session.commit()
            queued = time.perf_counter()
            while True:
                with engine.connect() as connection:
                    status = connection.execute(select(OutboxMessage.status)
                                                .where(OutboxMessage.id == message.id)).scalar_one()
                if status == "sent":
                    break
                time.sleep(0.01)
            waits.append(time.perf_counter() - queued)
            time.sleep(0.37)  # not in step with the poll
    finally:
        process.terminate()
        process.wait(30)
    return waits


def measure(label: str, url: str, data_dir: str, args) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    fill(engine, args.sent)
    wall, cpu = idle_round(engine)
    waits = queue_to_sent(engine, url, data_dir, args.messages)
    print(f"{label:<11} idle round {wall * 1000:6.1f} ms wall, {cpu * 1000:5.1f} ms CPU "
          f"(one per {PROCESS_POLL_S:g} s: {cpu / PROCESS_POLL_S * 100:.2f}% of a core); queue-to-sent median "
          f"{statistics.median(waits) * 1000:5.0f} ms, max {max(waits) * 1000:5.0f} ms over {len(waits)}")
    engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sent", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--postgres")
    args = parser.parse_args(argv)
    print(f"outbox: {args.sent:,} sent messages; delivery process polls every {PROCESS_POLL_S:g} s")
    with tempfile.TemporaryDirectory() as data_dir:
        measure("SQLite", f"sqlite:///{data_dir}/paduko.db", data_dir, args)
        if args.postgres:
            with make_engine(args.postgres).connect() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
                connection.commit()
            measure("PostgreSQL", args.postgres, data_dir, args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
