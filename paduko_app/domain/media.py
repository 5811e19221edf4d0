"""Upload pipeline for document photos and scans (DESIGN: "Pillow for every image").

`process_upload(data, filename)` takes the bytes a person uploaded and returns what we store:
- photos (JPEG, PNG, HEIC/HEIF, WebP) are decoded (which proves they are images), turned
  upright by their EXIF orientation, flattened on white, reduced to at most 2000 px on the
  long side (JPEGs already while decoding, with `Image.draft`) and re-encoded as JPEG with
  no metadata at all: no EXIF, no GPS position, no comments, no colour profile;
- PDFs (scans) are stored as they are, after checks: a real PDF, no active content
  (JavaScript, launch actions, embedded files, ...), at most 10 pages.
Refusals raise `MediaError` with a message id; quality hints (dark, blurry) never refuse.

The type is sniffed from the content, never from the file name. The file name is only shown,
through `safe_display_name`.
"""

from __future__ import annotations

import base64
import contextlib
import bisect
import hashlib
import io
import logging
import re
import tempfile
import threading
import unicodedata
import warnings
import zlib
from dataclasses import dataclass, field
from typing import Callable, ContextManager

from PIL import Image, ImageFilter, ImageOps, ImageStat

from .messages import MessageError, m

try:  # HEIC/HEIF: the format of iPhone photos
    import pillow_heif
except ImportError:  # pragma: no cover - pillow-heif is in the requirements
    pillow_heif = None
else:
    pillow_heif.register_heif_opener(thumbnails=False)

log = logging.getLogger(__name__)

# Refusals (MediaError.message_id)
ERR_TOO_LARGE = m("error.upload.too_large")
ERR_EMPTY = m("error.upload.empty")
ERR_NOT_SUPPORTED = m("error.upload.not_supported")
ERR_CORRUPT = m("error.upload.corrupt")
ERR_TOO_MANY_PIXELS = m("error.upload.too_many_pixels")
ERR_PDF_INVALID = m("error.upload.pdf_invalid")
ERR_BUSY = m("error.upload.busy")  # too many large photos being processed at once: try again shortly
ERR_PDF_ACTIVE_CONTENT = m("error.upload.pdf_active_content")
ERR_PDF_TOO_MANY_PAGES = m("error.upload.pdf_too_many_pages")

# Quality hints (ProcessedUpload.quality_warnings): the person may keep the photo
WARNING_DARK = m("media.warning.dark")
WARNING_BLURRY = m("media.warning.blurry")

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 12-megapixel phone photo is far below; a scan at 600 dpi A3 too
MAX_SIDE = 2000  # long side of the stored image
THUMB_SIDE = 320
JPEG_QUALITY = 75  # 80 left a 12 MP photo just over 600 KB; 75 stays readable and under it
THUMB_QUALITY = 70
MAX_PDF_PAGES = 10

# Quality thresholds, calibrated in tests/unit/test_media.py on generated images
ANALYSIS_SIDE = 800  # the grey copy the hints are computed on
DARK_MEAN = 60.0  # mean luminance 0..255 below which a photo is "dark"
EDGE_PERCENTILE = 0.995
BLURRY_EDGE = 90  # edge strength (see image_measures) below which a photo is "blurry"

JPEG = "image/jpeg"
PDF = "application/pdf"

# Pillow's own bomb check on Image.open: a warning above this, an error above twice this.
# process_upload turns the warning into a refusal too, and checks the size itself first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class MediaError(MessageError):
    """An upload was refused."""


@dataclass(frozen=True)
class ProcessedUpload:
    content: bytes  # what is stored: a clean JPEG, or the checked PDF as uploaded
    content_type: str  # "image/jpeg" or "application/pdf"
    width: int | None  # None for a PDF
    height: int | None
    thumbnail: bytes | None  # JPEG, long side THUMB_SIDE; None for a PDF
    sha256: str  # hex digest of `content`
    pages: int | None  # PDF page count; None for an image
    quality_warnings: tuple[str, ...]  # message ids, e.g. WARNING_DARK
    original_size: int  # bytes as uploaded


def _no_gate(_pixels: int):
    return contextlib.nullcontext()


def process_upload(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES,
                   decode_gate: Callable[[int], ContextManager] = _no_gate) -> ProcessedUpload:
    """Check and clean one uploaded file; raise MediaError(message_id) to refuse it.

    `filename` is never used to decide anything (the content is sniffed); it only appears,
    made safe, in the log. `decode_gate(pixels)` is held while an image is decoded: the caller
    bounds how many large decodes share the memory (it raises to refuse).
    """
    return _process(data, filename, max_bytes=max_bytes, decode_gate=decode_gate)


