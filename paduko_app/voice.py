"""Pre-made voice prompts: the catalogue's texts spoken by espeak-ng, for phones without an
on-device Indonesian speechSynthesis voice.

Run as `python -m paduko_app.voice COMMAND`:
  render [--force] [--jobs N]   render what changed into assets/voice/, write manifest.json,
                                remove audio no longer referenced (--force: render everything,
                                e.g. after changing the voice settings or SPOKEN_FORMS below)
  check                         exit 1 and list prompts whose audio is missing or stale

What gets audio (`prompt_ids`): every service's name and help, every question's label and hint,
every document's label and instruction, and the messages under PROMPT_PREFIXES. Texts with a
"{" placeholder are left out (`has_placeholder`): their dynamic part would be read wrongly, so
the browser's speechSynthesis speaks those, or nothing does.

Voices: Indonesian (`-v id`) for `id` and for `min` (no engine has a Minang voice; the Minang
text is read with the Indonesian voice, shared/reference/language.md), English for `en`; a slower
rate for older listeners.

Format: MP3 (MPEG-2 Layer III), mono, 16 kHz, 24 kbit/s CBR, encoded by LAME. One format that
every browser our residents use plays: Chromium and Android WebView, Safari on every iOS version,
Firefox. Ogg Opus would be smaller for the same quality, but Safari does not reliably play Ogg
(only claimed from iOS 18.4), and older iPhones are common among older residents.

Files: `<lang>/<first 12 hex of sha1(text)>.mp3`, so identical texts share one file and a changed
text gets a new one. `manifest.json` maps {lang: {message id: {"file", "text"}}}; a test compares
it with the catalogues, so a prompt whose text changed fails the tests until it is rendered again.
The browser never reads manifest.json (161 KiB: every text in three languages). "Dengarkan" reads
`index/<lang>-<bucket>.json`, {message id: audio hash} for the few ids of that language whose
FNV-1a hash falls in the bucket (`index_bucket`, the same function in assets/voice.js), so one
press downloads an index of well under 1 KiB per prompt and then the audio itself.

Debian packages: espeak-ng and lame (only to render; checking needs neither).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from paduko_app import i18n
from paduko_app.domain import catalogue

ROOT = Path(__file__).resolve().parent.parent
VOICE_DIR = ROOT / "assets" / "voice"
MANIFEST = "manifest.json"
INDEX_DIR = "index"
INDEX_BUCKETS = 32  # assets/voice.js has the same number (a test checks)
LANGUAGES = ("id", "min", "en")

PROMPT_PREFIXES = ("error.", "status.", "event.", "home.", "signin.", "help.", "privacy.", "welcome.", "wizard.",
                   "kiosk.idle.", "upload.", "ikm.q.", "ikm.answer.")

# espeak-ng voice per language: Minang is read with the Indonesian voice.
VOICES = {"id": "id", "min": "id", "en": "en"}
RATE_WPM = 140  # espeak-ng's default is 175: slower for older listeners
EXTENSION = "mp3"
SAMPLE_RATE_KHZ = 16
BITRATE_KBPS = 24
HASH_HEX = 12

# What the Indonesian voice reads wrongly, written as it should be said. Applied only to what is
# spoken; the manifest keeps the catalogue's text. Change this, then `render --force`.
SPOKEN_FORMS = {
    "id": {
        "SKPWNI": "S-K-P-W-N-I",  # otherwise "es-kap-wni"
        "SPTJM": "S-P-T-J-M",
        "KIA": "K-I-A",  # otherwise the word "kia"
        "KUA": "K-U-A",
        "YME": "Yang Maha Esa",
        "UU": "Undang-Undang",
    },
}


class RenderError(RuntimeError):
    pass


# --- which prompts, which text, which file ------------------------------------------------

def has_placeholder(text: str) -> bool:
    """A text with a "{...}" part is dynamic: it gets no pre-made audio."""
    return "{" in text


def _catalogue_prompt_ids() -> set[str]:
    ids: set[str] = set()
    for svc in catalogue.SERVICES:
        ids |= {svc.name, svc.help}
        for q in svc.questions:
            ids |= {q.label} | ({q.hint} if q.hint else set())
        for d in svc.documents:
            ids |= {d.label, d.instruction}
    return ids


def prompt_ids(texts: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """The message ids that get pre-made audio, sorted.

    `texts` is {lang: {message id: text}} (default: the compiled catalogues). An id must exist in
    the Indonesian catalogue (else the id itself would be read aloud), and is left out when its
    text in any language has a placeholder, so every language has the same prompts.
    """
    texts = i18n.catalogs() if texts is None else texts
    source = texts["id"]
    wanted = _catalogue_prompt_ids() | {k for k in source if k.startswith(PROMPT_PREFIXES)}
    return sorted(
        message_id for message_id in wanted
        if message_id in source
        and not any(has_placeholder(table.get(message_id, "")) for table in texts.values())
    )


def prompt_text(lang: str, message_id: str) -> str:
    return i18n.translate(lang, message_id)


def audio_name(lang: str, text: str) -> str:
    """`<lang>/<sha1 of the text, 12 hex>.mp3`, relative to the voice folder."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:HASH_HEX]
    return f"{lang}/{digest}.{EXTENSION}"


