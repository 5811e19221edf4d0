"""Rules of the structure: the domain knows nothing of Reflex or the database (DESIGN principle 2);
every button that sends an event waits for the page to connect."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "paduko_app" / "domain"
FORBIDDEN = {"reflex", "sqlmodel", "sqlalchemy", "alembic", "starlette"}


def test_domain_imports_no_framework():
    offenders = []
    for path in DOMAIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


ROOT = DOMAIN.parents[1]
# Buttons run by the page's own scripts; they must not wait for the connection.
SCRIPT_DRIVEN = {
    "components/voice.py",  # the listen button reads aloud by itself; its on_click only counts a use
    # Drawn only in a live kiosk session (never prerendered) and pressed by kiosk-idle.js: the wipe
    # must not be lost to a reconnect (a press then is queued, a disabled button drops it), and the
    # warning's button must take focus when shown.
    "components/kiosk_idle.py",
}


def _sends_an_event(call: ast.Call) -> bool:
    keywords = {k.arg: k.value for k in call.keywords}
    submit = isinstance(keywords.get("type"), ast.Constant) and keywords["type"].value == "submit"
    return "on_click" in keywords or submit


def test_every_button_that_sends_an_event_waits_for_the_connection():
    """A press on the prerendered page before it is connected would be lost (components/buttons.py)."""
    offenders = []
    for path in [*ROOT.glob("paduko_app/**/*.py"), *ROOT.glob("components/*.py")]:
        relative = path.relative_to(ROOT).as_posix()
        if relative in SCRIPT_DRIVEN | {"components/buttons.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "rx.el.button" and _sends_an_event(node):
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []
