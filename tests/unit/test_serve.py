"""Production serving builds the frontend only when something it is built from changed."""

from paduko_app import serve


def _tree(root):
    for folder in serve.INPUT_DIRS:
        (root / folder).mkdir(parents=True)
    (root / "paduko_app" / "pages.py").write_text("A = 1\n")
    (root / "assets" / "paduko.css").write_text("body {}\n")
    (root / "rxconfig.py").write_text("config = None\n")
    build = root / ".web" / "build"
    (build / "client").mkdir(parents=True)
    (build / "client" / "index.html").write_text("<html></html>")
    (build / "paduko-inputs.sha256").write_text(serve.inputs_digest(root))


def test_the_build_is_current_until_an_input_or_the_public_address_changes(tmp_path, monkeypatch):
    monkeypatch.delenv("PADUKO_PUBLIC_URL", raising=False)
    _tree(tmp_path)
    assert serve.build_is_current(tmp_path)
    (tmp_path / "paduko_app" / "__pycache__").mkdir()
    (tmp_path / "paduko_app" / "__pycache__" / "pages.cpython-311.pyc").write_bytes(b"x")
    assert serve.build_is_current(tmp_path)  # byte code is no input
    monkeypatch.setenv("PADUKO_PUBLIC_URL", "https://paduko.padangpanjang.go.id")
    assert not serve.build_is_current(tmp_path)  # the websocket address is baked into the build
    monkeypatch.delenv("PADUKO_PUBLIC_URL")
    (tmp_path / "assets" / "paduko.css").write_text("body { color: black }\n")
    assert not serve.build_is_current(tmp_path)


def test_no_build_means_not_current(tmp_path):
    _tree(tmp_path)
    (tmp_path / ".web" / "build" / "client" / "index.html").unlink()
    assert not serve.build_is_current(tmp_path)
