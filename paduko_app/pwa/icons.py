"""The app icons, all made with Pillow from one source image (paduko_app/pwa/icon-source.png).

    python -m paduko_app.pwa.icons          # write assets/icons/*.png and assets/favicon.ico
    python -m paduko_app.pwa.icons check    # exit 1 when a file is missing or differs (a test runs it)

"any" icons are the source with rounded corners (shown as they are, e.g. on a desktop);
"maskable" icons are full-bleed in the brand colour with the mark shrunk into the central circle
(diameter 80% of the icon) that every launcher's mask keeps; the iPhone's home-screen icon is
full-bleed too (iOS rounds it itself). The favicon has only the sizes a browser's tab and
bookmarks use (16 and 32 px, each drawn from the source, not scaled from one another): every
first load fetches it (issue 12: 3.4 KB with four sizes, before).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from paduko_app import settings

SOURCE = Path(__file__).with_name("icon-source.png")
OUT_DIR = settings.ROOT / "assets" / "icons"
SAFE_ZONE = 0.8  # W3C maskable icons: the minimum safe zone is a circle of 80% of the icon's size
MARK_SCALE = 0.75  # of the maskable canvas: the source's mark then sits well inside the safe circle


@dataclass(frozen=True)
class Icon:
    file: str
    size: int
    purpose: str  # "any", "maskable", or "apple" (not listed in the manifest)

    @property
    def url(self) -> str:
        return f"/icons/{self.file}"


ICONS = (
    Icon("icon-192.png", 192, "any"),
    Icon("icon-512.png", 512, "any"),
    Icon("maskable-192.png", 192, "maskable"),
    Icon("maskable-512.png", 512, "maskable"),
    Icon("apple-touch-icon.png", 180, "apple"),
)


FAVICON = settings.ROOT / "assets" / "favicon.ico"
FAVICON_SIZES = (32, 16)  # the first is the main image: Pillow writes each size given in `sizes`


def _source() -> Image.Image:
    return Image.open(SOURCE).convert("RGB")


def background_colour(source: Image.Image | None = None) -> tuple[int, int, int]:
    return (source or _source()).getpixel((0, 0))


def _rounded(size: int, source: Image.Image) -> Image.Image:
    image = source.resize((size, size), Image.LANCZOS).convert("RGBA")
    mask = Image.new("L", (size * 4, size * 4), 0)  # drawn large, then reduced: smooth corners
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size * 4 - 1, size * 4 - 1), radius=int(size * 4 * 0.18), fill=255)
    image.putalpha(mask.resize((size, size), Image.LANCZOS))
    return image


def render(icon: Icon, source: Image.Image | None = None) -> Image.Image:
    source = source or _source()
    if icon.purpose == "any":
        # A palette of 256 colours (the mark has about 280, most on its smoothed edges): the
        # 192 px icon is fetched on every first load for installability (issue 12: 4.3 KB, now 2.0).
        # Edge alphas within 16 of clear or opaque are snapped first, so the corners stay fully clear.
        image = _rounded(icon.size, source)
        image.putalpha(image.getchannel("A").point(lambda a: 0 if a < 16 else 255 if a > 239 else a))
        return image.quantize(256, method=Image.Quantize.FASTOCTREE)
    canvas = Image.new("RGB", (icon.size, icon.size), background_colour(source))
    if icon.purpose == "apple":
        return source.resize((icon.size, icon.size), Image.LANCZOS)
    inner = round(icon.size * MARK_SCALE)
    offset = (icon.size - inner) // 2
    canvas.paste(source.resize((inner, inner), Image.LANCZOS), (offset, offset))
    return canvas


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _favicon_images(source: Image.Image) -> list[Image.Image]:
    return [_rounded(size, source) for size in FAVICON_SIZES]


def _ico(images: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, format="ICO", sizes=[image.size for image in images], append_images=images[1:])
    return buffer.getvalue()


def write(out_dir: Path = OUT_DIR, favicon: Path = FAVICON) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    source = _source()
    written = []
    for icon in ICONS:
        path = out_dir / icon.file
        path.write_bytes(_png(render(icon, source)))
        written.append(path)
    favicon.write_bytes(_ico(_favicon_images(source)))
    written.append(favicon)
    return written


def _favicon_problem(path: Path, source: Image.Image) -> str | None:
    if not path.exists():
        return f"{path.name}: missing"
    have = Image.open(path)
    if sorted(have.info.get("sizes", ())) != sorted((size, size) for size in FAVICON_SIZES):
        return f"{path.name}: differs from the source"
    for want in _favicon_images(source):
        have.size = want.size  # selects that size inside the .ico
        frame = have.convert(want.mode)
        if frame.size != want.size or frame.tobytes() != want.tobytes():
            return f"{path.name}: differs from the source"
    return None


def stale(out_dir: Path = OUT_DIR, favicon: Path = FAVICON) -> list[str]:
    """Icons missing or not what the source makes now (compared pixel by pixel)."""
    source = _source()
    problems = []
    for icon in ICONS:
        path = out_dir / icon.file
        if not path.exists():
            problems.append(f"{icon.file}: missing")
            continue
        want = render(icon, source)
        have = Image.open(path)
        if have.size != want.size or have.mode != want.mode or have.tobytes() != want.tobytes():
            problems.append(f"{icon.file}: differs from the source")
    favicon_problem = _favicon_problem(favicon, source)
    if favicon_problem:
        problems.append(favicon_problem)
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        problems = stale()
        for problem in problems:
            print(problem)
        if problems:
            print("Run: python -m paduko_app.pwa.icons")
        return 1 if problems else 0
    for path in write():
        print(path.relative_to(settings.ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