def spoken_form(lang: str, text: str) -> str:
    """The text as handed to the speech engine (see SPOKEN_FORMS)."""
    forms = SPOKEN_FORMS.get(VOICES[lang], {})
    if not forms:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, forms)) + r")\b")
    return pattern.sub(lambda match: forms[match.group(1)], text)


def wanted_manifest(langs: Iterable[str] = LANGUAGES) -> dict[str, dict[str, dict[str, str]]]:
    """What manifest.json should say for the current catalogues."""
    ids = prompt_ids()
    result: dict[str, dict[str, dict[str, str]]] = {}
    for lang in langs:
        entries: dict[str, dict[str, str]] = {}
        for message_id in ids:
            text = prompt_text(lang, message_id)
            entries[message_id] = {"file": audio_name(lang, text), "text": text}
        result[lang] = entries
    return result


def read_manifest(out_dir: Path = VOICE_DIR) -> dict[str, dict[str, dict[str, str]]]:
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def serialise_manifest(manifest: Mapping) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- the browser's small per-language index files -----------------------------------------

def index_bucket(message_id: str) -> str:
    """Two hex digits: 32-bit FNV-1a of the id, modulo INDEX_BUCKETS (as assets/voice.js computes)."""
    value = 0x811C9DC5
    for byte in message_id.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{value % INDEX_BUCKETS:02x}"


def index_name(lang: str, message_id: str) -> str:
    """The index file that names the audio of `message_id` in `lang`, relative to the voice folder."""
    return f"{INDEX_DIR}/{lang}-{index_bucket(message_id)}.json"


def wanted_indexes(manifest: Mapping[str, Mapping[str, Mapping[str, str]]]) -> dict[str, str]:
    """{index file: its text} for a manifest: each id's audio hash (the file name without language
    and extension), so the browser fetches `/voice/<lang>/<hash>.mp3`."""
    files: dict[str, dict[str, str]] = {}
    for lang, entries in manifest.items():
        for bucket in range(INDEX_BUCKETS):  # every bucket exists, an empty one too: no 404 in the browser
            files.setdefault(f"{INDEX_DIR}/{lang}-{bucket:02x}.json", {})
        for message_id, entry in entries.items():
            digest = entry["file"].split("/", 1)[1].rsplit(".", 1)[0]
            files[index_name(lang, message_id)][message_id] = digest
    return {name: json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            for name, table in sorted(files.items())}


