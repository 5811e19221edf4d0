"""The session cookie, set and cleared only by HTTP responses, so it can be HttpOnly.

Sign-in runs over Reflex's websocket, which cannot set cookies. It ends with the browser
posting a one-use hand-off code here (state/auth.py); this route swaps it for the session token
and sets the cookie HttpOnly (page scripts, and so any injected script, never see it),
SameSite=Strict, and Secure when PADUKO_PUBLIC_URL is https.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from paduko_app import settings
from paduko_app.db.engine import unit_of_work
from paduko_app.db.models import utcnow
from paduko_app.services import auth
from state.auth import SECURE_COOKIE, SESSION_COOKIE

MAX_FORM_BYTES = 2048
_NEXT_PATH = re.compile(r"^/[A-Za-z0-9/_-]*$")
_NO_STORE = {"Cache-Control": "no-store"}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _same_origin(request: Request) -> bool:
    """Only PADUKO's own pages may post here: no other site can sign a browser in (or out)."""
    origin = (request.headers.get("origin") or "").lower()
    if not origin or origin == "null":
        return request.headers.get("sec-fetch-site") == "same-origin"
    own = {_origin(settings.load().public_url), f"{request.url.scheme}://{request.headers.get('host', '')}".lower()}
    return origin in own


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    return {key: values[0] for key, values in parse_qs(body.decode("ascii", "replace")).items()}


def _cookie_args() -> dict:
    return {"path": "/", "httponly": True, "samesite": "strict", "secure": SECURE_COOKIE}


def _claim(code: str):
    with unit_of_work() as session:
        return auth.claim_handoff(session, code)


def _sign_out(token: str) -> None:
    with unit_of_work() as session:
        auth.sign_out(session, token)


async def start(request: Request) -> Response:
    """POST /api/sesi with `kode` (the hand-off) and `ke` (where to go next)."""
    if not _same_origin(request):
        return Response(status_code=403, headers=_NO_STORE)
    form = await _form(request)
    claimed = await run_in_threadpool(_claim, form.get("kode", ""))
    if claimed is None:  # expired, used, or forged: start again
        return RedirectResponse("/masuk", status_code=303, headers=_NO_STORE)
    target = form.get("ke", "/")
    response = RedirectResponse(target if _NEXT_PATH.match(target) else "/", status_code=303, headers=_NO_STORE)
    max_age = max(int((claimed.expires_at - utcnow()).total_seconds()), 0)
    response.set_cookie(SESSION_COOKIE, claimed.token, max_age=max_age, **_cookie_args())
    return response


async def end(request: Request) -> Response:
    """POST /api/keluar: clear the cookie (the session itself was revoked by the handler)."""
    if not _same_origin(request):
        return Response(status_code=403, headers=_NO_STORE)
    await run_in_threadpool(_sign_out, request.cookies.get(SESSION_COOKIE, ""))  # the handler revoked it already; this makes sure
    response = RedirectResponse("/", status_code=303, headers=_NO_STORE)
    response.delete_cookie(SESSION_COOKIE, **_cookie_args())
    return response
