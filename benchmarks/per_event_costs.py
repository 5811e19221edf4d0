"""CPU of the per-event costs cut for issue 11, old way and new way side by side in one run.

    .venv/bin/python benchmarks/per_event_costs.py [--runs 20]

- the PDF receipt rendered at submit: fpdf2's `add_font` (parses DejaVu Sans for every
  document) against `receipt_fonts.add_font` (parsed once per process); the bytes are compared;
- the office's contacts and announcement every page's help box asks for
  (`office_settings.public_info`): read from the database each time against the 30 s cache.

Medians of this process's CPU time (time.process_time), after one warm-up; the database is a
fresh migrated SQLite file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        started = time.process_time()
        fn()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def receipt_rows(runs: int) -> list[tuple[str, float]]:
    from paduko_app.domain import catalogue, receipt, receipt_fonts
    from paduko_app.i18n import translate

    svc = catalogue.service("KTP_CETAK")
    data = receipt.ReceiptData(
        application_number="PP-4K7-HXM", pin="123456", service_code=svc.code,
        submitted_at=dt.datetime(2026, 11, 29, 8, tzinfo=dt.timezone.utc), due_date=dt.date(2026, 12, 4),
        documents=tuple(d.id for d in svc.documents)[:2], status_url="http://localhost:3000/status",
        applicant_name="Warga Uji 7", for_person_name="Warga Uji 7", channel="own")
    cached_fonts = receipt_fonts.add_font

    def fpdf_fonts(pdf, family, style, path):
        pdf.add_font(family, style, str(path))

    rows, outputs = [], {}
    for label, adder in (("receipt, fpdf2 add_font per PDF", fpdf_fonts),
                         ("receipt, fonts parsed once", cached_fonts)):
        receipt_fonts.add_font = adder
        try:
            rows.append((label, _median_ms(lambda: receipt.render_receipt(data, "id", translate), runs)))
            outputs[label] = receipt.render_receipt(data, "id", translate)
        finally:
            receipt_fonts.add_font = cached_fonts
    same = len(set(outputs.values())) == 1
    rows.append((f"  (same bytes: {'yes' if same else 'NO'})", float("nan")))
    return rows


def office_rows(runs: int) -> list[tuple[str, float]]:
    from paduko_app.db import migrate
    from paduko_app.db.engine import make_engine
    from paduko_app.services import office_settings

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)

        def uncached():
            office_settings.forget_public_info()
            office_settings.public_info(engine)

        rows = [("office info, read each page", _median_ms(uncached, runs)),
                ("office info, kept 30 s", _median_ms(lambda: office_settings.public_info(engine), runs))]
        engine.dispose()
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    import logging
    import os

    logging.disable(logging.WARNING)
    print(f"Per-event costs, median CPU of {args.runs} runs after a warm-up (load average {os.getloadavg()[0]:.1f})")
    for label, ms in receipt_rows(args.runs) + office_rows(args.runs * 10):
        print(f"{label:<36} {ms:8.2f} ms" if ms == ms else label)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