def stale_indexes(out_dir: Path = VOICE_DIR) -> list[str]:
    """Index files missing, different from the manifest, or left over."""
    out_dir = Path(out_dir)
    want = wanted_indexes(read_manifest(out_dir))
    found = [name for name, text in want.items()
             if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text]
    index_dir = out_dir / INDEX_DIR
    extra = [f"{INDEX_DIR}/{path.name}" for path in index_dir.iterdir()] if index_dir.is_dir() else []
    return sorted(found + [name for name in extra if name not in want])


def write_indexes(out_dir: Path = VOICE_DIR) -> None:
    out_dir = Path(out_dir)
    want = wanted_indexes(read_manifest(out_dir))
    (out_dir / INDEX_DIR).mkdir(parents=True, exist_ok=True)
    for name, text in want.items():
        path = out_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for path in (out_dir / INDEX_DIR).iterdir():
        if f"{INDEX_DIR}/{path.name}" not in want:
            path.unlink()


# --- staleness ----------------------------------------------------------------------------

def stale(out_dir: Path = VOICE_DIR, langs: Iterable[str] = LANGUAGES) -> list[str]:
    """"lang:message_id" for every prompt whose audio is missing or stale.

    Stale: not in the manifest, its manifest text differs from the catalogue's current text, its
    file is not the one the naming rule gives, or the file is missing. A manifest entry that is
    no longer a prompt counts too (rendering again drops it).
    """
    out_dir = Path(out_dir)
    have = read_manifest(out_dir)
    want = wanted_manifest(langs)
    found: list[str] = []
    for lang, entries in want.items():
        old = have.get(lang, {})
        for message_id, entry in entries.items():
            previous = old.get(message_id)
            if (
                previous is None
                or previous.get("text") != entry["text"]
                or previous.get("file") != entry["file"]
                or not (out_dir / entry["file"]).is_file()
            ):
                found.append(f"{lang}:{message_id}")
        found += [f"{lang}:{message_id}" for message_id in old if message_id not in entries]
    return sorted(found)


def unreferenced(out_dir: Path = VOICE_DIR) -> list[str]:
    """Audio files in the voice folder that the manifest does not name."""
    out_dir = Path(out_dir)
    manifest = read_manifest(out_dir)
    named = {entry["file"] for entries in manifest.values() for entry in entries.values()}
    files = {
        path.relative_to(out_dir).as_posix()
        for lang in LANGUAGES if (out_dir / lang).is_dir()
        for path in (out_dir / lang).iterdir() if path.is_file()
    }
    return sorted(files - named)


# --- rendering ----------------------------------------------------------------------------

def speak_command(lang: str) -> list[str]:
    """espeak-ng reading UTF-8 text from stdin, writing WAV to stdout."""
    return ["espeak-ng", "-v", VOICES[lang], "-s", str(RATE_WPM), "-b", "1", "--stdin", "--stdout"]


def encode_command(target: Path) -> list[str]:
    """LAME: WAV on stdin to a small mono MP3."""
    return [
        "lame", "--quiet", "-m", "m", "--resample", str(SAMPLE_RATE_KHZ), "-b", str(BITRATE_KBPS),
        "--cbr", "-", str(target),
    ]


def missing_tools() -> list[str]:
    return [tool for tool in ("espeak-ng", "lame") if shutil.which(tool) is None]


def synthesize_wav(lang: str, text: str) -> bytes:
    """The prompt as WAV bytes (22.05 kHz mono, as espeak-ng speaks)."""
    spoken = subprocess.run(
        speak_command(lang), input=spoken_form(lang, text).encode("utf-8"), capture_output=True, check=False
    )
    if spoken.returncode != 0 or len(spoken.stdout) <= 44:
        raise RenderError(f"espeak-ng failed for {lang}: {spoken.stderr.decode(errors='replace').strip()}")
    return spoken.stdout


