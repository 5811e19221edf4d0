"""The monitoring dashboard as plain HTML for one language, and each table as CSV.

Rendered on the server from `services.monitoring.Dashboard`: every chart is an SVG image with a
title and description, followed by a sentence in words and the table with the same numbers; each
table links to its CSV. Everything shown is escaped (reason texts are typed by an admin).
"""

from __future__ import annotations

import csv
import io
from html import escape
from urllib.parse import urlencode

from components.charts import bar_chart
from paduko_app.domain import ikm
from paduko_app.domain.messages import m
from paduko_app.i18n import translate
from paduko_app.services import monitoring
from paduko_app.services.monitoring import Dashboard, Table, label_text

CSV_PATH = "/api/pemantauan"
# Outside the f-strings below, where the message extractor cannot see them.
EMPTY, CSV_LINK, PERIOD, SMALL_CELLS = m("monitor.empty"), m("monitor.csv"), m("monitor.period"), m("monitor.small_cells")
SECTIONS = (  # (heading, tables) in the order the head of office reads them
    (m("monitor.section.who"), ("service", "channel", "kelurahan", "age", "senior_online")),
    (m("monitor.section.speed"), ("speed",)),
    (m("monitor.section.quality"), ("quality", "reasons")),
    (m("monitor.section.drafts"), ("drafts_service", "drafts_step", "drafts_age", "usage")),
    (m("monitor.section.ikm"), ("ikm_elements", "ikm_groups", "ikm_profile")),
)


def csv_href(key: str, query: dict, lang: str) -> str:
    return f"{CSV_PATH}/{key}.csv?{urlencode({**query, 'lang': lang})}"


def table_rows(table: Table, lang: str) -> list[list[str]]:
    """Header row and body rows, in words of one language (for the page and the CSV alike)."""
    def tr(label):
        return label_text(label, lang, translate)

    return ([[tr(table.row_head), *[tr(c) for c in table.columns]]]
            + [[tr(label), *cells] for label, cells in table.rows])


def to_csv(table: Table, lang: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(table_rows(table, lang))
    return out.getvalue()


def _table(table: Table, lang: str, query: dict) -> str:
    rows = table_rows(table, lang)
    title = escape(translate(lang, table.title))
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in rows[0])
    body = "".join("<tr>" + f'<th scope="row">{escape(r[0])}</th>' + "".join(f"<td>{escape(c)}</td>" for c in r[1:])
                   + "</tr>" for r in rows[1:])
    if not rows[1:]:
        body = f'<tr><td colspan="{len(rows[0])}">{escape(translate(lang, EMPTY))}</td></tr>'
    link = (f'<a href="{escape(csv_href(table.key, query, lang))}" download>'
            f'{escape(translate(lang, CSV_LINK))}<span class="visually-hidden">: {title}</span></a>')
    # A focusable wrapper with a name: a wide table scrolls sideways and is reachable by keyboard.
    return (f'<h3 id="t-{table.key}">{title}</h3><div class="table-scroll" tabindex="0" role="region" '
            f'aria-labelledby="t-{table.key}"><table class="data-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
            f'</div><p class="csv-link">{link}</p>')


def _ikm_block(board: Dashboard, lang: str) -> str:
    result = board.ikm
    if result.index is None or result.respondents < monitoring.SMALL:
        text = translate(lang, m("monitor.ikm.too_few"), respondents=monitoring.count_cell(result.respondents))
    else:
        text = translate(lang, m("monitor.ikm.value"), index=str(result.index), grade=result.grade,
                         performance=translate(lang, result.performance_id or ""),
                         respondents=result.respondents)
    return f'<p class="big-figure">{escape(text)}</p>'


def render(board: Dashboard, lang: str, query: dict) -> str:
    months = board.period.months()
    parts = [f'<p class="lead">{escape(translate(lang, PERIOD, first=months[0], last=months[-1]))}</p>']
    summary_id, params = board.summary
    summary = translate(lang, summary_id, **params)
    for heading, keys in SECTIONS:
        parts.append(f"<h2>{escape(translate(lang, heading))}</h2>")
        if heading == "monitor.section.who":
            total_title = translate(lang, m("monitor.chart.total"))
            total_desc = translate(lang, m("monitor.chart.total_desc"), total=monitoring.count_cell(sum(n for _, n in board.monthly_totals)))
            parts.append(bar_chart("chart-total", total_title, total_desc,
                                   # 1-4 would show a small number as a bar: "<5" instead, as in the tables
                                   [(mo, None if 0 < n < monitoring.SMALL else float(n))
                                    for mo, n in board.monthly_totals], missing="<5"))
        if heading == "monitor.section.ikm":
            parts.append(_ikm_block(board, lang))
        for key in keys:
            if key == "senior_online":
                title = translate(lang, m("monitor.table.senior_online"))
                parts.append(f'<h3 id="t-senior_online">{escape(title)}</h3><p class="chart-summary">{escape(summary)}</p>')
                parts.append(bar_chart("chart-senior", title, summary,
                                       [(mo, v) for mo, v in board.senior_online], unit="%", top=100))
                parts.append(_table(board.tables[key], lang, query).split("</h3>", 1)[1])
                continue
            parts.append(_table(board.tables[key], lang, query))
    parts.append(f'<p class="hint">{escape(translate(lang, SMALL_CELLS))}</p>')
    return "".join(parts)


__all__ = ["render", "to_csv", "csv_href", "SECTIONS", "ikm"]
