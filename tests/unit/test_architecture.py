"""The domain knows nothing of Reflex or the database (DESIGN principle 2)."""

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
