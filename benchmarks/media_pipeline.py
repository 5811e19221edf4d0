"""Upload pipeline: time, memory and size for a 12-megapixel phone photo and a large PNG scan.

    .venv/bin/python benchmarks/media_pipeline.py [--runs 7]

Prints figures (see docs/BENCHMARKS.md); it is no timed test. Each case runs once to warm up,
then --runs times: median and minimum wall time. Memory is measured in a fresh interpreter per
case (so earlier cases leave no high-water mark): tracemalloc's peak (Python allocations: the
input and output bytes, not Pillow's pixel buffers, which are plain malloc) and the growth of
the process's peak RSS (ru_maxrss), which includes the pixel buffers. The same photo is also
processed without Image.draft, in the same run, so the ratio shows what draft buys.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFont  # noqa: E402

from paduko_app.domain import media  # noqa: E402

TARGET_SECONDS = 0.5
TARGET_BYTES = 600_000  # "600 KB", read strictly
SENSOR_NOISE = 6  # sigma of the grey-level noise added per channel (a daylight phone photo)


def document_page(size: tuple[int, int], font_size: int, seed: int) -> Image.Image:
    rnd = random.Random(seed)
    page = Image.new("RGB", size, (238, 235, 226))
    draw = ImageDraw.Draw(page)
    title = ImageFont.load_default(size=font_size * 2)
    body = ImageFont.load_default(size=font_size)
    draw.text((font_size * 3, font_size * 2), "KARTU KELUARGA", fill=(20, 20, 30), font=title)
    y = font_size * 6
    while y < size[1] - font_size * 3:
        words = " ".join("".join(rnd.choice("abcdefghijklmnoprstuwy") for _ in range(rnd.randint(2, 9)))
                         for _ in range(size[0] // (font_size * 4)))
        draw.text((font_size * 3, y), words, fill=(25, 25, 40), font=body)
        if rnd.random() < 0.15:  # table rules
            draw.line((font_size * 3, y - 6, size[0] - font_size * 3, y - 6), fill=(90, 90, 110), width=3)
        y += int(font_size * 1.7)
    return page


def phone_photo(size=(4000, 3000), seed=12) -> Image.Image:
    """A document on a wooden table, lit unevenly, with sensor noise: what a phone takes."""
    width, height = size
    grain = Image.effect_noise((width // 8, height // 2), 60).resize(size, Image.Resampling.BICUBIC)
    wood = Image.merge("RGB", [grain.point(lambda v: 70 + v * 0.45), grain.point(lambda v: 45 + v * 0.3),
                               grain.point(lambda v: 25 + v * 0.15)])
    flat = document_page((int(width * 0.62), int(height * 0.85)), 44, seed)
    page = flat.rotate(2.5, resample=Image.Resampling.BICUBIC, expand=True)
    mask = Image.new("L", flat.size, 255).rotate(2.5, resample=Image.Resampling.BICUBIC, expand=True)
    wood.paste(page, ((width - page.width) // 2, (height - page.height) // 2), mask)
    light = Image.radial_gradient("L").resize(size).point(lambda v: 255 - v // 3)
    lit = ImageChops.multiply(wood, Image.merge("RGB", [light] * 3))
    noise = Image.merge("RGB", [Image.effect_noise(size, SENSOR_NOISE) for _ in range(3)])
    return ImageChops.add(lit, noise, scale=1.0, offset=-128)


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Model] = "Galaxy A14"
    exif[ExifTags.Base.DateTime] = "2026:05:09 09:14:03"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (0.0, 27.0, 43.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (100.0, 24.0, 30.0)
    return exif


def make_inputs(folder: Path) -> dict[str, Path]:
    photo = phone_photo()
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92, exif=phone_exif())
    (folder / "phone.jpg").write_bytes(out.getvalue())
    scan = document_page((3000, 4000), 40, 3)
    scan = ImageChops.add(scan, Image.merge("RGB", [Image.effect_noise(scan.size, 2)] * 3), offset=-128)
    out = io.BytesIO()
    scan.save(out, "PNG")
    (folder / "scan.png").write_bytes(out.getvalue())
    return {"phone.jpg": folder / "phone.jpg", "scan.png": folder / "scan.png"}


CASES = [  # label, input, use Image.draft
    ("JPEG 4000x3000, with draft", "phone.jpg", True),
    ("JPEG 4000x3000, no draft", "phone.jpg", False),
    ("PNG 3000x4000", "scan.png", True),
]


def memory_in_fresh_process(path: str, use_draft: bool) -> tuple[int, int]:
    """(tracemalloc peak, ru_maxrss growth) in bytes, for one processing run."""
    data = Path(path).read_bytes()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    media._process(data, Path(path).name, use_draft=use_draft)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak, (rss_after - rss_before) * 1024  # Linux reports KiB


def memory_worker(connection) -> None:
    path, use_draft = connection.recv()
    connection.send(memory_in_fresh_process(path, use_draft))


def start_memory_workers(count: int) -> list:
    """Fresh interpreters, started while this process is still small: a child's ru_maxrss
    starts at its parent's RSS when forked, which would hide the growth we measure."""
    spawn = multiprocessing.get_context("spawn")
    workers = []
    for _ in range(count):
        ours, theirs = spawn.Pipe()
        process = spawn.Process(target=memory_worker, args=(theirs,))
        process.start()
        workers.append((process, ours))
    return workers


