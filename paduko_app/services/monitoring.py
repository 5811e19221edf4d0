"""The head of office's numbers: who is served and through which channel, how fast, where people
struggle or give up, and how satisfied they are (IKM). Counts only, never who.

Counts come from `MonitorTally`, kept in the transaction of every change of an application
(services/tallies.py): by local (WIB) month, so any period is a sum over a few thousand rows
(benchmarks/monitoring.py: 50,000 applications in three years). Days to finish are kept in tenths
of a day for the median and 90th percentile; only "overdue now" and IKM read their own tables.

Every table is a `Table` of ready-to-show cells; counts from 1 to 4 are shown as "<5" (a small
number in a small kelurahan can point at a person), and a percentage over fewer than 5 as "–".
Labels are message ids, literal text prefixed with "=" (months, kelurahan names), or the admin's
reason texts as {language: text}; `label_text` turns any of them into words.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from sqlalchemy import func
from sqlmodel import Session, select

from paduko_app.db.models import Application, MonitorTally, RevisionReason, SurveyResponse
from paduko_app.domain import age, catalogue, ikm, regions
from paduko_app.domain.messages import m
from paduko_app.services import office_settings, queue, usage
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
    months = period.months()
    service_labels = {s.code: s.name for s in catalogue.SERVICES}
    service_order = [s.code for s in catalogue.SERVICES]

    # Every count comes from the tallies kept with each change (services/tallies.py): a period of
    # three years is a few thousand small rows, whatever the number of applications.
    first, last = months[0], months[-1]
    in_months = (MonitorTally.month >= first, MonitorTally.month <= last)
    by = {name: defaultdict(Counter) for name in ("service", "channel", "kelurahan", "age", "usage")}
    senior = defaultdict(Counter)
    totals = Counter()
    rejected = revised = 0
    d_service, d_step, d_age = Counter(), Counter(), Counter()
    reason_counts = Counter()
    for kind, mo, a, b, c, n in session.exec(
            select(MonitorTally.kind, MonitorTally.month, MonitorTally.a, MonitorTally.b, MonitorTally.c,
                   MonitorTally.n)
            .where(*in_months, MonitorTally.kind.in_(("service", "channel", "kelurahan", "age", "status", "draft",
                                                       "reason", "usage")), MonitorTally.n != 0)).all():
        if kind in ("service", "channel", "kelurahan", "usage"):
            by[kind][a][mo] += n
        elif kind == "age":
            by["age"][a][mo] += n
            if a == age.SENIOR:
                senior[mo]["online" if b in ONLINE else b] += n
        elif kind == "status":
            totals[mo] += n
            rejected += n if a == "rejected" else 0
            revised += n if b == "revised" else 0
        elif kind == "draft":
            d_service[a] += n
            d_step[c] += n
            d_age[b] += n
        else:
            reason_counts[int(a)] += n
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
    # Voice, text sizes, contrast and languages: browser sessions that used each, counted anonymously.
    tables["usage"] = _by_month("usage", m("monitor.table.usage"), m("monitor.col.usage"), months, by["usage"],
                                usage.ITEMS, list(usage.ITEMS))
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

    # How fast: finished in the period, days from submission to finish (in tenths of a day, summed
    # over the months in SQL), within the service's target when it finished.
    durations, within = defaultdict(list), Counter()
    for service, on_time, tenths, n in session.exec(
            select(MonitorTally.a, MonitorTally.b, MonitorTally.c, func.sum(MonitorTally.n))
            .where(MonitorTally.kind == "finished", *in_months)
            .group_by(MonitorTally.a, MonitorTally.b, MonitorTally.c)).all():
        n = int(n or 0)
        if n > 0:
            durations[service].extend([tenths / 10] * n)
            within[service] += n if on_time == "within" else 0
    overdue = Counter(session.exec(
        select(Application.service_code).where(Application.status.in_(WAITING_FOR_OFFICE),
                                               queue.overdue_clause(today, office_settings.targets(session)))).all())
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

    # Where people struggle: applications of the period asked for corrections, refusals, the reasons.
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
    tables["drafts_service"] = _counts("drafts_service", m("monitor.table.drafts_service"), m("monitor.col.service"),
                                       [(service_labels[c], d_service[c]) for c in service_order if d_service.get(c)])
    tables["drafts_step"] = _counts("drafts_step", m("monitor.table.drafts_step"), m("monitor.col.step"),
                                    [(lit(str(step + 1)), n) for step, n in sorted(d_step.items()) if n])
    tables["drafts_age"] = _counts("drafts_age", m("monitor.table.drafts_age"), m("monitor.col.age"),
                                   [(AGE_LABELS[g], d_age[g]) for g in (*age.AGE_GROUPS, age.UNKNOWN) if d_age.get(g)])

    # Satisfaction: IKM over the period, and by age group and channel.
    columns = [getattr(SurveyResponse, f"u{i}") for i in range(1, 10)]
    dims = (SurveyResponse.age_group, SurveyResponse.channel, SurveyResponse.sex, SurveyResponse.education,
            SurveyResponse.occupation)
    sums = {}  # (age group, channel, sex, education, occupation) -> (respondents, sums, answer counts)
    for row in session.exec(select(*dims, func.count(), *[func.sum(c) for c in columns],
                                   *[func.count(c) for c in columns])
                            .where(SurveyResponse.month.in_(months)).group_by(*dims)).all():
        values = [int(v or 0) for v in row[6:]]
        sums[tuple(row[:5])] = (row[5], values[:9], values[9:])

    def ikm_of(keep) -> ikm.IkmResult:
        chosen = [v for k, v in sums.items() if keep(*k)]
        return ikm.from_sums(sum(n for n, _, _ in chosen), [sum(s[i] for _, s, _ in chosen) for i in range(9)],
                             [sum(c[i] for _, _, c in chosen) for i in range(9)])

    overall = ikm_of(lambda *_: True)
    tables["ikm_elements"] = Table("ikm_elements", m("monitor.table.ikm_elements"), m("monitor.col.element"),
                                   [m("monitor.col.average")],
                                   [(name, [str(avg) if avg is not None and overall.respondents >= SMALL else "–"])
                                    for name, avg in zip(ikm.ELEMENT_NAMES, overall.element_averages)])

    def group_rows(key: str, title: str, groups: list) -> Table:
        table = Table(key, title, m("monitor.col.group"),
                      [m("monitor.col.respondents"), m("monitor.col.ikm"), m("monitor.col.grade")])
        for label, keep in groups:
            result = ikm_of(keep)
            shown = result.respondents >= SMALL and result.index is not None
            table.rows.append((label, [count_cell(result.respondents), str(result.index) if shown else "–",
                                       result.grade if shown else "–"]))
        return table

    tables["ikm_groups"] = group_rows("ikm_groups", m("monitor.table.ikm_groups"),
                                      [(AGE_LABELS[g], lambda a, c, *_, g=g: a == g) for g in age.AGE_GROUPS]
                                      + [(CHANNEL_LABELS[ch], lambda a, c, *_, ch=ch: c == ch) for ch in CHANNELS])
    # The regulation's respondent profile, each item as the respondent chose it (or skipped it).
    position = {"sex": 2, "education": 3, "occupation": 4}
    tables["ikm_profile"] = group_rows("ikm_profile", m("monitor.table.ikm_profile"), [
        (word, lambda *k, i=position[item], code=code: k[i] == code)
        for item, words in ikm.PROFILE_WORDS.items() for code, word in words.items()])

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
