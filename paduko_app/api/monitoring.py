"""GET /api/pemantauan/<table>.csv: one monitoring table as CSV, for whoever may open the page
(the head of office and admins). Same numbers as the page: counts only, small cells as "<5"."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from paduko_app import authz
from paduko_app.db.engine import unit_of_work
from paduko_app.domain.formatting import DEFAULT_LANGUAGE, LANGUAGES
from paduko_app.services import callers, monitoring
from state.auth import SESSION_COOKIE

PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def table_csv(request: Request) -> Response:
    from components.monitoring_html import to_csv

    with unit_of_work() as session:
        caller = callers.resolve(session, request.cookies.get(SESSION_COOKIE))
        if not caller.may(authz.MONITOR):
            return JSONResponse({"error": "forbidden"}, status_code=403, headers=PRIVATE)
        board = monitoring.build(session, monitoring.parse_period(request.query_params))
    table = board.tables.get(request.path_params["key"])
    if table is None:
        return Response(status_code=404, headers=PRIVATE)
    lang = request.query_params.get("lang", DEFAULT_LANGUAGE)
    body = "\ufeff" + to_csv(table, lang if lang in LANGUAGES else DEFAULT_LANGUAGE)  # BOM: Excel reads UTF-8
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        **PRIVATE, "Content-Disposition": f'attachment; filename="paduko-{table.key}.csv"'})
