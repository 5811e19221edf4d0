"""The head of office's numbers: who is served and through which channel, how fast, where people
struggle or give up, and how satisfied they are (IKM). Counts only, never who.

Counts are grouped in SQL, one GROUP BY per dimension, with the local (WIB) month and the
person's age group computed by the database (`_Sql`: the expressions differ between SQLite and
PostgreSQL); only durations of finished applications come back row by row, as plain numbers and
day strings, for the median and 90th percentile (benchmarks/monitoring.py: 50,000 applications).

Every table is a `Table` of ready-to-show cells; counts from 1 to 4 are shown as "<5" (a small
number in a small kelurahan can point at a person), and a percentage over fewer than 5 as "–".
Labels are message ids, literal text prefixed with "=" (months, kelurahan names), or the admin's
reason texts as {language: text}; `label_text` turns any of them into words.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from sqlalchemy import Date, Integer, case, cast, distinct, func
from sqlmodel import Session, select

from paduko_app.db.models import Application, Person, RevisionReason, SurveyResponse, TimelineEvent
from paduko_app.domain import age, catalogue, ikm, regions
from paduko_app.domain.calendar import add_working_days
from paduko_app.domain.messages import m
from paduko_app.services import queue
from paduko_app.services.queue import CHANNELS, WIB

SMALL = 5
ONLINE = ("own", "caregiver")  # the resident's own phone, or a son or daughter's
CHANNEL_LABELS = {c: f"office.channel.{c}" for c in CHANNELS}
AGE_LABELS = {age.UNDER_17: m("monitor.age.under_17"), age.ADULT: m("monitor.age.17_59"),
              age.SENIOR: m("monitor.age.60_plus"), age.UNKNOWN: m("monitor.age.unknown")}
FINISHED = ("finished_print", "finished_pickup")
WAITING_FOR_OFFICE = ("submitted", "in_review")


def count_cell(n: int) -> str:
    return "<5" if 0 < n < SMALL else str(n)


def share_cell(part: int, whole: int) -> str:
    return "–" if whole < SMALL else f"{round(100 * part / whole)}%"


def lit(text: str) -> str:
    return "=" + text


def label_text(label, lang: str, translate) -> str:
    if isinstance(label, dict):
        return label.get(lang) or label.get("id", "")
    return label[1:] if label.startswith("=") else translate(lang, label)


@dataclass(frozen=True)
class Period:
    first: dt.date  # first day of the first month (Padang Panjang time)
    last: dt.date  # first day of the last month

    @classmethod
    def last_months(cls, n: int, today: dt.date) -> "Period":
        last = today.replace(day=1)
        year, month = divmod(last.year * 12 + last.month - 1 - (n - 1), 12)
        return cls(dt.date(year, month + 1, 1), last)

    @classmethod
    def between(cls, first: dt.date, last: dt.date) -> "Period":
        first, last = sorted((first.replace(day=1), last.replace(day=1)))
        if (last.year - first.year) * 12 + last.month - first.month > 36:  # at most three years
            first = cls.last_months(37, last).first
        return cls(first, last)

    def months(self) -> list[str]:
        found, day = [], self.first
        while day <= self.last:
            found.append(day.strftime("%Y-%m"))
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return found

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        end = (self.last + dt.timedelta(days=32)).replace(day=1)
        return (dt.datetime.combine(self.first, dt.time(), tzinfo=WIB).astimezone(dt.timezone.utc),
                dt.datetime.combine(end, dt.time(), tzinfo=WIB).astimezone(dt.timezone.utc))


@dataclass
class Table:
    key: str  # also the CSV file's name
    title: str  # message id
    row_head: str  # message id of the first column's heading
    columns: list[str]  # labels
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, cells)


@dataclass
class Dashboard:
    period: Period
    tables: dict[str, Table]
    senior_online: list[tuple[str, Optional[int]]]  # (month, percent online or None when too few)
    monthly_totals: list[tuple[str, int]]
    ikm: ikm.IkmResult
    summary: tuple[str, dict]  # message id and its parameters


def _by_month(key: str, title: str, row_head: str, months: list[str], counts: dict[str, Counter],
              labels: dict[str, str], order: Iterable[str]) -> Table:
    table = Table(key, title, row_head, [lit(mo) for mo in months] + [m("monitor.total")])
    for code in order:
        per_month = counts.get(code, Counter())
        if not per_month:
            continue
        table.rows.append((labels.get(code, lit(code)),
                           [count_cell(per_month[mo]) for mo in months] + [count_cell(sum(per_month.values()))]))
    return table


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def build(session: Session, period: Period, today: dt.date | None = None) -> Dashboard:
    today = today or queue.today_local()
    start, end = period.bounds()
    months = period.months()
    service_labels = {s.code: s.name for s in catalogue.SERVICES}
    service_order = [s.code for s in catalogue.SERVICES]

    # Who is served: applications submitted in the period, with the age of the person on that day.
    # Grouped in SQL (one GROUP BY per dimension): only a few hundred small rows come back.
    sql = _Sql(session)
    month = sql.local(Application.submitted_at, "month")
    group = sql.age_group(Application.submitted_at)
    in_period = (Application.submitted_at >= start, Application.submitted_at < end)

    # One scan of the period: every combination of the dimensions with its count; the tables are
    # sums over it (a few thousand tuples of short strings at most).
    combos = session.exec(
        select(month, Application.service_code, Application.channel, Application.kelurahan_code, group,
               Application.status, func.count())
        .select_from(Application).join(Person, Person.id == Application.person_id)
        .where(*in_period)
        .group_by(month, Application.service_code, Application.channel, Application.kelurahan_code, group,
                  Application.status)).all()
    by = {name: defaultdict(Counter) for name in ("service", "channel", "kelurahan", "age")}
    senior = defaultdict(Counter)
    totals = Counter()
    rejected = 0
    for mo, service, channel, kelurahan, age_group, status, n in combos:
        by["service"][service][mo] += n
        by["channel"][channel][mo] += n
        by["kelurahan"][kelurahan or "-"][mo] += n
        by["age"][age_group][mo] += n
        totals[mo] += n
        rejected += n if status == "rejected" else 0
        if age_group == age.SENIOR:
            senior[mo]["online" if channel in ONLINE else channel] += n
    submitted_count = sum(totals.values())
    kelurahan_labels = {k.code: lit(k.name) for k in regions.KELURAHAN}
    tables = {
        "service": _by_month("service", m("monitor.table.service"), m("monitor.col.service"), months,
                             by["service"], service_labels, service_order),
        "channel": _by_month("channel", m("monitor.table.channel"), m("monitor.col.channel"), months,
                             by["channel"], CHANNEL_LABELS, CHANNELS),
        "kelurahan": _by_month("kelurahan", m("monitor.table.kelurahan"), m("monitor.col.kelurahan"), months,
                               by["kelurahan"], kelurahan_labels, [k.code for k in regions.KELURAHAN] + ["-"]),
        "age": _by_month("age", m("monitor.table.age"), m("monitor.col.age"), months, by["age"], AGE_LABELS,
                         [*age.AGE_GROUPS, age.UNKNOWN]),
    }
    # The study's question: are residents of 60 and over served online, month by month?
    senior_table = Table("senior_online", m("monitor.table.senior_online"), m("monitor.col.month"),
                         [m("monitor.col.online"), CHANNEL_LABELS["kiosk"], CHANNEL_LABELS["counter"],
                          m("monitor.col.share_online")])
    senior_online = []
    for mo in months:
        c = senior[mo]
        whole = sum(c.values())
        senior_table.rows.append((lit(mo), [count_cell(c["online"]), count_cell(c["kiosk"]),
                                            count_cell(c["counter"]), share_cell(c["online"], whole)]))
        senior_online.append((mo, round(100 * c["online"] / whole) if whole >= SMALL else None))
    tables["senior_online"] = senior_table

    # How fast: finished in the period, days from submission to finish, against the service's target.
    # Durations and local days come back as numbers and strings (no datetime objects to build).
    finished = session.exec(
        select(Application.service_code, sql.days_between(Application.submitted_at, Application.finished_at),
               sql.local(Application.submitted_at, "day"), sql.local(Application.finished_at, "day"))
        .where(Application.status.in_(FINISHED), Application.finished_at >= start,
               Application.finished_at < end, Application.submitted_at.is_not(None))).all()
    durations, within = defaultdict(list), Counter()
    for service, days, sub_day, fin_day in finished:
        durations[service].append(float(days))
        within[service] += fin_day <= _due_day(service, sub_day)
    overdue = Counter(session.exec(
        select(Application.service_code).where(Application.status.in_(WAITING_FOR_OFFICE),
                                               queue.overdue_clause(today))).all())
    speed = Table("speed", m("monitor.table.speed"), m("monitor.col.service"),
                  [m("monitor.col.finished"), m("monitor.col.median_days"), m("monitor.col.p90_days"),
                   m("monitor.col.within_target"), m("monitor.col.overdue_now")])
    for code in service_order:
        values = durations.get(code, [])
        if not values and not overdue[code]:
            continue
        enough = len(values) >= SMALL
        speed.rows.append((service_labels[code], [
            count_cell(len(values)),
            f"{statistics.median(values):.1f}" if enough else "–",
            f"{_percentile(values, 0.9):.1f}" if enough else "–",
            share_cell(within[code], len(values)), count_cell(overdue[code])]))
    tables["speed"] = speed

    # Where people struggle: corrections asked, refusals, and the reasons given.
    revised = session.exec(
        select(func.count(distinct(TimelineEvent.application_id)))
        .join(Application, Application.id == TimelineEvent.application_id)
        .where(TimelineEvent.status == "needs_revision", TimelineEvent.at >= start, TimelineEvent.at < end,
               *in_period)).one()
    reason_lists = session.exec(select(TimelineEvent.reason_ids)
                                .where(TimelineEvent.status.in_(("needs_revision", "rejected")),
                                       TimelineEvent.at >= start, TimelineEvent.at < end,
                                       TimelineEvent.reason_ids.is_not(None))).all()
    reason_counts = Counter(rid for rids in reason_lists for rid in (rids or []))
    reason_names = {r.id: {"id": r.text_id, "min": r.text_min, "en": r.text_en}
                    for r in session.exec(select(RevisionReason)).all()}
    quality = Table("quality", m("monitor.table.quality"), m("monitor.col.measure"), [m("monitor.col.value")])
    quality.rows += [(m("monitor.row.submitted"), [count_cell(submitted_count)]),
                     (m("monitor.row.revision_rate"), [share_cell(revised, submitted_count)]),
                     (m("monitor.row.rejection_rate"), [share_cell(rejected, submitted_count)])]
    tables["quality"] = quality
    reasons = Table("reasons", m("monitor.table.reasons"), m("monitor.col.reason"), [m("monitor.col.count")])
    for rid, n in reason_counts.most_common(10):
        reasons.rows.append((reason_names.get(rid, lit(str(rid))), [count_cell(n)]))
    tables["reasons"] = reasons

    # Where people give up: drafts started in the period and never sent.
    d_service, d_step, d_age = Counter(), Counter(), Counter()
    draft_group = sql.age_group(Application.created_at)  # one expression object: PostgreSQL matches GROUP BY by it
    for service, step, age_group, n in session.exec(
            select(Application.service_code, Application.current_step, draft_group, func.count())
            .select_from(Application).join(Person, Person.id == Application.person_id)
            .where(Application.status == "draft", Application.submitted_at.is_(None),
                   Application.created_at >= start, Application.created_at < end)
            .group_by(Application.service_code, Application.current_step, draft_group)).all():
        d_service[service] += n
        d_step[step] += n
        d_age[age_group] += n
    tables["drafts_service"] = _counts("drafts_service", m("monitor.table.drafts_service"), m("monitor.col.service"),
                                       [(service_labels[c], d_service[c]) for c in service_order if d_service.get(c)])
    tables["drafts_step"] = _counts("drafts_step", m("monitor.table.drafts_step"), m("monitor.col.step"),
                                    [(lit(str(step + 1)), n) for step, n in sorted(d_step.items())])
    tables["drafts_age"] = _counts("drafts_age", m("monitor.table.drafts_age"), m("monitor.col.age"),
                                   [(AGE_LABELS[g], d_age[g]) for g in (*age.AGE_GROUPS, age.UNKNOWN) if d_age.get(g)])

    # Satisfaction: IKM over the period, and by age group and channel.
    columns = [getattr(SurveyResponse, f"u{i}") for i in range(1, 10)]
    sums = {(age_group, channel): (n, [int(v or 0) for v in rest[:9]], [int(v or 0) for v in rest[9:]])
            for age_group, channel, n, *rest in session.exec(
                select(SurveyResponse.age_group, SurveyResponse.channel, func.count(),
                       *[func.sum(c) for c in columns], *[func.count(c) for c in columns])
                .where(SurveyResponse.month.in_(months))
                .group_by(SurveyResponse.age_group, SurveyResponse.channel)).all()}

    def ikm_of(keep) -> ikm.IkmResult:
        chosen = [v for k, v in sums.items() if keep(*k)]
        return ikm.from_sums(sum(n for n, _, _ in chosen), [sum(s[i] for _, s, _ in chosen) for i in range(9)],
                             [sum(c[i] for _, _, c in chosen) for i in range(9)])

    overall = ikm_of(lambda *_: True)
    tables["ikm_elements"] = Table("ikm_elements", m("monitor.table.ikm_elements"), m("monitor.col.element"),
                                   [m("monitor.col.average")],
                                   [(name, [str(avg) if avg is not None and overall.respondents >= SMALL else "–"])
                                    for name, avg in zip(ikm.ELEMENT_NAMES, overall.element_averages)])
    groups = Table("ikm_groups", m("monitor.table.ikm_groups"), m("monitor.col.group"),
                   [m("monitor.col.respondents"), m("monitor.col.ikm"), m("monitor.col.grade")])
    for label, keep in ([(AGE_LABELS[g], lambda a, c, g=g: a == g) for g in age.AGE_GROUPS]
                        + [(CHANNEL_LABELS[ch], lambda a, c, ch=ch: c == ch) for ch in CHANNELS]):
        result = ikm_of(keep)
        shown = result.respondents >= SMALL and result.index is not None
        groups.rows.append((label, [count_cell(result.respondents), str(result.index) if shown else "–",
                                    result.grade if shown else "–"]))
    tables["ikm_groups"] = groups

    monthly = [(mo, totals[mo]) for mo in months]
    last = senior_online[-1][1] if senior_online else None
    before = next((v for _, v in reversed(senior_online[:-1]) if v is not None), None)
    if last is None:
        summary = (m("monitor.summary.too_few"), {})
    elif before is None:
        summary = (m("monitor.summary.senior"), {"share": last})
    else:
        summary = (m("monitor.summary.senior_change"), {"share": last, "before": before})
    return Dashboard(period, tables, senior_online, monthly, overall, summary)


@functools.lru_cache(maxsize=20_000)
def _due_day(service_code: str, submitted_day: str) -> str:
    """The target day (ISO) for a service submitted on a local day: the same for every application
    of that service and day, so computed once."""
    return add_working_days(dt.date.fromisoformat(submitted_day),
                            catalogue.service(service_code).sla_working_days).isoformat()


class _Sql:
    """The few expressions that differ between SQLite and PostgreSQL: local (WIB) month and day of a
    UTC timestamp, days between two timestamps, and the age group of the person on a day."""

    def __init__(self, session: Session):
        self.postgres = session.get_bind().dialect.name == "postgresql"

    def local(self, column, unit: str):
        if self.postgres:
            return func.to_char(func.timezone("Asia/Jakarta", column), "YYYY-MM" if unit == "month" else "YYYY-MM-DD")
        return func.strftime("%Y-%m" if unit == "month" else "%Y-%m-%d", column, "+7 hours")  # stored as UTC text

    def days_between(self, first, second):
        if self.postgres:
            return func.extract("epoch", second - first) / 86400.0
        return func.julianday(second) - func.julianday(first)

    def age_group(self, on):
        born = Person.birth_date
        if self.postgres:
            years = func.date_part("year", func.age(cast(func.timezone("Asia/Jakarta", on), Date), born))
        else:
            years = (cast(func.strftime("%Y", on, "+7 hours"), Integer) - cast(func.strftime("%Y", born), Integer)
                     - case((func.strftime("%m-%d", on, "+7 hours") < func.strftime("%m-%d", born), 1), else_=0))
        return case((born.is_(None), age.UNKNOWN), (years < 17, age.UNDER_17), (years >= 60, age.SENIOR),
                    else_=age.ADULT)


def _counts(key: str, title: str, row_head: str, rows: list[tuple[str, int]]) -> Table:
    return Table(key, title, row_head, [m("monitor.col.count")], [(label, [count_cell(n)]) for label, n in rows])


PERIOD_CHOICES = ("1", "3", "12")


def parse_period(params, today: dt.date | None = None) -> Period:
    """The period from the page's form or the CSV link: `bulan` (1, 3, 12) or `dari`/`sampai` (YYYY-MM)."""
    today = today or queue.today_local()
    first, last = _month_start(params.get("dari", "")), _month_start(params.get("sampai", ""))
    if first and last:
        return Period.between(first, last)
    months = params.get("bulan", "1")
    return Period.last_months(int(months) if months in PERIOD_CHOICES else 1, today)


def _month_start(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(str(text)[:7], "%Y-%m").date()
    except ValueError:
        return None
