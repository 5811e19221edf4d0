"""The monitoring numbers on a real database: counts by month, channel and age group, the share
of 60+ residents served online, speed, corrections, abandoned drafts and IKM; small cells hidden."""

import datetime as dt

import pytest

from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import (Account, Application, Person, RevisionReason, SurveyResponse,
                                  TimelineEvent)
from paduko_app.services import monitoring
from paduko_app.services.monitoring import Period

pytestmark = pytest.mark.db
TODAY = dt.date(2026, 11, 20)
UTC = dt.timezone.utc


def _at(month: int, day: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, 3, tzinfo=UTC)  # 10:00 in Padang Panjang


def _world(engine):
    with unit_of_work(engine) as session:
        account = Account(role="resident", display_name="Warga")
        old = Person(name="Tua", birth_date=dt.date(1950, 1, 1))
        young = Person(name="Muda", birth_date=dt.date(1990, 1, 1))
        reason = RevisionReason(code="blur", text_id="Foto buram", text_min="Foto kabua", text_en="Blurred photo")
        session.add_all([account, old, young, reason])
        session.flush()
        n = 0

        def app(person, channel, month, status="submitted", finished_days=None, service="KTP_CETAK", step=0):
            nonlocal n
            n += 1
            submitted = None if status == "draft" else _at(month)
            row = Application(number=f"T{n:06d}", pin_hash="x", service_code=service, status=status,
                              person_id=person.id, applicant_account_id=account.id, channel=channel,
                              kelurahan_code="1374.01.1001", created_at=_at(month, 1), submitted_at=submitted,
                              current_step=step,
                              finished_at=submitted + dt.timedelta(days=finished_days) if finished_days else None)
            session.add(row)
            session.flush()
            return row

        # October: 60+ residents, 2 online and 4 at the counter; November: 6 online, 1 at the counter.
        for channel in ["own", "caregiver"] + ["counter"] * 4:
            app(old, channel, 10)
        for channel in ["own"] * 5 + ["caregiver", "counter"]:
            app(old, channel, 11)
        # Six finished in November, each after 2 days (target: several working days).
        for _ in range(6):
            app(young, "own", 11, status="finished_pickup", finished_days=2)
        revised = app(young, "kiosk", 11, status="needs_revision")
        session.add(TimelineEvent(application_id=revised.id, at=_at(11, 4), status="needs_revision",
                                  event="event.needs_revision", reason_ids=[reason.id], actor_role="verifikator"))
        for step in (0, 2, 2):
            app(old, "own", 11, status="draft", step=step)
        for i in range(6):
            session.add(SurveyResponse(service_code="KTP_CETAK", channel="own", age_group="60_plus", month="2026-11",
                                       sex="p" if i < 5 else None, occupation="lainnya" if i < 2 else None,
                                       **{f"u{k}": 4 if i % 2 else 3 for k in range(1, 10)}))
        session.commit()


def test_the_dashboard_counts_and_hides_small_cells(engine):
    _world(engine)
    with unit_of_work(engine) as session:
        board = monitoring.build(session, Period.last_months(3, TODAY), today=TODAY)
    assert board.period.months() == ["2026-09", "2026-10", "2026-11"]
    channel = dict(board.tables["channel"].rows)
    assert channel["office.channel.own"] == ["0", "<5", "11", "12"]
    assert channel["office.channel.counter"] == ["0", "<5", "<5", "5"]
    senior = dict(board.tables["senior_online"].rows)
    assert senior["=2026-10"] == ["<5", "0", "<5", "33%"]
    assert senior["=2026-11"] == ["6", "0", "<5", "86%"]
    assert board.senior_online == [("2026-09", None), ("2026-10", 33), ("2026-11", 86)]
    assert board.summary == ("monitor.summary.senior_change", {"share": 86, "before": 33})
    age = dict(board.tables["age"].rows)
    assert age["monitor.age.60_plus"][-1] == "13" and age["monitor.age.17_59"][-1] == "7"
    speed = dict(board.tables["speed"].rows)
    service_name = next(iter(speed))
    assert speed[service_name][:4] == ["6", "2.0", "2.0", "100%"]
    quality = dict(board.tables["quality"].rows)
    assert quality["monitor.row.submitted"] == ["20"] and quality["monitor.row.revision_rate"] == ["5%"]
    assert [label["id"] for label, _ in board.tables["reasons"].rows] == ["Foto buram"]
    assert dict(board.tables["drafts_step"].rows) == {"=1": ["<5"], "=3": ["<5"]}
    assert board.ikm.respondents == 6 and str(board.ikm.index) == "87.50" and board.ikm.grade == "B"
    groups = dict(board.tables["ikm_groups"].rows)
    assert groups["monitor.age.60_plus"] == ["6", "87.50", "B"]
    assert groups["monitor.age.17_59"] == ["0", "–", "–"]
    profile = dict(board.tables["ikm_profile"].rows)  # five women answered; two said "other" work
    assert profile["ikm.answer.sex_p"] == ["5", "85.00", "B"]
    assert profile["ikm.answer.job_lainnya"] == ["<5", "–", "–"] and profile["ikm.answer.sex_l"] == ["0", "–", "–"]