def _process(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, use_draft: bool = True,
             decode_gate: Callable[[int], ContextManager] = _no_gate) -> ProcessedUpload:
    # use_draft=False exists for benchmarks/media_pipeline.py (what Image.draft buys)
    data = bytes(data)
    if not data:
        raise MediaError(ERR_EMPTY)
    if len(data) > max_bytes:
        raise MediaError(ERR_TOO_LARGE)
    kind = sniff(data)
    log.debug("upload %r: %d bytes, sniffed %s", safe_display_name(filename), len(data), kind)
    if kind is None:
        raise MediaError(ERR_NOT_SUPPORTED)
    if kind == "pdf":
        return _process_pdf(data)
    return _process_image(data, kind, use_draft=use_draft, decode_gate=decode_gate)


# ---------------------------------------------------------------------------------------------
# Sniffing


_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_GENERIC = {b"mif1", b"msf1", b"mif2"}


def sniff(data: bytes) -> str | None:
    """The kind of file by its first bytes: "jpeg", "png", "webp", "heif", "pdf" or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and _is_heif(data):
        return "heif"
    if b"%PDF-" in data[:1024]:  # must start there; junk before it is refused as pdf_invalid
        return "pdf"
    return None


def _is_heif(data: bytes) -> bool:
    box_size = int.from_bytes(data[0:4], "big")
    major = data[8:12]
    compatible = {data[i : i + 4] for i in range(16, min(box_size, 256, len(data)) - 3, 4)}
    if major in _HEIF_BRANDS:
        return True
    # mif1 etc. say only "an image file format container": HEVC (HEIC) or AV1 (AVIF, refused)
    return major in _HEIF_GENERIC and bool(compatible & _HEIF_BRANDS)


# ---------------------------------------------------------------------------------------------
# Images


_OPEN_LOCK = threading.Lock()
_PILLOW_FORMATS = {"jpeg": ["JPEG"], "png": ["PNG"], "webp": ["WEBP"], "heif": ["HEIF"]}


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled down (never up) so that its long side is at most `side`."""
    width, height = size
    if max(width, height) <= side:
        return width, height
    scale = side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _process_image(data: bytes, kind: str, *, use_draft: bool = True,
                   decode_gate: Callable[[int], ContextManager] = _no_gate) -> ProcessedUpload:
    if kind == "heif" and pillow_heif is None:
        raise MediaError(ERR_NOT_SUPPORTED)
    with contextlib.ExitStack() as gate:
        try:
            # Image.open reads the header only, and warns (Pillow's bomb check) above
            # MAX_IMAGE_PIXELS: that warning is a refusal. The warnings filters are global, so
            # uploads processed in parallel threads take turns here (reading a header is quick).
            with _OPEN_LOCK, warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                opened = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS[kind])
            with opened:
                width, height = opened.size  # from the header: nothing decoded yet
                if width <= 0 or height <= 0:
                    raise MediaError(ERR_CORRUPT)
                if width * height > MAX_PIXELS:
                    raise MediaError(ERR_TOO_MANY_PIXELS)
                if kind == "jpeg" and use_draft:
                    # Decode at 1/2, 1/4 or 1/8 scale where that still covers the target size.
                    # The box must have the photo's aspect: with (2000, 2000) a 4000x3000
                    # photo would decode at full size (3000 // 2000 == 1).
                    opened.draft("RGB", _fit(opened.size, MAX_SIDE))
                # Held until the full-size picture is reduced: the size after draft is what decodes.
                gate.enter_context(decode_gate(opened.size[0] * opened.size[1]))
                opened.load()
                image = _upright_rgb(opened)
        except MediaError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise MediaError(ERR_TOO_MANY_PIXELS) from None
        except Exception as error:  # noqa: BLE001 - untrusted input: any decoder failure is "corrupt"
            log.info("image refused as corrupt: %s: %s", type(error).__name__, error)
            raise MediaError(ERR_CORRUPT) from None

        if max(image.size) > MAX_SIDE:
            image = image.resize(_fit(image.size, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    image.info = {}  # nothing of the original goes out: no EXIF, XMP, comment, ICC profile
    content = _encode_jpeg(image, JPEG_QUALITY, progressive=True)
    thumb = image.resize(_fit(image.size, THUMB_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return ProcessedUpload(
        content=content,
        content_type=JPEG,
        width=image.width,
        height=image.height,
        thumbnail=_encode_jpeg(thumb, THUMB_QUALITY, progressive=False),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=None,
        quality_warnings=quality_warnings(image),
        original_size=len(data),
    )


def _upright_rgb(opened: Image.Image) -> Image.Image:
    """A new RGB image, turned by its EXIF orientation, transparency flattened on white."""
    try:
        image = ImageOps.exif_transpose(opened)
    except Exception:  # noqa: BLE001 - a broken EXIF block does not make the picture unusable
        image = opened.copy()
    if image.mode.startswith("I;16"):
        image = image.convert("I")
    if image.mode in ("I", "F"):  # 16-bit or float grey: scale to 8 bits instead of clipping
        image = image.point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode in ("P", "L", "RGB", "1") and "transparency" in image.info
    )
    if has_alpha:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB") if image.mode != "RGB" else image


def _encode_jpeg(image: Image.Image, quality: int, *, progressive: bool) -> bytes:
    # Pillow lets go of the GIL while it encodes into a real file, not into memory: into a BytesIO
    # a photo's encode held the GIL throughout and stopped the event loop serving every open page
    # (benchmarks/load.py --profile; benchmarks/per_event_costs.py). The bytes are the same.
    with tempfile.TemporaryFile() as out:
        image.save(out, format="JPEG", quality=quality, optimize=True, progressive=progressive)
        out.seek(0)
        return out.read()


_LAPLACIAN = ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=1, offset=128)


def image_measures(image: Image.Image) -> tuple[float, int]:
    """(mean luminance 0..255, edge strength 0..128) of an image, as the quality hints see it.

    Edge strength is the 99.5th percentile of the absolute Laplacian of a grey copy
    ANALYSIS_SIDE px long, contrast-stretched first: crisp letters reach the top of the scale
    even when they cover little of the photo, and a faint or dark but sharp photo is not
    called blurry. (The variance of the Laplacian, the usual measure, falls with the share
    of the photo that has text on it.)
    """
    grey = image.convert("L")
    grey = grey.resize(_fit(grey.size, ANALYSIS_SIDE), Image.Resampling.BOX)
    mean = ImageStat.Stat(grey).mean[0]
    edges = ImageOps.autocontrast(grey, cutoff=1).filter(_LAPLACIAN)
    if edges.width > 4 and edges.height > 4:  # the filter leaves the border unfiltered
        edges = edges.crop((2, 2, edges.width - 2, edges.height - 2))
    strength = [0] * 129
    for value, count in enumerate(edges.histogram()):
        strength[min(128, abs(value - 128))] += count
    wanted, seen = EDGE_PERCENTILE * sum(strength), 0
    for value, count in enumerate(strength):
        seen += count
        if seen >= wanted:
            return mean, value
    return mean, 128  # pragma: no cover - the loop always returns


def quality_warnings(image: Image.Image) -> tuple[str, ...]:
    mean, edge = image_measures(image)
    found = []
    if mean < DARK_MEAN:
        found.append(WARNING_DARK)
    if edge < BLURRY_EDGE:
        found.append(WARNING_BLURRY)
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# PDF
#
# No PDF library: we only need to find active content and count pages, on bytes we never
# render. The file is cut into "structure" (everything outside stream bodies: objects,
# dictionaries, trailers) and stream bodies. Structure and every stream we can decode (Flate,
# ASCIIHex, ASCII85; object streams included) are searched for the names of active content.
# Binary streams (images, fonts, colour profiles, cross-reference streams) hold random bytes
# where a short name such as "/JS" turns up by chance every few megabytes; there only the long
# names are searched, which still catches anything a lenient reader might take for an action.

_DELIM = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_NAME = re.compile(rb"/([^" + _DELIM + rb"]*)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTIVE_NAMES = rb"JavaScript|JS|Launch|EmbeddedFiles?|AA|RichMedia|XFA"
_ACTIVE = re.compile(rb"/(?:" + _ACTIVE_NAMES + rb")(?=[" + _DELIM + rb"]|\Z)")
_ACTIVE_LONG = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFiles?|RichMedia)(?=[" + _DELIM + rb"]|\Z)")
_ENCRYPT = re.compile(rb"/Encrypt(?=[" + _DELIM + rb"]|\Z)")
_PAGE = re.compile(rb"/Type[\x00\t\n\x0c\r ]*/Page(?=[" + _DELIM + rb"]|\Z)")
_OBJ = re.compile(rb"(?<![0-9])([0-9]+)[\x00\t\n\x0c\r ]+[0-9]+[\x00\t\n\x0c\r ]+obj(?![A-Za-z])")
_STREAM = re.compile(rb">>[\x00\t\n\x0c\r ]*stream(?:\r\n|\n|\r)")
_LENGTH = re.compile(rb"/Length[\x00\t\n\x0c\r ]+([0-9]+)(?![0-9])(?![\x00\t\n\x0c\r ]+[0-9]+[\x00\t\n\x0c\r ]+R)")
_FILTER = re.compile(rb"/Filter[\x00\t\n\x0c\r ]*(\[[^\]]*\]|/[^" + _DELIM + rb"]+)")
_BINARY_HINTS = re.compile(
    rb"/(?:Subtype[\x00\t\n\x0c\r ]*/(?:Image|Type1C|CIDFontType0C|OpenType)|Length[123]|Type[\x00\t\n\x0c\r ]*/XRef|Alternate)(?=[" + _DELIM + rb"])"
)
_IMAGE_FILTERS = {b"DCTDecode", b"DCT", b"JPXDecode", b"CCITTFaxDecode", b"CCF", b"JBIG2Decode"}
_STREAM_INFLATE_LIMIT = 32 * 1024 * 1024  # one decoded stream
_TOTAL_INFLATE_LIMIT = 128 * 1024 * 1024  # all decoded streams of one file


def _unescape_names(chunk: bytes) -> bytes:
    """Names with #xx escapes spelled out (/J#61vaScript is /JavaScript)."""
    if b"#" not in chunk:
        return chunk

    def name(match: re.Match[bytes]) -> bytes:
        return b"/" + _HEX_ESCAPE.sub(lambda esc: bytes([int(esc.group(1), 16)]), match.group(1))

    return _NAME.sub(name, chunk)


def _filters(dictionary: bytes) -> list[bytes]:
    found = _FILTER.search(dictionary)
    return _NAME.findall(found.group(1)) if found else []


class _Budget:
    def __init__(self) -> None:
        self.left = _TOTAL_INFLATE_LIMIT

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise MediaError(ERR_PDF_INVALID)  # a decompression bomb inside the PDF


def _decode(body: bytes, filters: list[bytes], budget: _Budget) -> bytes | None:
    """The stream's content, or None where a filter is unknown or the data is broken."""
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            inflater = zlib.decompressobj()
            try:
                out = inflater.decompress(body, _STREAM_INFLATE_LIMIT + 1)
            except zlib.error:
                return None
            if len(out) > _STREAM_INFLATE_LIMIT:
                raise MediaError(ERR_PDF_INVALID)
            body = out
        elif name in (b"ASCIIHexDecode", b"AHx"):
            digits = re.sub(rb"[\x00\t\n\x0c\r ]", b"", body.split(b">", 1)[0])
            try:
                body = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
            except ValueError:
                return None
        elif name in (b"ASCII85Decode", b"A85"):
            try:
                body = base64.a85decode(body.split(b"~>", 1)[0].strip(), ignorechars=b" \t\n\r\x0c\x00")
            except ValueError:
                return None
        else:
            return None
        budget.take(len(body))
    return body


@dataclass
class _PdfScan:
    active: bool = False
    encrypted: bool = False
    page_objects: set = field(default_factory=set)  # object numbers of /Type /Page objects

    def text(self, chunk: bytes) -> None:
        """Structure or decoded stream content: every active name counts."""
        chunk = _unescape_names(chunk)
        self.active = self.active or _ACTIVE.search(chunk) is not None
        self.encrypted = self.encrypted or _ENCRYPT.search(chunk) is not None

    def binary(self, chunk: bytes) -> None:
        if _ACTIVE_LONG.search(_unescape_names(chunk)):
            self.active = True

    def pages(self, chunk: bytes, object_at) -> None:
        for found in _PAGE.finditer(_unescape_names(chunk)):
            number = object_at(found.start())
            self.page_objects.add(number if number is not None else ("anonymous", len(self.page_objects)))


def _object_finder(chunk: bytes):
    starts, numbers = [], []
    for found in _OBJ.finditer(chunk):
        starts.append(found.start())
        numbers.append(int(found.group(1)))

    def object_at(position: int):
        index = bisect.bisect_right(starts, position) - 1
        return numbers[index] if index >= 0 else None

    return object_at


def _object_stream_finder(content: bytes, dictionary: bytes):
    """Object numbers inside an object stream (/Type /ObjStm /N n /First offset)."""
    first = re.search(rb"/First[\x00\t\n\x0c\r ]+([0-9]+)", dictionary)
    if not first:
        return lambda position: None
    offset = int(first.group(1))
    header = content[:offset].split()
    pairs = [(int(header[i + 1]) + offset, int(header[i])) for i in range(0, len(header) - 1, 2)
             if header[i].isdigit() and header[i + 1].isdigit()]
    pairs.sort()
    starts = [start for start, _ in pairs]

    def object_at(position: int):
        index = bisect.bisect_right(starts, position) - 1
        return pairs[index][1] if index >= 0 else None

    return object_at


def _scan_pdf(data: bytes) -> _PdfScan:
    scan = _PdfScan()
    budget = _Budget()
    structure: list[bytes] = []
    cursor = 0
    for keyword in _STREAM.finditer(data):
        if keyword.start() < cursor:
            continue  # inside the body of the previous stream
        dict_end = keyword.start() + 2
        obj_start = data.rfind(b"obj", max(cursor, dict_end - 65536), dict_end)
        dictionary = _unescape_names(data[obj_start if obj_start >= 0 else max(cursor, dict_end - 4096) : dict_end])
        structure.append(data[cursor:dict_end])
        start = keyword.end()
        end = -1
        length = _LENGTH.search(dictionary)
        if length:
            candidate = start + int(length.group(1))
            if candidate <= len(data) and data[candidate : candidate + 32].lstrip().startswith(b"endstream"):
                end = candidate
        if end < 0:
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
        body = data[start:end]
        cursor = end
        filters = _filters(dictionary)
        if _BINARY_HINTS.search(dictionary) or _IMAGE_FILTERS & set(filters):
            scan.binary(body)
            continue
        content = _decode(body, filters, budget)
        if content is None:
            scan.text(body)  # cannot look inside: judge the raw bytes, all names count
            continue
        scan.text(content)
        if re.search(rb"/Type[\x00\t\n\x0c\r ]*/ObjStm", dictionary):
            scan.pages(content, _object_stream_finder(content, dictionary))
    structure.append(data[cursor:])
    joined = b"\n".join(structure)
    scan.text(joined)
    scan.pages(joined, _object_finder(_unescape_names(joined)))
    return scan


def _process_pdf(data: bytes) -> ProcessedUpload:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise MediaError(ERR_PDF_INVALID)
    try:
        scan = _scan_pdf(data)
    except MediaError:
        raise
    except Exception as error:  # noqa: BLE001 - untrusted input: never a crash
        log.warning("PDF refused, scanner failed: %s: %s", type(error).__name__, error)
        raise MediaError(ERR_PDF_INVALID) from None
    if scan.active:
        raise MediaError(ERR_PDF_ACTIVE_CONTENT)
    if scan.encrypted:  # strings and streams unreadable to us, and to the office without a password
        raise MediaError(ERR_PDF_INVALID)
    pages = len(scan.page_objects)
    if pages == 0:
        raise MediaError(ERR_PDF_INVALID)
    if pages > MAX_PDF_PAGES:
        raise MediaError(ERR_PDF_TOO_MANY_PAGES)
    return ProcessedUpload(
        content=data,
        content_type=PDF,
        width=None,
        height=None,
        thumbnail=None,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        quality_warnings=(),
        original_size=len(data),
    )


# ---------------------------------------------------------------------------------------------
# File names

_DISPLAY_MAX = 80
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, bidi overrides, zero-width, ...


def safe_display_name(filename: str) -> str:
    """A file name fit to show or log: no folders, no control or bidi characters, <= 80 long.

    Empty when nothing usable is left (callers then show a generic label).
    """
    text = unicodedata.normalize("NFC", str(filename or ""))
    text = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) not in _INVISIBLE or ch.isspace())
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = re.sub(r" +", " ", text).strip(" .")
    if len(text) > _DISPLAY_MAX:
        stem, dot, extension = text.rpartition(".")
        if dot and stem and 0 < len(extension) <= 10:
            text = stem[: _DISPLAY_MAX - len(extension) - 2].rstrip() + "…." + extension
        else:
            text = text[: _DISPLAY_MAX - 1].rstrip() + "…"
    return text
