"""The monitoring tallies kept with every change of an application equal a recomputation from the
raw tables, after a realistic sequence of drafts, submissions, corrections, refusals and finishes
over several months (on SQLite, and PostgreSQL when PADUKO_TEST_POSTGRES_URL is set)."""

import datetime as dt
import random

import pytest
from sqlalchemy import insert
from sqlmodel import select

from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application, MonitorTally, Person, RevisionReason
from paduko_app.domain.lifecycle import Role, Status
from paduko_app.services import applications, monitoring, tallies
from paduko_app.services.monitoring import Period

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
UTC = dt.timezone.utc
A, V = Role.APPLICANT, Role.VERIFIKATOR


def _people(engine):
    with unit_of_work(engine) as session:
        account = Account(role="resident", display_name="Warga")
        staff = Account(role="verifikator", display_name="Petugas")
        persons = [Person(name="Tua", birth_date=dt.date(1950, 6, 1)), Person(name="Muda", birth_date=dt.date(1990, 1, 1)),
                   Person(name="Anak", birth_date=dt.date(2015, 3, 3)), Person(name="Tanpa tanggal")]
        reasons = [RevisionReason(code=f"r{i}", text_id=f"Alasan {i}", text_min=f"Alasan {i}", text_en=f"Reason {i}")
                   for i in range(3)]
        session.add_all([account, staff, *persons, *reasons])
        session.commit()
        return account.id, staff.id, [p.id for p in persons], [r.id for r in reasons]


def _same(engine):
    with unit_of_work(engine) as session:
        kept_contributions, kept_tallies = tallies.kept(session)
        fresh_contributions, fresh_tallies = tallies.compute_all(session)
    assert kept_tallies == +fresh_tallies
    assert kept_contributions == fresh_contributions
    return kept_tallies


def _move(session, app_id, **times):
    """Put an application's moments into other months, as if it happened then."""
    row = session.get(Application, app_id)
    for name, value in times.items():
        setattr(row, name, value)
    session.add(row)


def test_tallies_follow_a_realistic_sequence_of_changes(engine):
    account, staff, persons, reasons = _people(engine)
    rnd = random.Random(7)
    services = ["KTP_CETAK", "KIA", "AKTA_LAHIR", "KK_UBAH"]
    ids = []
    for i in range(40):
        with unit_of_work(engine) as session:
            new = applications.start_draft(session, service_code=rnd.choice(services), person_id=rnd.choice(persons),
                                           applicant_account_id=account, secret=SECRET,
                                           channel=rnd.choice(applications.CHANNELS),
                                           kelurahan_code=rnd.choice([None, "1374.01.1001", "1374.02.1002"]))
            month = rnd.randint(1, 11)
            _move(session, new.id, created_at=dt.datetime(2026, month, 28, 18, tzinfo=UTC))  # 01:00 next day in WIB
            session.commit()
            ids.append(new.id)
    _same(engine)

    for app_id in ids:
        with unit_of_work(engine) as session:
            fate = rnd.random()
            if fate < 0.15:  # abandoned at some step
                _move(session, app_id, current_step=rnd.randint(1, 6))
            elif fate < 0.2:
                applications.change_status(session, app_id, Status.WITHDRAWN, role=A, actor_account_id=account)
            else:
                applications.change_status(session, app_id, Status.SUBMITTED, role=A, actor_account_id=account)
                applications.change_status(session, app_id, Status.IN_REVIEW, role=V, actor_account_id=staff)
                if rnd.random() < 0.3:
                    applications.change_status(session, app_id, Status.NEEDS_REVISION, role=V, actor_account_id=staff,
                                               reason="Foto buram", reason_ids=rnd.sample(reasons, 2))
                    applications.change_status(session, app_id, Status.SUBMITTED, role=A, actor_account_id=account)
                    applications.change_status(session, app_id, Status.IN_REVIEW, role=V, actor_account_id=staff)
                end = rnd.random()
                if end < 0.5:
                    applications.change_status(session, app_id, Status.FINISHED_PRINT, role=V, actor_account_id=staff)
                elif end < 0.7:
                    applications.change_status(session, app_id, Status.FINISHED_PICKUP, role=V,
                                               actor_account_id=staff, place="kantor_lurah")
                elif end < 0.8:
                    applications.change_status(session, app_id, Status.REJECTED, role=V, actor_account_id=staff,
                                               reason="Bukan warga", reason_ids=[reasons[0]])
                # the rest stay in review
                row = session.get(Application, app_id)
                submitted = row.created_at + dt.timedelta(hours=rnd.randint(1, 30))
                finished = submitted + dt.timedelta(hours=rnd.randint(2, 400)) if row.finished_at else None
                _move(session, app_id, submitted_at=submitted, finished_at=finished)
            session.commit()
        tallies_now = _same(engine)
    assert {k[0] for k in tallies_now} >= {"service", "channel", "kelurahan", "age", "status", "finished", "draft",
                                           "reason"}

    # A change that is rolled back leaves no count behind: the tallies live in its transaction.
    with unit_of_work(engine) as session:
        _move(session, ids[0], channel="counter", service_code="KIA", current_step=9)
        session.flush()
    assert _same(engine) == tallies_now
    # A deleted application (only tests tidy up so) takes its counts with it.
    with unit_of_work(engine) as session:
        draft = session.exec(select(Application).where(Application.status == "draft")).first()
        session.delete(draft)  # a draft: no timeline events refer to it
        session.commit()
    assert sum(_same(engine).values()) < sum(tallies_now.values())