def test_periods():
    assert Period.last_months(1, TODAY).months() == ["2026-11"]
    assert len(Period.last_months(12, TODAY).months()) == 12
    assert Period.between(dt.date(2026, 5, 9), dt.date(2026, 3, 2)).months() == ["2026-03", "2026-04", "2026-05"]
    assert len(Period.between(dt.date(2010, 1, 1), TODAY).months()) == 37  # at most three years back


def test_the_page_html_has_charts_with_words_and_tables_and_escapes_admin_text(engine):
    from components.monitoring_html import render

    _world(engine)
    with unit_of_work(engine) as session:
        reason = session.exec(__import__("sqlmodel").select(RevisionReason)).one()
        reason.text_en = "<script>alert(1)</script>"
        session.add(reason)
        session.commit()
        board = monitoring.build(session, Period.last_months(3, TODAY), today=TODAY)
    html = render(board, "en", {"bulan": "3"})
    assert html.count('role="img"') == 2 and html.count("<desc") == 2
    assert "86% of applications for residents 60+ were made online, against 33% before" in html
    assert html.count("<table") == len(board.tables) and html.count("Download CSV") == len(board.tables)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_csv_route_is_for_the_head_of_office_and_admins_and_parses(engine, empty_database_url, monkeypatch):
    import csv
    import io

    from starlette.testclient import TestClient

    from paduko_app.db import engine as db_engine, seed
    from paduko_app.services import auth

    monkeypatch.setenv("REFLEX_DB_URL", empty_database_url)
    db_engine.default_engine.cache_clear()
    seed.seed_demo(engine)
    _world(engine)
    from paduko_app.api.routes import api

    def token(username, password):
        with unit_of_work() as session:
            return auth.staff_sign_in(session, username=username, password=password).token

    try:
        with TestClient(api, base_url="http://localhost") as client:
            url = "/api/pemantauan/channel.csv?dari=2026-09&sampai=2026-11&lang=en"
            assert client.get(url).status_code == 403
            client.cookies.set("paduko_session", token("verifikator", "demo-verifikator-2026"))
            assert client.get(url).status_code == 403
            for who, password in (("kepala", "demo-kepala-2026"), ("admin", "demo-admin-2026")):
                client.cookies.set("paduko_session", token(who, password))
                response = client.get(url)
                assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
                rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
                assert rows[0] == ["Channel", "2026-09", "2026-10", "2026-11", "Total"]
                assert rows[1][1:] == ["0", "<5", "11", "12"]
            assert client.get("/api/pemantauan/nothing.csv").status_code == 404
    finally:
        db_engine.default_engine.cache_clear()


def test_a_chart_never_draws_a_small_count():
    from components.charts import bar_chart

    svg = bar_chart("c", "Title", "Words", [("2026-10", None), ("2026-11", 12.0)], missing="<5")
    assert "&lt;5" in svg and ">12<" in svg and svg.count("<rect") == 1
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
