"""What the office keeps itself (admin, /admin/kantor): office hours and contacts for "Butuh
bantuan?", a short announcement for the home page in three languages, and service target times
(the queue's target date and the monitoring's within-target share use them instead of the
catalogue's default). Stored in `OfficeSetting`, one JSON value per key; every save is validated
(errors are message ids per field) and audited.

Pages read `public_info()` when they are shown (state/office_info.py), through a short
in-process cache that a save clears.
"""

from __future__ import annotations

import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from sqlmodel import Session, select

from paduko_app import office
from paduko_app.db.models import OfficeSetting, VoiceRecording, utcnow
from paduko_app.domain import catalogue
from paduko_app.domain.formatting import LANGUAGES
from paduko_app.domain.messages import FormErrors, m
from paduko_app.services import audit
from paduko_app.services.tallies import TARGETS_KEY

ANNOUNCEMENT_PROMPT = "announcement"  # VoiceRecording id of its audio, served at /api/suara/<lang>/announcement
CONTACT_KEY = "contact"
ANNOUNCEMENT_KEY = "announcement"
MAX_HOURS = 200
MAX_ADDRESS = 200
MAX_ANNOUNCEMENT = 300
MIN_TARGET, MAX_TARGET = 1, 60  # working days

ERR_PHONE = m("error.office_settings.phone")
ERR_WHATSAPP = m("error.office_settings.whatsapp")
ERR_TOO_LONG = m("error.office_settings.too_long")
ERR_ALL_LANGUAGES = m("error.office_settings.all_languages")
ERR_TARGET = m("error.office_settings.target")


@dataclass(frozen=True)
class Contact:
    phone: str  # as people write it, e.g. 0852-7466-3857
    whatsapp: str  # international digits for wa.me, e.g. 6285274663857
    address: str = ""
    hours: Mapping[str, str] = field(default_factory=dict)  # language -> text; empty: the generic text

    @property
    def phone_link(self) -> str:
        return "tel:" + re.sub(r"[^\d+]", "", self.phone)

    @property
    def whatsapp_display(self) -> str:
        """As people read it: 6285274663857 -> 0852-7466-3857."""
        local = "0" + self.whatsapp[2:]
        return "-".join(local[i:i + 4] for i in range(0, len(local), 4))


DEFAULT_CONTACT = Contact(office.OFFICE_PHONE, office.OFFICE_WHATSAPP)


@dataclass(frozen=True)
class PublicInfo:
    contact: Contact
    announcement: Mapping[str, str]  # language -> text; empty when none is shown


def _get(session: Session, key: str):
    return session.exec(select(OfficeSetting.value).where(OfficeSetting.key == key)).first()


def _put(session: Session, key: str, value, admin_id: int) -> None:
    row = session.get(OfficeSetting, key) or OfficeSetting(key=key)
    row.value, row.updated_at, row.updated_by_account_id = value, utcnow(), admin_id
    session.add(row)
    audit.record(session, "office_setting.save", actor_account_id=admin_id, target_type="officesetting",
                 detail={"key": key})


def _clean(text) -> str:
    return " ".join(str(text or "").split())


def _texts(value) -> dict[str, str]:
    return {lang: str(value.get(lang, "")) for lang in LANGUAGES} if isinstance(value, dict) else {}


def contact(session: Session) -> Contact:
    value = _get(session, CONTACT_KEY)
    if not isinstance(value, dict):
        return DEFAULT_CONTACT
    hours = _texts(value.get("hours"))
    return Contact(value.get("phone") or DEFAULT_CONTACT.phone, value.get("whatsapp") or DEFAULT_CONTACT.whatsapp,
                   value.get("address", ""), hours if all(hours.values()) else {})


def _all_or_none(texts: Mapping[str, str], name: str, limit: int, errors: dict) -> dict[str, str]:
    cleaned = {lang: _clean(texts.get(lang, "")) for lang in LANGUAGES}
    for lang, text in cleaned.items():
        if len(text) > limit:
            errors[f"{name}_{lang}"] = ERR_TOO_LONG
        elif not text and any(cleaned.values()):
            errors[f"{name}_{lang}"] = ERR_ALL_LANGUAGES  # one language missing would show another's text
    return cleaned