def timings(data: bytes, name: str, use_draft: bool, runs: int):
    result = media._process(data, name, use_draft=use_draft)  # warm-up
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        media._process(data, name, use_draft=use_draft)
        seconds.append(time.perf_counter() - start)
    return result, seconds


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def kib(size: int) -> str:
    return f"{size / 1024:.0f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    workers = start_memory_workers(len(CASES))
    with tempfile.TemporaryDirectory() as folder:
        inputs = make_inputs(Path(folder))
        memory = {}
        for (label, name, draft), (process, connection) in zip(CASES, workers):
            connection.send((str(inputs[name]), draft))
            memory[label] = connection.recv()
            process.join()
        figures = {}
        for label, name, draft in CASES:
            data = inputs[name].read_bytes()
            result, seconds = timings(data, name, draft, args.runs)
            figures[label] = (data, result, seconds)

        sweep = {}
        for quality in (70, 75, 80, 85):
            decoded = Image.open(inputs["phone.jpg"])
            decoded.draft("RGB", media._fit(decoded.size, media.MAX_SIDE))
            out = io.BytesIO()
            decoded.convert("RGB").save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            sweep[quality] = len(out.getvalue())

        phone = Image.open(inputs["phone.jpg"])
        square = Image.open(inputs["phone.jpg"])
        fitted = media._fit(phone.size, media.MAX_SIDE)
        phone.draft("RGB", fitted)
        square.draft("RGB", (media.MAX_SIDE, media.MAX_SIDE))

    print(f"Upload pipeline (paduko_app/domain/media.py), {args.runs} runs after one warm-up, Pillow {Image.__version__}")
    print("py peak: tracemalloc (Python objects only); RSS +: growth of ru_maxrss in a fresh process (all memory)")
    print(f"Inputs: phone JPEG {len(figures[CASES[0][0]][0]):,} bytes (quality 92, EXIF with GPS, noise sigma "
          f"{SENSOR_NOISE}); PNG scan {len(figures[CASES[2][0]][0]):,} bytes")
    print()
    header = (f"{'case':28} {'median':>8} {'min':>8} {'py peak':>9} {'RSS +':>10} {'in':>9} {'stored':>8} "
              f"{'size':<10} {'thumb':>7}")
    print(header)
    print("-" * len(header))
    for label, (data, result, seconds) in figures.items():
        peak, rss = memory[label]
        print(f"{label:28} {statistics.median(seconds):7.3f}s {min(seconds):7.3f}s {mib(peak):>9} {mib(rss):>10} "
              f"{mib(len(data)):>9} {kib(len(result.content)):>8} {f'{result.width}x{result.height}':<10} "
              f"{kib(len(result.thumbnail)):>7}")
    with_draft = statistics.median(figures[CASES[0][0]][2])
    without = statistics.median(figures[CASES[1][0]][2])
    rss_with, rss_without = memory[CASES[0][0]][1], memory[CASES[1][0]][1]
    print()
    print(f"Image.draft: {without / with_draft:.1f}x faster (median), peak RSS growth "
          f"{mib(rss_without)} -> {mib(rss_with)}; decodes the photo at {phone.size[0]}x{phone.size[1]} "
          f"(box {fitted[0]}x{fitted[1]}); a square box (2000, 2000) would decode at "
          f"{square.size[0]}x{square.size[1]}, i.e. not reduce a 4:3 photo at all.")
    stored = len(figures[CASES[0][0]][1].content)
    print(f"Target JPEG under {TARGET_SECONDS} s: median {with_draft:.3f} s: "
          f"{'MET' if with_draft < TARGET_SECONDS else 'NOT MET'}")
    print(f"Target JPEG stored under {TARGET_BYTES:,} bytes: {stored:,} bytes ({kib(stored)}), "
          f"quality {media.JPEG_QUALITY}: {'MET' if stored < TARGET_BYTES else 'NOT MET'}")
    print("Same photo stored at other qualities: "
          + ", ".join(f"q{quality} {size:,} bytes" for quality, size in sweep.items()))
    for label, (_, result, _) in figures.items():
        print(f"Quality hints for {label}: {', '.join(result.quality_warnings) or 'none'}")


if __name__ == "__main__":
    main()