def test_rebuild_counts_rows_written_with_plain_sql_and_the_dashboard_reads_them(engine):
    account, _staff, persons, reasons = _people(engine)
    submitted = dt.datetime(2026, 10, 6, 2, tzinfo=UTC)
    rows = [{"number": f"B{i:05d}", "pin_hash": "x", "service_code": "KTP_CETAK", "status": "finished_print",
             "person_id": persons[0], "applicant_account_id": account, "channel": "own" if i % 3 else "counter",
             "kelurahan_code": "1374.01.1001", "current_step": 0, "created_at": submitted,
             "updated_at": submitted, "submitted_at": submitted, "finished_at": submitted + dt.timedelta(days=2)}
            for i in range(12)]
    with unit_of_work(engine) as session:
        session.execute(insert(Application), rows)
        session.commit()
    with unit_of_work(engine) as session:
        assert session.exec(select(MonitorTally)).all() == []  # plain SQL passes by the listener
        before = monitoring.build(session, Period(dt.date(2026, 10, 1), dt.date(2026, 10, 1)), dt.date(2026, 10, 20))
        assert before.monthly_totals == [("2026-10", 0)]
        assert tallies.rebuild(session) == 12
        session.commit()
    _same(engine)
    with unit_of_work(engine) as session:
        board = monitoring.build(session, Period(dt.date(2026, 10, 1), dt.date(2026, 10, 1)), dt.date(2026, 10, 20))
    assert board.monthly_totals == [("2026-10", 12)]
    assert dict(board.tables["channel"].rows)["office.channel.own"] == ["8", "8"]
    assert dict(board.tables["channel"].rows)["office.channel.counter"] == ["<5", "<5"]
    speed = dict(board.tables["speed"].rows)["service.ktp_cetak.name"]
    assert speed[:4] == ["12", "2.0", "2.0", "100%"]
    assert board.senior_online == [("2026-10", 67)]


def test_a_draft_remembers_where_its_owner_stopped_and_the_tallies_follow(engine):
    from paduko_app.services import wizard

    account, _staff, persons, _reasons = _people(engine)
    with unit_of_work(engine) as session:
        new = applications.start_draft(session, service_code="KTP_CETAK", person_id=persons[1],
                                       applicant_account_id=account, channel="own", secret=SECRET)
        session.commit()
    steps = []
    for question_id, value in (("ktp_problem", "lost"), ("pickup_place", "mpp")):
        with unit_of_work(engine) as session:
            wizard.answer(session, new.id, question_id, value)
        with unit_of_work(engine) as session:
            steps.append(session.get(Application, new.id).current_step)
    assert steps == [1, 2]  # the second question, then the first photo page
    tallied = _same(engine)
    assert [k[4] for k in tallied if k[0] == "draft"] == [2]