def save_contact(session: Session, *, admin_id: int, phone: str, whatsapp: str, address: str,
                 hours: Mapping[str, str]) -> Contact:
    """Phone as people dial it (0-prefixed or +62), WhatsApp stored as international digits; hours
    in all three languages or none (then the generic text). Commits."""
    errors: dict[str, str] = {}
    phone = _clean(phone)
    if not re.fullmatch(r"\+?[\d\- ]{8,20}", phone) or not 8 <= len(re.sub(r"\D", "", phone)) <= 15:
        errors["phone"] = ERR_PHONE
    digits = re.sub(r"[\s\-]", "", str(whatsapp or ""))
    digits = "62" + digits[1:] if digits.startswith("0") else digits.lstrip("+")
    if not re.fullmatch(r"62\d{8,13}", digits):
        errors["whatsapp"] = ERR_WHATSAPP
    address = _clean(address)
    if len(address) > MAX_ADDRESS:
        errors["address"] = ERR_TOO_LONG
    hours_clean = _all_or_none(hours, "hours", MAX_HOURS, errors)
    if errors:
        raise FormErrors(errors)
    _put(session, CONTACT_KEY, {"phone": phone, "whatsapp": digits, "address": address, "hours": hours_clean},
         admin_id)
    session.commit()
    forget_public_info()
    return contact(session)


def announcement(session: Session) -> dict[str, str]:
    """The announcement in each language, or {} when none is shown."""
    value = _get(session, ANNOUNCEMENT_KEY)
    if not isinstance(value, dict) or not value.get("active"):
        return {}
    texts = _texts(value.get("text"))
    return texts if all(texts.values()) else {}


def announcement_draft(session: Session) -> tuple[dict[str, str], bool]:
    """What the admin form shows: the texts (even when switched off) and whether it is shown."""
    value = _get(session, ANNOUNCEMENT_KEY)
    if not isinstance(value, dict):
        return {lang: "" for lang in LANGUAGES}, False
    return _texts(value.get("text")) or {lang: "" for lang in LANGUAGES}, bool(value.get("active"))


def save_announcement(session: Session, *, admin_id: int, texts: Mapping[str, str], active: bool) -> dict[str, str]:
    """Shown only with a text in every language (a Minang reader never gets another language's). Commits."""
    errors: dict[str, str] = {}
    cleaned = _all_or_none(texts, "text", MAX_ANNOUNCEMENT, errors)
    if active and not any(cleaned.values()):
        errors.update({f"text_{lang}": ERR_ALL_LANGUAGES for lang in LANGUAGES})
    if errors:
        raise FormErrors(errors)
    _put(session, ANNOUNCEMENT_KEY, {"active": bool(active), "text": cleaned}, admin_id)
    _render_audio(session, admin_id, cleaned if active else {})
    session.commit()
    forget_public_info()
    return announcement(session)


def _render_audio(session: Session, admin_id: int, texts: Mapping[str, str]) -> None:
    """Speak the announcement with the prompts' voice (espeak-ng + LAME) for devices without a voice
    of their own, stored where human recordings are; an old audio never outlives its text."""
    from paduko_app import voice

    for row in session.exec(select(VoiceRecording).where(VoiceRecording.message_id == ANNOUNCEMENT_PROMPT)).all():
        session.delete(row)
    session.flush()
    if not any(texts.values()) or voice.missing_tools():
        return
    with tempfile.TemporaryDirectory() as folder:
        for lang, text in texts.items():
            target = Path(folder) / f"{lang}.{voice.EXTENSION}"
            try:
                voice.render_file(lang, text, target)
            except voice.RenderError:
                continue  # the device's own voice still reads the text
            session.add(VoiceRecording(message_id=ANNOUNCEMENT_PROMPT, lang=lang, content=target.read_bytes(),
                                       content_type="audio/mpeg", uploaded_by_account_id=admin_id))


def targets(session: Session) -> dict[str, int]:
    """The office's own target times (working days) by service code; services without one use the catalogue's."""
    value = _get(session, TARGETS_KEY)
    if not isinstance(value, dict):
        return {}
    return {code: int(days) for code, days in value.items()
            if code in catalogue.SERVICES_BY_CODE and str(days).isdigit()}


def target_days(code: str, office_targets: Mapping[str, int]) -> int:
    return int(office_targets.get(code) or catalogue.service(code).sla_working_days)