def render_file(lang: str, text: str, target: Path) -> None:
    """Speak `text` in `lang` into the audio file `target` (written whole or not at all)."""
    wav = synthesize_wav(lang, text)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".render-", suffix=f".{EXTENSION}")
    os.close(handle)
    try:
        encoded = subprocess.run(encode_command(Path(temporary)), input=wav, capture_output=True, check=False)
        if encoded.returncode != 0 or os.path.getsize(temporary) == 0:
            raise RenderError(f"lame failed: {encoded.stderr.decode(errors='replace').strip()}")
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@dataclass(frozen=True)
class RenderReport:
    prompts: int  # prompts per language
    languages: int
    rendered: int  # audio files written in this run
    reused: int  # audio files already there
    removed: int  # files no longer referenced, deleted
    files: int  # audio files now in the folder
    total_bytes: int  # audio files plus manifest

    def __str__(self) -> str:
        return (
            f"{self.prompts} prompts x {self.languages} languages: {self.rendered} rendered, "
            f"{self.reused} reused, {self.removed} removed; {self.files} audio files, "
            f"{self.total_bytes / 1_000_000:.2f} MB"
        )


def render_all(
    out_dir: Path = VOICE_DIR, langs: Iterable[str] = LANGUAGES, jobs: int = 2, force: bool = False
) -> RenderReport:
    """Render the audio that is missing or changed, write the manifest, remove unreferenced files.

    Languages not in `langs` keep their manifest entries and files as they were.
    """
    missing = missing_tools()
    if missing:
        raise RenderError(f"not installed: {', '.join(missing)} (Debian packages espeak-ng, lame)")
    out_dir = Path(out_dir)
    langs = tuple(langs)
    want = wanted_manifest(langs)

    targets: dict[str, tuple[str, str]] = {}  # file -> (lang, text); identical texts share one
    for lang, entries in want.items():
        for entry in entries.values():
            targets.setdefault(entry["file"], (lang, entry["text"]))
    todo = sorted(name for name in targets if force or not (out_dir / name).is_file())

    def job(name: str) -> None:
        lang, text = targets[name]
        render_file(lang, text, out_dir / name)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for _ in pool.map(job, todo):  # re-raises the first failure
            pass

    manifest = {lang: entries for lang, entries in read_manifest(out_dir).items() if lang not in want}
    manifest.update(want)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    text = serialise_manifest(manifest)
    if not manifest_path.exists() or manifest_path.read_text(encoding="utf-8") != text:
        temporary = manifest_path.with_suffix(".json.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, manifest_path)
    write_indexes(out_dir)

    removed = 0
    for name in unreferenced(out_dir):
        if name.split("/", 1)[0] in langs:
            (out_dir / name).unlink()
            removed += 1

    audio = [path for lang in LANGUAGES if (out_dir / lang).is_dir() for path in (out_dir / lang).iterdir()]
    return RenderReport(
        prompts=len(next(iter(want.values()), {})),
        languages=len(want),
        rendered=len(todo),
        reused=len(targets) - len(todo),
        removed=removed,
        files=len(audio),
        total_bytes=sum(path.stat().st_size for path in audio) + manifest_path.stat().st_size,
    )


# --- command line -------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m paduko_app.voice", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="render changed prompts, write the manifest")
    render.add_argument("--force", action="store_true", help="render every prompt again")
    render.add_argument("--jobs", type=int, default=2)
    commands.add_parser("check", help="exit 1 when any prompt's audio is missing or stale")
    args = parser.parse_args(argv)

    if args.command == "render":
        try:
            print(render_all(jobs=args.jobs, force=args.force))
        except RenderError as exc:
            print(f"voice: {exc}", file=sys.stderr)
            return 1
        return 0

    outdated, extra = stale() + [f"index: {name}" for name in stale_indexes()], unreferenced()
    for item in outdated:
        print(f"stale: {item}")
    for name in extra:
        print(f"unreferenced: {name}")
    if outdated or extra:
        print(f"{len(outdated)} prompt(s) stale, {len(extra)} file(s) unreferenced: "
              "run `python -m paduko_app.voice render`", file=sys.stderr)
        return 1
    print(f"voice prompts current: {len(prompt_ids())} prompts in {len(LANGUAGES)} languages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
