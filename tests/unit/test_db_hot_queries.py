"""The signed-in lists read a fixed number of queries whatever the number of applications
(no query per application), and the status list is paged in the database."""

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlmodel import select

from paduko_app.db import seed
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import Account, Application, Document, DocumentBlob, Person
from paduko_app.services import applications, decisions, status, wizard

pytestmark = pytest.mark.db
SECRET = "test-secret-key-that-is-long-enough-123"
T0 = dt.date(2026, 11, 29)


@contextmanager
def counted(engine):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _submitted(engine, count: int) -> int:
    """Rosnah with `count` submitted applications, each with a finished PDF; her account id."""
    seed.seed_demo(engine)
    with unit_of_work(engine) as session:
        account = session.exec(select(Account).where(Account.nik == "1374015203580001")).one()
        person = session.exec(select(Person).where(Person.account_id == account.id)).one()
        blob = DocumentBlob(content=b"%PDF-1.4")
        session.add(blob)
        session.flush()
        for i in range(count):
            new = applications.start_draft(session, service_code="KTP_CETAK", person_id=person.id,
                                           applicant_account_id=account.id, channel="own", secret=SECRET)
            for question_id, value in {"ktp_problem": "lost", "pickup_place": "kantor_lurah"}.items():
                applications.save_answer(session, new.id, question_id, value)
            applications.submit(session, new.id, actor_account_id=account.id, submit_key=f"k{i}", today=T0)
            session.add(Document(application_id=new.id, kind="result", blob_id=blob.id, requirement_id="result", size_bytes=8, sha256="0" * 64,
                                 content_type="application/pdf"))
        session.commit()
        return account.id


def _queries_for(engine, account_id: int) -> int:
    with unit_of_work(engine) as session, counted(engine) as statements:
        rows = wizard.applications_of(session, account_id, sent_only=True)
        status.views_of(session, rows)
        decisions.open_offers(session, rows)
        status.result_documents_of(session, [a.id for a in rows])
    return len(statements)


def test_the_lists_cost_the_same_number_of_queries_for_two_or_twelve_applications(engine):
    account_id = _submitted(engine, 2)
    few = _queries_for(engine, account_id)
    with unit_of_work(engine) as session:
        person = session.exec(select(Person).where(Person.account_id == account_id)).one()
        for i in range(10):
            new = applications.start_draft(session, service_code="KTP_CETAK", person_id=person.id,
                                           applicant_account_id=account_id, channel="own", secret=SECRET)
            for question_id, value in {"ktp_problem": "lost", "pickup_place": "kantor_lurah"}.items():
                applications.save_answer(session, new.id, question_id, value)
            applications.submit(session, new.id, actor_account_id=account_id, submit_key=f"more{i}", today=T0)
        session.commit()
    assert _queries_for(engine, account_id) == few


def test_views_of_a_list_equal_each_application_viewed_alone(engine):
    account_id = _submitted(engine, 3)
    with unit_of_work(engine) as session:
        rows = wizard.applications_of(session, account_id, sent_only=True)
        together = status.views_of(session, rows)
        alone = [status.view(session, a) for a in rows]
    assert together == alone and len(together) == 3
    assert all(v.result_document_id is not None and v.events for v in together)


def test_the_status_list_is_paged_newest_first(engine):
    account_id = _submitted(engine, 5)
    with unit_of_work(engine) as session:
        everything = wizard.applications_of(session, account_id, sent_only=True)
        first_two = wizard.applications_of(session, account_id, limit=2, sent_only=True)
    assert [a.id for a in first_two] == [a.id for a in everything[:2]]
    assert all(a.status != "draft" for a in everything) and len(everything) == 5
    assert everything[0].created_at >= everything[-1].created_at


def _reference_counts(session, filters, today):
    """The queue's numbers as six plain queries compute them (how it was done before)."""
    from sqlalchemy import func

    from paduko_app.services.queue import _where, overdue_clause

    total = session.exec(select(func.count()).select_from(Application).where(*_where(filters, today))).one()
    counts = {}
    for name, column in (("service", Application.service_code), ("status", Application.status),
                         ("kelurahan", Application.kelurahan_code), ("channel", Application.channel)):
        counts[name] = {str(v or ""): c for v, c in session.exec(
            select(column, func.count()).where(*_where(filters, today, skip=name)).group_by(column)).all()}
    overdue = session.exec(select(func.count()).select_from(Application).where(
        *_where(filters, today, skip="overdue"), overdue_clause(today))).one()
    return total, counts, overdue


def test_the_queue_counts_from_one_scan_equal_six_queries(tmp_path):
    from benchmarks.queue_page import fill
    from paduko_app.db.engine import make_engine
    from paduko_app.domain.regions import KELURAHAN
    from paduko_app.services import queue

    url = f"sqlite:///{tmp_path / 'queue.db'}"
    fill(url, 6000)
    engine = make_engine(url)
    today = dt.date(2026, 11, 30)
    cases = [queue.Filters(), queue.Filters(service="KTP_CETAK"), queue.Filters(overdue=True),
             queue.Filters(status="in_review", channel="kiosk"),
             queue.Filters(kelurahan=KELURAHAN[0].code, overdue=True, service="KIA")]
    with unit_of_work(engine) as session:
        for filters in cases:
            view = queue.queue(session, filters, today=today)
            assert (view.total, view.counts, view.overdue_count) == _reference_counts(
                session, filters.clean(), today), filters
            assert view.total > 0 or filters.kelurahan
    engine.dispose()
