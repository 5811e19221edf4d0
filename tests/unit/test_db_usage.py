"""Anonymous usage counts: per month and item, nothing else stored; shown on the dashboard with
the "<5" rule; a rebuild of the application tallies keeps them."""

import datetime as dt

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import MonitorTally
from paduko_app.services import monitoring, tallies, usage
from paduko_app.services.monitoring import Period

pytestmark = pytest.mark.db
NOV = dt.datetime(2026, 11, 30, 18, tzinfo=dt.timezone.utc)  # 1 December, 01:00 in Padang Panjang


def test_usage_is_counted_per_month_without_identity_and_shown_with_small_cells_hidden(engine):
    with unit_of_work(engine) as session:
        for _ in range(6):
            assert usage.count(session, ["lang:min", "size:largest", "voice", "lang:min"], now=NOV) == [
                "lang:min", "size:largest", "voice"]
        assert usage.count(session, ["contrast:high", "who:1374015203580001", "lang:xx"], now=NOV) == ["contrast:high"]
    assert {c["name"] for c in inspect(engine).get_columns("monitortally")} == {"kind", "month", "a", "b", "c", "n"}
    with unit_of_work(engine) as session:
        rows = {(r.month, r.a): r.n for r in session.exec(select(MonitorTally).where(MonitorTally.kind == "usage"))}
        assert rows == {("2026-12", "lang:min"): 6, ("2026-12", "size:largest"): 6, ("2026-12", "voice"): 6,
                        ("2026-12", "contrast:high"): 1}
        tallies.rebuild(session)  # recounting applications leaves the usage counts alone
        session.commit()
        board = monitoring.build(session, Period(dt.date(2026, 11, 1), dt.date(2026, 12, 1)), dt.date(2026, 12, 2))
    table = dict(board.tables["usage"].rows)
    assert table == {"monitor.usage.voice": ["0", "6", "6"], "monitor.usage.size_largest": ["0", "6", "6"],
                     "monitor.usage.contrast_high": ["0", "<5", "<5"], "monitor.usage.lang_min": ["0", "6", "6"]}
