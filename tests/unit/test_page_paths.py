"""Typed page addresses are served without a redirect to the address with a final slash."""

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from paduko_app.api.page_paths import PagePaths


def _client(build_dir):
    async def echo(request):
        return PlainTextResponse(request.url.path)

    inner = Starlette(routes=[Route("/{path:path}", echo, methods=["GET", "HEAD", "POST"])])
    return TestClient(PagePaths(inner, build_dir=build_dir))


def test_a_page_folder_is_served_under_the_typed_address(tmp_path):
    (tmp_path / "masuk").mkdir()
    (tmp_path / "masuk" / "index.html").write_text("<html></html>")
    (tmp_path / "layanan" / "kia").mkdir(parents=True)
    (tmp_path / "layanan" / "kia" / "index.html").write_text("<html></html>")
    client = _client(tmp_path)
    assert client.get("/masuk").text == "/masuk/"
    assert client.get("/layanan/kia").text == "/layanan/kia/"
    assert client.get("/masuk/").text == "/masuk/"


def test_everything_else_is_left_alone(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "masuk").mkdir()
    (tmp_path / "masuk" / "index.html").write_text("<html></html>")
    client = _client(tmp_path)
    assert client.get("/assets").text == "/assets"  # no page there
    assert client.get("/api/sehat").text == "/api/sehat"
    assert client.get("/masuk.html").text == "/masuk.html"
    assert client.post("/masuk").text == "/masuk"  # only reads are pages
