"""Pre-made voice prompts: current with the catalogues, named by their text, really MP3."""

import hashlib
import json
import re
import shutil
import subprocess

import pytest

from paduko_app import voice
from paduko_app.i18n import catalogs


def test_manifest_covers_every_prompt_of_every_language_and_none_is_stale():
    manifest = voice.read_manifest()
    ids = voice.prompt_ids()
    assert len(ids) > 200
    for lang in voice.LANGUAGES:
        assert sorted(manifest.get(lang, {})) == ids, lang
    assert voice.stale() == [], "voice audio is stale: run `python -m paduko_app.voice render`"
    assert voice.unreferenced() == [], "unreferenced audio: run `python -m paduko_app.voice render`"


def test_manifest_is_written_deterministically():
    path = voice.VOICE_DIR / voice.MANIFEST
    assert path.read_text(encoding="utf-8") == voice.serialise_manifest(json.loads(path.read_text(encoding="utf-8")))


def test_prompts_come_from_the_catalogue_and_the_named_areas():
    ids = set(voice.prompt_ids())
    assert {"service.akta_lahir.name", "service.akta_lahir.help", "q.child_name.label",
            "q.child_name.hint", "doc.ktp_el.label", "doc.ktp_el.instruction",
            "error.required", "status.submitted", "home.heading", "welcome.heading"} <= ids
    assert "opt.yes" not in ids and "lang.id" not in ids  # short labels: the browser speaks them


def test_texts_with_placeholders_get_no_audio():
    assert voice.has_placeholder("Paling lama {days} hari kerja")
    assert not voice.has_placeholder("Gratis")
    texts = {lang: dict(table) for lang, table in catalogs().items()}
    texts["min"]["q.child_name.label"] = "Namo anak {name}"  # a placeholder in one language only
    texts["id"]["home.greeting"] = "Selamat datang, {name}"
    texts["id"]["home.plain"] = "Selamat datang"
    ids = voice.prompt_ids(texts)
    assert "q.child_name.label" not in ids and "home.greeting" not in ids
    assert "home.plain" in ids and "q.child_name.hint" in ids
    for message_id in voice.prompt_ids():  # and in the real catalogues
        for lang in voice.LANGUAGES:
            assert "{" not in voice.prompt_text(lang, message_id), (lang, message_id)


def test_file_name_is_the_language_and_a_hash_of_the_text():
    text = "Tulih namo lengkap anak, jan disingkek."
    expected = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    assert voice.audio_name("min", text) == f"min/{expected}.mp3"
    assert voice.audio_name("min", text) == voice.audio_name("min", text)  # identical texts share a file
    assert voice.audio_name("min", text + " ") != voice.audio_name("min", text)  # a changed text: a new file
    assert voice.audio_name("id", text).startswith("id/")


def test_spoken_forms_spell_what_the_indonesian_voice_misreads():
    assert voice.spoken_form("min", "Surek pindah (SKPWNI) jo KIA") == "Surek pindah (S-K-P-W-N-I) jo K-I-A"
    assert voice.spoken_form("id", "KIAMAT dan NIK") == "KIAMAT dan NIK"  # whole words only
    assert voice.spoken_form("en", "SKPWNI") == "SKPWNI"  # the English voice spells capitals itself


def _is_mpeg2_layer3_mono_16khz(data: bytes) -> bool:
    if data[:3] == b"ID3":
        return False  # we write no ID3 tag; the file starts with a frame
    b1, b2, b3 = data[1], data[2], data[3]
    return (
        data[0] == 0xFF and b1 & 0xE0 == 0xE0  # frame sync
        and (b1 >> 3) & 0b11 == 0b10  # MPEG-2
        and (b1 >> 1) & 0b11 == 0b01  # Layer III
        and (b2 >> 2) & 0b11 == 0b10  # 16 kHz (MPEG-2 table)
        and b3 >> 6 == 0b11  # single channel
    )


@pytest.mark.skipif(bool(voice.missing_tools()),
                    reason=f"needs {', '.join(voice.missing_tools())} (Debian packages espeak-ng, lame)")
def test_render_two_prompts_into_a_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(voice, "prompt_ids", lambda texts=None: ["home.free.title", "welcome.heading"])
    report = voice.render_all(tmp_path, langs=("id", "min"), jobs=2)
    assert (report.rendered, report.removed) == (4, 0)
    manifest = voice.read_manifest(tmp_path)
    for lang in ("id", "min"):
        for message_id in ("home.free.title", "welcome.heading"):
            entry = manifest[lang][message_id]
            data = (tmp_path / entry["file"]).read_bytes()
            assert len(data) > 1000, entry
            assert _is_mpeg2_layer3_mono_16khz(data), data[:4].hex()
    assert voice.stale(tmp_path, langs=("id", "min")) == []

    (tmp_path / "min" / "stray.mp3").write_bytes(b"x")
    old_file = manifest["min"]["home.free.title"]["file"]
    original = voice.prompt_text
    monkeypatch.setattr(voice, "prompt_text",
                        lambda lang, mid: "Indak babayia" if (lang, mid) == ("min", "home.free.title") else original(lang, mid))
    assert voice.stale(tmp_path, langs=("id", "min")) == ["min:home.free.title"]
    again = voice.render_all(tmp_path, langs=("id", "min"))
    assert (again.rendered, again.removed) == (1, 2)  # the changed text; its old file and the stray one
    assert not (tmp_path / old_file).exists()
    assert voice.stale(tmp_path, langs=("id", "min")) == []


# --- what the browser downloads for one press of "Dengarkan" ---------------------------------

def test_index_files_are_current_and_name_every_prompt_in_small_pieces():
    assert voice.stale_indexes() == [], "voice index is stale: run `python -m paduko_app.voice render`"
    manifest = voice.read_manifest()
    for lang in voice.LANGUAGES:
        merged = {}
        for bucket in range(voice.INDEX_BUCKETS):
            path = voice.VOICE_DIR / voice.INDEX_DIR / f"{lang}-{bucket:02x}.json"
            assert path.stat().st_size < 1500, path  # the whole manifest was 186 KB
            merged |= json.loads(path.read_text(encoding="utf-8"))
        assert {mid: f"{lang}/{digest}.mp3" for mid, digest in merged.items()} == \
            {mid: entry["file"] for mid, entry in manifest[lang].items()}


def test_index_bucket_is_a_fixed_hash_of_the_id():
    assert voice.index_bucket("home.heading") == "1e"  # FNV-1a 32-bit, also computed in assets/voice.js
    assert voice.index_name("min", "q.child_name.label") == "index/min-1a.json"
    assert len({voice.index_bucket(mid) for mid in voice.prompt_ids()}) == voice.INDEX_BUCKETS


BROWSER_SCRIPT = voice.ROOT / "assets" / "voice.js"


def test_the_browser_computes_the_same_buckets():
    source = BROWSER_SCRIPT.read_text(encoding="utf-8")
    assert f"var BUCKETS = {voice.INDEX_BUCKETS};" in source
    runtime = shutil.which("node") or shutil.which("bun", path=str(voice.ROOT / "tools" / "bun" / "node_modules" / ".bin"))
    if runtime is None:
        pytest.skip("no JavaScript runtime (scripts/test installs Bun)")
    function = re.search(r"function bucket\(id\) \{.*?\n  \}", source, re.S).group(0)
    ids = voice.prompt_ids()
    script = f"var BUCKETS = {voice.INDEX_BUCKETS};\n{function}\nconsole.log(JSON.stringify({json.dumps(ids)}.map(bucket)));"
    done = subprocess.run([runtime, "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [voice.index_bucket(mid) for mid in ids]
