"""CPU of the per-event costs cut for issue 11, old way and new way side by side in one run.

    .venv/bin/python benchmarks/per_event_costs.py [--runs 20]

- the PDF receipt rendered at submit: fpdf2's `add_font` (parses DejaVu Sans for every
  document) against `receipt_fonts.add_font` (parsed once per process), and every block laid out
  twice (a dry run to keep it on one page, then for real) against once; the bytes are compared;
- the office's contacts and announcement every page's help box asks for
  (`office_settings.public_info`): read from the database each time against the 30 s cache;
- a 2 MP photo's JPEG encode (stored and thumbnail, as `media._encode_jpeg` does): into memory
  against through a temporary file, with how far another Python thread got meanwhile (the event
  loop is such a thread: Pillow lets go of the GIL only while encoding into a real file).

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
    bound = receipt._Writer.height_at_most
    receipt._Writer.height_at_most = receipt._Writer.height  # the old way: every block laid out first
    try:
        label = "receipt, every block laid out twice"
        rows.append((label, _median_ms(lambda: receipt.render_receipt(data, "id", translate), runs)))
        outputs[label] = receipt.render_receipt(data, "id", translate)
    finally:
        receipt._Writer.height_at_most = bound
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


def jpeg_rows(runs: int) -> list[tuple[str, float]]:
    import io
    import threading

    from PIL import Image

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from load import make_photo
    from paduko_app.domain import media

    photo = Image.open(io.BytesIO(make_photo(2.0))).convert("RGB")

    def in_memory():
        for quality, progressive in ((media.JPEG_QUALITY, True), (media.THUMB_QUALITY, False)):
            out = io.BytesIO()
            photo.save(out, format="JPEG", quality=quality, optimize=True, progressive=progressive)

    def through_file():
        for quality, progressive in ((media.JPEG_QUALITY, True), (media.THUMB_QUALITY, False)):
            media._encode_jpeg(photo, quality, progressive=progressive)

    def other_thread_share(encode) -> float:
        """Loop turns another thread made during `runs` encodes, against the same time alone."""
        stop, turns = threading.Event(), [0]

        def spin():
            while not stop.is_set():
                turns[0] += 1

        def alone(seconds: float) -> float:
            stop.clear()
            turns[0] = 0
            thread = threading.Thread(target=spin)
            thread.start()
            time.sleep(seconds)
            stop.set()
            thread.join()
            return turns[0] / seconds

        thread = threading.Thread(target=spin)
        thread.start()
        started, before = time.perf_counter(), turns[0]
        for _ in range(runs):
            encode()
        seconds, during = time.perf_counter() - started, turns[0] - before
        stop.set()
        thread.join()
        return 100 * (during / seconds) / alone(0.5)

    rows = [("2 MP JPEG encode, in memory", _median_ms(in_memory, runs)),
            ("2 MP JPEG encode, through a file", _median_ms(through_file, runs))]
    rows += [(f"  another thread's progress meanwhile: in memory {other_thread_share(in_memory):.0f}%, "
              f"through a file {other_thread_share(through_file):.0f}% of its speed alone", float("nan"))]
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    import logging
    import os

    logging.disable(logging.WARNING)
    print(f"Per-event costs, median CPU of {args.runs} runs after a warm-up (load average {os.getloadavg()[0]:.1f})")
    for label, ms in receipt_rows(args.runs) + office_rows(args.runs * 10) + jpeg_rows(args.runs):
        print(f"{label:<36} {ms:8.2f} ms" if ms == ms else label)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
