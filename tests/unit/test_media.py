"""The upload pipeline: what is refused, what is stored, and the quality hints.

Every file is made here in code; no binary fixtures.
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageDraw, ImageFile, ImageFilter, ImageFont

from paduko_app.domain import media
from paduko_app.domain.media import MediaError, process_upload, safe_display_name


def refused(data: bytes, filename: str = "upload.bin", **kwargs) -> str:
    with pytest.raises(MediaError) as caught:
        process_upload(data, filename, **kwargs)
    return caught.value.message_id


def encode(image: Image.Image, fmt: str = "JPEG", **kwargs) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def jpeg_segments(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's header segments, up to the image data (SOS)."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [], 2
    while position < len(data):
        assert data[position] == 0xFF
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def text_page(size=(1600, 1200), font_size=22, seed=1) -> Image.Image:
    """Dark letters on paper: what a photo of a document looks like to the hints."""
    rnd = random.Random(seed)
    image = Image.new("RGB", size, (235, 232, 225))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=font_size)
    y = 40
    while y < size[1] - 40:
        words = (
            "".join(rnd.choice("abcdefghijklmnoprstuwy") for _ in range(rnd.randint(2, 9)))
            for _ in range(size[0] // (font_size * 4))
        )
        draw.text((40, y), " ".join(words), fill=(30, 30, 40), font=font)
        y += int(font_size * 1.6)
    return image


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return text_page()


# ---------------------------------------------------------------------------------------------
# Refusals by content, never by name


def test_empty_and_too_large_files_are_refused():
    assert refused(b"", "foto.jpg") == media.ERR_EMPTY
    forty_mb = b"\xff\xd8\xff\xe0" + bytes(40 * 1024 * 1024)
    assert refused(forty_mb, "foto.jpg") == media.ERR_TOO_LARGE
    assert refused(encode(Image.new("RGB", (64, 64))), "foto.jpg", max_bytes=100) == media.ERR_TOO_LARGE


def test_a_text_file_renamed_jpg_is_not_supported():
    assert refused(b"Ini bukan foto, hanya tulisan.\n" * 20, "KTP.jpg") == media.ERR_NOT_SUPPORTED


def test_an_svg_is_not_supported():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' \
          b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
    assert refused(svg, "foto.svg") == media.ERR_NOT_SUPPORTED
    assert refused(svg, "foto.jpg") == media.ERR_NOT_SUPPORTED


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_not_supported(fmt):
    assert refused(encode(Image.new("RGB", (32, 32)), fmt), "foto.jpg") == media.ERR_NOT_SUPPORTED


def test_avif_is_not_taken_for_heic():
    avif_header = struct.pack(">I", 28) + b"ftypavif" + b"\x00\x00\x00\x00" + b"avifmif1miaf" + bytes(64)
    assert media.sniff(avif_header) is None
    mif1_avif = struct.pack(">I", 24) + b"ftypmif1" + b"\x00\x00\x00\x00" + b"mif1avif" + bytes(64)
    assert media.sniff(mif1_avif) is None


def test_the_name_decides_nothing(page):
    photo = encode(page.resize((320, 240)))
    assert process_upload(photo, "surat.pdf").content_type == "image/jpeg"
    assert process_upload(photo, "").content_type == "image/jpeg"


def test_a_truncated_jpeg_is_corrupt(page):
    photo = encode(page)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert refused(photo[: len(photo) // 2], "foto.jpg") == media.ERR_CORRUPT
    assert refused(photo[:40], "foto.jpg") == media.ERR_CORRUPT  # header cut short


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height pixels (1-bit grey) with a few rows of data: a bomb's header."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress(bytes(1 + (width + 7) // 8) * 16, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


@pytest.fixture
def decoding_forbidden(monkeypatch):
    def no_decoding(self, *args, **kwargs):
        pytest.fail("pixels were decoded")  # pytest's Failed is no Exception: nothing catches it

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)


def test_a_20000_by_20000_png_bomb_is_refused_before_decoding(decoding_forbidden, monkeypatch):
    bomb = png_header_only(20000, 20000)
    assert len(bomb) < 1000
    assert refused(bomb, "bom.png") == media.ERR_TOO_MANY_PIXELS  # Pillow's own check (> 2x limit)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    assert refused(bomb, "bom.png") == media.ERR_TOO_MANY_PIXELS  # ours, on the header


def test_between_pillows_warning_and_error_thresholds_is_refused_too(decoding_forbidden):
    assert Image.MAX_IMAGE_PIXELS == media.MAX_PIXELS
    assert refused(png_header_only(9000, 9000), "bom.png") == media.ERR_TOO_MANY_PIXELS  # 81 MP


# ---------------------------------------------------------------------------------------------
# What is stored


def test_gps_and_all_other_metadata_are_dropped(page):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (0.0, 27.0, 43.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (100.0, 24.0, 30.0)
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = encode(page.resize((800, 600)), exif=exif, icc_profile=icc, comment=b"Jl. Sudirman 12")
    assert opened(original).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload had a position

    stored = process_upload(original, "IMG_0001.jpg")
    image = opened(stored.content)
    assert dict(image.getexif()) == {}
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
    markers = jpeg_segments(stored.content)
    assert 0xE1 not in markers and 0xE2 not in markers and 0xFE not in markers  # APP1, APP2, COM
    assert b"Sudirman" not in stored.content and b"PhoneMaker" not in stored.content
    assert 0xE1 not in jpeg_segments(stored.thumbnail)


def test_a_phone_photo_turned_by_exif_is_stored_upright():
    sensor = Image.new("RGB", (400, 300), (200, 200, 200))
    ImageDraw.Draw(sensor).rectangle((0, 0, 59, 59), fill=(220, 0, 0))  # marker top-left as stored
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "turn 90 degrees clockwise to view"
    stored = process_upload(encode(sensor, exif=exif), "IMG_0002.jpg")
    assert (stored.width, stored.height) == (300, 400)
    image = opened(stored.content)
    assert image.size == (300, 400)
    red, green, _ = image.getpixel((270, 30))  # now top-right
    assert red > 180 and green < 60
    assert image.getpixel((30, 30))[1] > 150  # top-left is grey, not red
    assert ExifTags.Base.Orientation not in image.getexif()


def test_a_12_megapixel_photo_is_reduced_to_2000_px(page):
    big = page.resize((4000, 3000), Image.Resampling.NEAREST)
    original = encode(big, quality=92)
    stored = process_upload(original, "IMG_0003.jpg")
    assert (stored.width, stored.height) == (2000, 1500)
    assert opened(stored.content).size == (2000, 1500)
    assert stored.content_type == "image/jpeg" and stored.pages is None
    assert stored.original_size == len(original)
    assert stored.sha256 == hashlib.sha256(stored.content).hexdigest()
    assert max(opened(stored.thumbnail).size) == media.THUMB_SIDE
    assert opened(stored.content).info.get("progressive") or opened(stored.content).info.get("progression")


def test_a_tall_png_scan_is_reduced_and_small_images_keep_their_size(page):
    stored = process_upload(encode(page.resize((900, 2400)), "PNG", compress_level=1), "scan.png")
    assert (stored.width, stored.height) == (750, 2000)
    small = process_upload(encode(page.resize((640, 480)), "PNG"), "kecil.png")
    assert (small.width, small.height) == (640, 480)


def test_transparency_is_flattened_on_white():
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((50, 25, 149, 74), fill=(200, 0, 0, 255))
    stored = opened(process_upload(encode(image, "PNG"), "tanda-tangan.png").content)
    assert stored.mode == "RGB"
    assert min(stored.getpixel((5, 5))) > 245  # transparent corner: white, not black
    assert stored.getpixel((100, 50))[0] > 180

    palette = Image.new("P", (64, 64), 0)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    ImageDraw.Draw(palette).rectangle((20, 20, 43, 43), fill=1)
    flat = opened(process_upload(encode(palette, "PNG", transparency=0), "p.png").content)
    assert min(flat.getpixel((2, 2))) > 245


def test_sixteen_bit_grey_is_scaled_not_clipped():
    grey16 = Image.new("I;16", (64, 64), 128 * 256)  # mid grey in 16 bits
    stored = opened(process_upload(encode(grey16, "PNG"), "scan16.png").content)
    assert 100 < stored.getpixel((32, 32))[0] < 156


def test_webp_is_accepted(page):
    stored = process_upload(encode(page.resize((400, 300)), "WEBP"), "foto.webp")
    assert (stored.content_type, stored.width, stored.height) == ("image/jpeg", 400, 300)


@pytest.mark.skipif(media.pillow_heif is None, reason="pillow-heif not installed")
def test_heic_from_an_iphone_round_trip():
    image = Image.new("RGB", (320, 240), (30, 120, 200))
    ImageDraw.Draw(image).rectangle((0, 0, 79, 59), fill=(230, 20, 20))
    heic = encode(image, "HEIF", quality=90)
    assert heic[4:12] == b"ftypheic"
    stored = process_upload(heic, "IMG_0004.HEIC")
    result = opened(stored.content)
    assert (stored.width, stored.height) == (320, 240) and result.format == "JPEG"
    assert result.getpixel((20, 20))[0] > 180 and result.getpixel((300, 200))[2] > 160


# ---------------------------------------------------------------------------------------------
# Quality hints: calibrated here, in both directions


def stored_warnings(image: Image.Image) -> tuple[str, ...]:
    return process_upload(encode(image, quality=85), "foto.jpg").quality_warnings


def test_a_sharp_well_lit_page_has_no_warnings(page):
    assert stored_warnings(page) == ()
    assert stored_warnings(page.filter(ImageFilter.GaussianBlur(1))) == ()  # slightly soft is fine
    few_lines = page.crop((0, 0, 1600, 160)).resize((1600, 160))
    sparse = Image.new("RGB", (1600, 1200), (235, 232, 225))
    sparse.paste(few_lines, (0, 500))
    assert stored_warnings(sparse) == ()  # little text on the photo is not "blurry"


def test_a_blurred_page_is_called_blurry(page):
    for radius in (3, 5):
        assert stored_warnings(page.filter(ImageFilter.GaussianBlur(radius))) == (media.WARNING_BLURRY,)


def test_a_dark_page_is_called_dark_but_not_blurry(page):
    assert stored_warnings(page.point(lambda value: value * 0.15)) == (media.WARNING_DARK,)
    assert stored_warnings(page.point(lambda value: value * 0.45)) == ()  # dim but readable


def test_the_measures_behind_the_thresholds(page):
    def measures(image):
        return media.image_measures(opened(encode(image, quality=85)))

    sharp_mean, sharp_edge = measures(page)
    dark_mean, dark_edge = measures(page.point(lambda value: value * 0.15))
    _, blurred_edge = measures(page.filter(ImageFilter.GaussianBlur(3)))
    assert dark_mean < media.DARK_MEAN < sharp_mean
    assert blurred_edge < media.BLURRY_EDGE <= min(sharp_edge, dark_edge)


# ---------------------------------------------------------------------------------------------
# PDF


def stream(content: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), entries) + content + b"\nendstream"


def build_pdf(objects: dict[int, bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)
    return bytes(out)


def pages_pdf(count: int, catalog: bytes = b"", extra: dict[int, bytes] | None = None) -> bytes:
    """A minimal real PDF: catalog 1, page tree 2, pages 10, 12, ... with their content 11, 13, ..."""
    kids = [10 + 2 * i for i in range(count)]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), count),
    }
    for i, kid in enumerate(kids):
        objects[kid] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>" % (kid + 1)
        objects[kid + 1] = stream(zlib.compress(b"BT /F1 24 Tf 72 720 Td (Halaman %d) Tj ET" % (i + 1)),
                                  b"/Filter /FlateDecode ")
    objects.update(extra or {})
    return build_pdf(dict(sorted(objects.items())))


def test_a_minimal_pdf_is_stored_as_it_is():
    pdf = pages_pdf(1)
    stored = process_upload(pdf, "scan.pdf")
    assert stored.content == pdf and stored.content_type == "application/pdf"
    assert (stored.pages, stored.width, stored.height, stored.thumbnail) == (1, None, None, None)
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest() and stored.quality_warnings == ()


def test_pdf_from_fpdf2_with_three_pages():
    from fpdf import FPDF

    document = FPDF()
    for number in range(3):
        document.add_page()
        document.set_font("helvetica", size=14)
        document.cell(text=f"Halaman {number + 1}")
    assert process_upload(bytes(document.output()), "surat.pdf").pages == 3


def test_more_than_ten_pages_are_refused():
    assert process_upload(pages_pdf(10), "scan.pdf").pages == 10
    assert refused(pages_pdf(11), "scan.pdf") == media.ERR_PDF_TOO_MANY_PAGES


def test_a_page_rewritten_by_an_incremental_update_counts_once():
    pdf = pages_pdf(10)
    update = (b"\n12 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 13 0 R /Annots [] >>"
              b"\nendobj\nxref\n12 1\n%010d 00000 n \ntrailer\n<< /Size 31 /Root 1 0 R /Prev %d >>\n"
              b"startxref\n%d\n%%%%EOF\n" % (len(pdf) + 1, pdf.rindex(b"xref"), len(pdf) + 120))
    assert process_upload(pdf + update, "scan.pdf").pages == 10


def object_stream(objects: dict[int, bytes]) -> bytes:
    header, body = [], b""
    for number, text in objects.items():
        header.append(b"%d %d" % (number, len(body)))
        body += text + b"\n"
    head = b" ".join(header) + b"\n"
    content = head + body
    return stream(zlib.compress(content),
                  b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode " % (len(objects), len(head)))


def test_pages_inside_a_compressed_object_stream_are_counted():
    pages = {10 + i: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>" for i in range(11)}
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count 11 >>" % b" ".join(b"%d 0 R" % n for n in pages),
        5: object_stream(pages),
    }
    assert refused(build_pdf(objects), "scan.pdf") == media.ERR_PDF_TOO_MANY_PAGES
    del objects[5]
    objects[5] = object_stream(dict(list(pages.items())[:4]))
    assert process_upload(build_pdf(objects), "scan.pdf").pages == 4


def base64_85(data: bytes) -> bytes:
    import base64

    return base64.a85encode(data) + b"~>"


JS_ACTION = b"<< /S /JavaScript /JS (app.alert\\('hai'\\)) >>"


@pytest.mark.parametrize(
    "catalog, extra",
    [
        (b"/OpenAction 3 0 R ", {3: JS_ACTION}),
        (b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> ", {}),  # names spelled with #xx
        (b"/Names << /JavaScript 3 0 R >> ", {3: b"<< /Names [(a) << /S /JavaScript /JS 4 0 R >>] >>",
                                             4: stream(b"app.launchURL('http://x')")}),
        (b"/OpenAction << /S /Launch /F (cmd.exe) >> ", {}),
        (b"/AA << /WC << /S /GoTo /D [10 0 R /Fit] >> >> ", {}),
        (b"/Names << /EmbeddedFiles 3 0 R >> ", {3: b"<< /Names [(a.exe) 4 0 R] >>",
                                                4: b"<< /Type /Filespec /F (a.exe) >>"}),
        (b"", {5: object_stream({6: JS_ACTION, 7: b"<< /Type /Annot /A 6 0 R >>"})}),  # hidden compressed
        (b"", {5: stream(base64_85(b"<< /S /JavaScript /JS (x) >>"), b"/Filter /ASCII85Decode ")}),
    ],
    ids=["open-action", "hex-escaped", "names-tree", "launch", "aa", "embedded", "object-stream", "ascii85"],
)
def test_a_pdf_with_active_content_is_refused(catalog, extra):
    assert refused(pages_pdf(1, catalog, extra), "scan.pdf") == media.ERR_PDF_ACTIVE_CONTENT


def test_an_embedded_file_from_fpdf2_is_refused():
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.embed_file(basename="lampiran.txt", bytes=b"isi")
    assert refused(bytes(document.output()), "scan.pdf") == media.ERR_PDF_ACTIVE_CONTENT


def test_chance_bytes_in_scanned_images_are_no_active_content():
    rnd = random.Random(7)
    noise = bytes(rnd.getrandbits(8) for _ in range(20000))
    image_data = b"\xff\xd8\xff\xe0" + noise[:9000] + b"/JS (x) /AA <<" + noise[9000:] + b"\xff\xd9"
    image = stream(image_data, b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceRGB "
                               b"/BitsPerComponent 8 /Filter /DCTDecode ")
    assert process_upload(pages_pdf(1, extra={3: image}), "scan.pdf").pages == 1
    # but a long action name where a reader might look is refused wherever it is
    trick = stream(b"\x00\x01" + b"/S /JavaScript /JS (x)" + b"\x02", b"/Subtype /Image /Filter /DCTDecode ")
    assert refused(pages_pdf(1, extra={3: trick}), "scan.pdf") == media.ERR_PDF_ACTIVE_CONTENT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj << >> endobj\n",  # no %%EOF
        b"junk before\n" + pages_pdf(1),  # not at the start
        b"%PDF-1.4\n%%EOF\n",  # no pages at all
    ],
    ids=["no-eof", "junk-first", "no-pages"],
)
def test_not_a_real_pdf(data):
    assert refused(data, "scan.pdf") == media.ERR_PDF_INVALID


def test_an_encrypted_pdf_is_refused():
    pdf = pages_pdf(1, extra={7: b"<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"})
    pdf = pdf.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Encrypt 7 0 R ")
    assert refused(pdf, "scan.pdf") == media.ERR_PDF_INVALID


def test_a_flate_bomb_inside_a_pdf_is_refused(monkeypatch):
    monkeypatch.setattr(media, "_STREAM_INFLATE_LIMIT", 1024 * 1024)
    bomb = stream(zlib.compress(bytes(2 * 1024 * 1024), 9), b"/Filter /FlateDecode ")
    assert refused(pages_pdf(1, extra={3: bomb}), "scan.pdf") == media.ERR_PDF_INVALID


# ---------------------------------------------------------------------------------------------
# File names


@pytest.mark.parametrize(
    "name, shown",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system32\\KK.jpg", "KK.jpg"),
        ("C:\\Users\\Rosnah\\Pictures\\foto ktp.JPG", "foto ktp.JPG"),
        ("foto\x00\r\n\tktp.jpg", "foto ktp.jpg"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # right-to-left override removed
        ("akta\u200b\u2066lahir\u2069.pdf", "aktalahir.pdf"),
        ("..", ""),
        ("", ""),
        ("Surat Keterangan Kelahiran.pdf", "Surat Keterangan Kelahiran.pdf"),
    ],
)
def test_file_names_are_made_safe_to_show(name, shown):
    assert safe_display_name(name) == shown


def test_long_file_names_keep_their_extension():
    shown = safe_display_name("a" * 300 + ".jpeg")
    assert len(shown) <= 80 and shown.endswith("….jpeg")
    assert len(safe_display_name("b" * 300)) == 80


# ---------------------------------------------------------------------------------------------
# Nothing but MediaError, whatever arrives

_PREFIXES = [
    b"",
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"RIFF\x10\x00\x00\x00WEBPVP8 ",
    struct.pack(">I", 24) + b"ftypheic\x00\x00\x00\x00mif1heic",
    b"%PDF-1.7\n",
]


def _mutated(data: bytes, draw) -> bytes:
    position = draw(st.integers(0, len(data) - 1))
    cut = draw(st.booleans())
    noise = draw(st.binary(max_size=16))
    return data[:position] + noise if cut else data[:position] + noise + data[position + len(noise):]


_SMALL_FILES = [
    encode(Image.new("RGB", (16, 12), (10, 200, 30))),
    encode(Image.new("RGBA", (16, 12), (10, 200, 30, 100)), "PNG"),
    pages_pdf(2, extra={5: object_stream({6: b"<< /Type /Page >>"})}),
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_bytes_give_a_result_or_a_media_error(data):
    if data.draw(st.booleans()):
        upload = data.draw(st.sampled_from(_PREFIXES)) + data.draw(st.binary(max_size=400))
        if upload.startswith(b"%PDF") and data.draw(st.booleans()):
            upload += b"\n%%EOF\n"
    else:
        upload = _mutated(data.draw(st.sampled_from(_SMALL_FILES)), data.draw)
    try:
        result = process_upload(upload, "x")
    except MediaError as error:
        assert error.message_id.startswith("error.upload.")
    else:
        assert result.content and result.sha256


def test_the_jpeg_written_through_a_file_is_byte_for_byte_the_one_written_in_memory(page):
    """_encode_jpeg goes through a temporary file so that Pillow lets go of the GIL while it
    encodes; what is stored must not change."""
    image = page.convert("RGB")
    for quality, progressive in ((media.JPEG_QUALITY, True), (media.THUMB_QUALITY, False)):
        in_memory = io.BytesIO()
        image.save(in_memory, format="JPEG", quality=quality, optimize=True, progressive=progressive)
        assert media._encode_jpeg(image, quality, progressive=progressive) == in_memory.getvalue()
