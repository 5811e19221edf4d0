"""People a document is for, found by NIK or added with what the NIK tells (birth date, sex).

A typed NIK finds a person, but what the office holds about them (name, No. KK, address) is
shown only to someone entitled to it (see `entitled_to_records`); everyone else keeps seeing
the name they typed, and the office sees when the two differ (`name_mismatch`).
"""

from __future__ import annotations

from sqlmodel import Session, select

from paduko_app.db.models import Account, Application, CareLink, KioskSession, Person
from paduko_app.domain import identity


def find_or_add(session: Session, nik: str, name: str) -> Person:
    """The person with this (valid, clean) NIK; a new one when PADUKO has not met them yet.

    An existing person's stored name is never changed by what someone types."""
    person = session.exec(select(Person).where(Person.nik == nik)).first()
    if person is None:
        info = identity.parse_nik(nik)
        person = Person(nik=nik, name=name, birth_date=info.birth_date, sex=info.sex.value)
        session.add(person)
        session.flush()
    return person


def is_verified(account: Account | None) -> bool:
    return account is not None and account.identity_verified_at is not None


def verified_person_of(session: Session, account: Account) -> Person | None:
    """The person whose records this account may reach: only once the office verified it."""
    if not is_verified(account):
        return None
    return session.exec(select(Person).where(Person.account_id == account.id)).first()


def same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def name_mismatch(session: Session, item: Application | CareLink | KioskSession) -> tuple[str, str] | None:
    """(typed, registered) when the name typed for a person differs from the one the office
    holds; None when they agree or nothing was typed. For office pages only (a warning)."""
    typed = getattr(item, "typed_name", None)
    person = session.get(Person, item.person_id)
    if not typed or person is None or same_name(typed, person.name):
        return None
    return typed, person.name
