"""Catalogue maintenance: extract, update, compile, check, review.

Run as `python -m paduko_app.i18n_catalogs COMMAND`:
  extract  write locales/messages.pot from m("...") calls and the service catalogue
  update   merge the .pot into locales/{id,min,en}/LC_MESSAGES/messages.po (new ids empty)
  compile  write the .mo files the app reads (Minang entries awaiting review included)
  check    exit 1 when any message lacks a translation or the .pot is stale
  review   list the Minang messages awaiting a native speaker's review (fuzzy), as TSV
  import FILE.tsv  take translations from a spreadsheet: msgid, id, min, en, min_reviewed
           (yes/no); Minang not marked reviewed is flagged fuzzy (awaiting review)

Message ids are symbolic keys ("q.child_name.label"); Indonesian is the source language and
its text lives in the id catalogue like the others, so wording can change without touching code.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from paduko_app.domain.formatting import minang_names_awaiting_review

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
LANGUAGES = ("id", "min", "en")
POT = LOCALES / "messages.pot"
DOMAIN = "messages"


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extracted_ids() -> dict[str, list[tuple[str, int]]]:
    """Every message id in the code, with where it occurs."""
    from paduko_app.domain import catalogue

    found: dict[str, list[tuple[str, int]]] = {}
    method_map = [("**.py", "python")]
    for folder in ("paduko_app", "components", "state"):
        for filename, lineno, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map, keywords={"m": None, "t": None}
        ):
            if isinstance(message, str):
                found.setdefault(message, []).append((f"{folder}/{filename}", lineno))
    for message_id in catalogue.all_message_ids():
        found.setdefault(message_id, []).append(("paduko_app/domain/catalogue.py", 0))
    return found


def build_template() -> Catalog:
    template = Catalog(project="PADUKO", domain=DOMAIN, charset="utf-8")
    for message_id, locations in sorted(extracted_ids().items()):
        template.add(message_id, locations=sorted(set(locations)))
    return template


def _serialise(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, sort_output=True, width=100, no_location=True)
    return buffer.getvalue()


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def extract() -> None:
    POT.write_bytes(_serialise(build_template()))


def update() -> None:
    template = build_template()
    for lang in LANGUAGES:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read_catalog(path) if path.exists() else Catalog(domain=DOMAIN, charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        path.write_bytes(_serialise(catalog))


def compile_all() -> None:
    for lang in LANGUAGES:
        catalog = read_catalog(po_path(lang))
        with mo_path(lang).open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=True)  # Minang guesses are shown, and listed by `review`


def missing() -> dict[str, list[str]]:
    """Message ids without a translation, per language (a stale .pot counts as missing)."""
    wanted = set(extracted_ids())
    gaps: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        path = po_path(lang)
        catalog = read_catalog(path) if path.exists() else Catalog()
        have = {msg.id for msg in catalog if msg.id and msg.string}
        lacking = sorted(wanted - have)
        if lacking:
            gaps[lang] = lacking
    return gaps


def awaiting_review() -> list[tuple[str, str]]:
    """Fuzzy Minang messages, and the Minang day and month names dates are written with."""
    catalog = read_catalog(po_path("min"))
    return [(msg.id, msg.string) for msg in catalog if msg.id and msg.fuzzy] + minang_names_awaiting_review()


def import_tsv(path: Path) -> int:
    """Fill the catalogues from a TSV; returns how many message ids were taken."""
    wanted = set(extracted_ids())
    rows: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) != 5 or cells[0] not in wanted:
            continue
        rows[cells[0]] = cells
    for column, lang in enumerate(LANGUAGES, start=1):
        catalog = read_catalog(po_path(lang))
        for message_id, cells in rows.items():
            message = catalog.get(message_id)
            if message is None or not cells[column].strip():
                continue
            message.string = cells[column].strip()
            reviewed = lang != "min" or cells[4].strip().lower() == "yes"
            if reviewed:
                message.flags.discard("fuzzy")
            else:
                message.flags.add("fuzzy")
        po_path(lang).write_bytes(_serialise(catalog))
    return len(rows)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "extract":
        extract()
    elif command == "update":
        extract()
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        gaps = missing()
        for lang, ids in gaps.items():
            print(f"{lang}: {len(ids)} message(s) without a translation: {', '.join(ids[:20])}")
        if POT.exists() and POT.read_bytes() != _serialise(build_template()):
            print("locales/messages.pot is stale: run `python -m paduko_app.i18n_catalogs update`")
            return 1
        return 1 if gaps else 0
    elif command == "import" and len(argv) > 2:
        print(f"{import_tsv(Path(argv[2]))} message(s) imported")
    elif command == "review":
        pending = awaiting_review()
        for message_id, text in pending:
            print(f"{message_id}\t{text}")
        print(f"{len(pending)} Minang message(s) awaiting review by a native speaker", file=sys.stderr)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
