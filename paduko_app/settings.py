"""Configuration from environment variables, with safe defaults (README has the table)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PADUKO_DATA_DIR", ROOT / "data"))
MODES = ("demo", "production")
NOTIFY_ADAPTERS = ("outbox", "smtp", "http")


class ConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    port: int
    secret_key: str
    mode: str
    notify: str
    session_days: int
    public_url: str
    code_limit_per_hour: int = 300  # sign-in/sign-up codes sent per hour, everyone together
    code_limit_per_ip: int = 30  # ... per hour from one network address

    @property
    def demo(self) -> bool:
        return self.mode == "demo"


def default_database_url() -> str:
    return f"sqlite:///{DATA_DIR / 'paduko.db'}"


def _secret_key() -> str:
    """PADUKO_SECRET_KEY, or one generated on first run and kept (0600) under the data folder."""
    if key := os.environ.get("PADUKO_SECRET_KEY"):
        if len(key) < 32:
            raise ConfigError("PADUKO_SECRET_KEY must be at least 32 characters")
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _count(name: str, default: str) -> int:
    text = os.environ.get(name, default)
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise ConfigError(f"{name} must be a number (1-100000), not {text!r}")
    return int(text)


def load() -> Settings:
    mode = os.environ.get("PADUKO_MODE", "demo").strip().lower()
    if mode not in MODES:
        raise ConfigError(f"PADUKO_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    port_text = os.environ.get("PADUKO_PORT", "3000")
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ConfigError(f"PADUKO_PORT must be a port number, not {port_text!r}")
    notify = os.environ.get("PADUKO_NOTIFY", "outbox").strip().lower()
    if notify not in NOTIFY_ADAPTERS:
        raise ConfigError(f"PADUKO_NOTIFY must be one of {', '.join(NOTIFY_ADAPTERS)}, not {notify!r}")
    if mode == "production" and notify == "outbox":
        raise ConfigError("production mode needs a real message adapter: set PADUKO_NOTIFY=smtp or http")
    days_text = os.environ.get("PADUKO_SESSION_DAYS", "90")
    if not days_text.isdigit() or not 1 <= int(days_text) <= 400:
        raise ConfigError(f"PADUKO_SESSION_DAYS must be a number of days (1-400), not {days_text!r}")
    per_hour, per_ip = _count("PADUKO_CODE_LIMIT_PER_HOUR", "300"), _count("PADUKO_CODE_LIMIT_PER_IP", "30")
    return Settings(
        database_url=os.environ.get("REFLEX_DB_URL") or default_database_url(),
        redis_url=os.environ.get("REFLEX_REDIS_URL") or None,
        port=int(port_text),
        secret_key=_secret_key(),
        mode=mode,
        notify=notify,
        session_days=int(days_text),
        public_url=os.environ.get("PADUKO_PUBLIC_URL") or f"http://localhost:{port_text}",
        code_limit_per_hour=per_hour,
        code_limit_per_ip=per_ip,
    )