def save_targets(session: Session, *, admin_id: int, values: Mapping[str, str]) -> dict[str, int]:
    """Working days per service, 1-60; an empty field goes back to the catalogue's default. Commits."""
    errors, kept = {}, {}
    for svc in catalogue.SERVICES:
        text = str(values.get(svc.code, "") or "").strip()
        if not text:
            continue
        if not text.isdigit() or len(text) > 3 or not MIN_TARGET <= int(text) <= MAX_TARGET:
            errors[f"target_{svc.code}"] = ERR_TARGET
        elif int(text) != svc.sla_working_days:
            kept[svc.code] = int(text)
    if errors:
        raise FormErrors(errors)
    _put(session, TARGETS_KEY, kept, admin_id)
    session.commit()
    return targets(session)


# Every page's help box asks for public_info() when it is shown (state/office_info.py): read from
# the database at most once per PUBLIC_INFO_SECONDS in each server process, and at once again after
# a save in this process. Another worker (several on PostgreSQL + Redis) shows a change within
# PUBLIC_INFO_SECONDS.
PUBLIC_INFO_SECONDS = 30.0
_public: dict[str, tuple[int, float, PublicInfo]] = {}  # database URL -> (generation, read at, info)
_public_generation = 0
_public_lock = threading.Lock()


def public_info(engine=None, *, now: float | None = None) -> PublicInfo:
    """Contacts and announcement for every page (two reads by primary key, cached as above)."""
    from paduko_app.db.engine import default_engine, unit_of_work

    engine = engine or default_engine()
    key = str(engine.url)
    now = time.monotonic() if now is None else now
    with _public_lock:
        generation = _public_generation
        kept = _public.get(key)
    if kept is not None and kept[0] == generation and 0 <= now - kept[1] < PUBLIC_INFO_SECONDS:
        return kept[2]
    with unit_of_work(engine) as session:
        info = PublicInfo(contact(session), announcement(session))
    with _public_lock:
        if _public_generation == generation:  # a save meanwhile: this read may predate it, keep nothing
            _public[key] = (generation, now, info)
    return info


def forget_public_info() -> None:
    """After a save (committed): the next page in this process reads the database again."""
    global _public_generation
    with _public_lock:
        _public_generation += 1
        _public.clear()


# Pick-up places: which of the known places (domain/pickup.PLACES) the office offers now, each with
# its own address and opening hours (all three languages or none).
PICKUP_KEY = "pickup_places"
ERR_PICKUP_NONE = m("error.office_settings.pickup_none")


@dataclass(frozen=True)
class PickupPlace:
    code: str
    offered: bool = True
    address: str = ""
    hours: Mapping[str, str] = field(default_factory=dict)  # language -> text; empty: none shown


def pickup_places(session: Session) -> dict[str, PickupPlace]:
    """Every known place in the catalogue's order; a place the office never set is offered, without details."""
    from paduko_app.domain import pickup

    value = _get(session, PICKUP_KEY)
    value = value if isinstance(value, dict) else {}
    places = {}
    for code in pickup.PLACES:
        kept = value.get(code) if isinstance(value.get(code), dict) else {}
        hours = _texts(kept.get("hours"))
        places[code] = PickupPlace(code, bool(kept.get("offered", True)), str(kept.get("address", "")),
                                   hours if all(hours.values()) else {})
    return places


def offered_places(session: Session) -> tuple[str, ...]:
    return tuple(code for code, place in pickup_places(session).items() if place.offered)


def save_pickup_places(session: Session, *, admin_id: int, values: Mapping[str, Mapping]) -> dict[str, PickupPlace]:
    """values: code -> {"offered": bool, "address": str, "hours": {lang: text}}. At least one place
    stays offered (else an officer could not finish a pick-up). Commits."""
    from paduko_app.domain import pickup

    errors: dict[str, str] = {}
    kept = {}
    for code in pickup.PLACES:
        given = values.get(code) or {}
        address = _clean(given.get("address", ""))
        if len(address) > MAX_ADDRESS:
            errors[f"pickup_{code}_address"] = ERR_TOO_LONG
        hours = _all_or_none(given.get("hours") or {}, f"pickup_{code}_hours", MAX_HOURS, errors)
        kept[code] = {"offered": bool(given.get("offered")), "address": address, "hours": hours}
    if not any(place["offered"] for place in kept.values()):
        errors["pickup_offered"] = ERR_PICKUP_NONE
    if errors:
        raise FormErrors(errors)
    _put(session, PICKUP_KEY, kept, admin_id)
    session.commit()
    return pickup_places(session)
