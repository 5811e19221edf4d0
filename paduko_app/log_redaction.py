"""Personal data never reaches the logs (UU Adminduk Pasal 84: NIK and No. KK never in logs).

Reflex logs whole events in some error paths (e.g. an event for an unknown handler, with its
payload: a NIK and a phone number typed into a form), tracebacks can quote values, and uvicorn
or rich may print anything. `install()` masks, in every log record (message, arguments and
traceback) and in everything written to stdout and stderr:

- 16-digit numbers (NIK, No. KK), also grouped with spaces, dots or dashes;
- Indonesian mobile numbers (08..., 628..., +62 8...);
- any other run of 9 or more digits;
- 6-digit numbers (one-time codes, status PINs), also written "123 456".
"""

from __future__ import annotations

import logging
import re
import sys
import traceback

_PATTERNS = (
    (re.compile(r"(?<!\d)(?:\d{4}[ .-]?){3}\d{4}(?!\d)|(?<!\d)\d{6}[ .-]?\d{6}[ .-]?\d{4}(?!\d)"), "[nik]"),
    (re.compile(r"(?<![\d+])(?:\+?62|0)[ .-]?8\d{1,3}(?:[ .-]?\d{3,4}){1,3}(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)\d{9,}(?!\d)"), "[number]"),
    (re.compile(r"(?<!\d)\d{3}[ -]?\d{3}(?!\d)"), "[code]"),
)
_MARK = "_paduko_redacted"


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _redact_record(record: logging.LogRecord) -> None:
    """Render the message and any traceback now, masked; the handlers then print only that."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: keep what can be kept, masked
        message = f"{record.msg} {record.args!r}"
    extra = []
    if record.exc_info and record.exc_info[0] is not None:
        extra.append("".join(traceback.format_exception(*record.exc_info)).rstrip())
    elif record.exc_text:
        extra.append(record.exc_text)
    if record.stack_info:
        extra.append(record.stack_info)
    # Handlers (Reflex's too) format exc_info themselves: fold it into the message instead.
    record.msg = redact("\n".join([message, *extra]))
    record.args = ()
    record.exc_info, record.exc_text, record.stack_info = None, None, None


class RedactingStream:
    """Wraps stdout/stderr: what is printed directly (rich consoles, print) is masked too.

    Not an io.TextIOBase: its own isatty/fileno/encoding would hide the real stream's.
    """

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name):  # encoding, isatty, fileno, buffer ... of the real stream
        return getattr(self._stream, name)


_previous_factory = None
_previous_streams = None


def install(streams: bool = True) -> None:
    """Mask personal data in every log record from now on (and in stdout/stderr). Idempotent."""
    global _previous_factory, _previous_streams
    if _previous_factory is None:
        _previous_factory = factory = logging.getLogRecordFactory()

        def redacting_factory(*args, **kwargs):
            record = factory(*args, **kwargs)
            _redact_record(record)
            return record

        logging.setLogRecordFactory(redacting_factory)
    if streams and _previous_streams is None:
        _previous_streams = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = RedactingStream(sys.stdout), RedactingStream(sys.stderr)


def uninstall() -> None:
    """For tests: put the original factory and streams back."""
    global _previous_factory, _previous_streams
    if _previous_factory is not None:
        logging.setLogRecordFactory(_previous_factory)
        _previous_factory = None
    if _previous_streams is not None:
        sys.stdout, sys.stderr = _previous_streams
        _previous_streams = None
