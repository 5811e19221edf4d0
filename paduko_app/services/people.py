"""People a document is for, found by NIK or added with what the NIK tells (birth date, sex)."""

from __future__ import annotations

from sqlmodel import Session, select

from paduko_app.db.models import Person
from paduko_app.domain import identity


def find_or_add(session: Session, nik: str, name: str) -> Person:
    """The person with this (valid, clean) NIK; a new one when PADUKO has not met them yet."""
    person = session.exec(select(Person).where(Person.nik == nik)).first()
    if person is None:
        info = identity.parse_nik(nik)
        person = Person(nik=nik, name=name, birth_date=info.birth_date, sex=info.sex.value)
        session.add(person)
        session.flush()
    return person
