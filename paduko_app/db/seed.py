"""Demo data and demo accounts, for demo mode only. Running it again keeps existing data."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from paduko_app.db.engine import unit_of_work
from paduko_app.db import models
from paduko_app.db.models import Account, CareLink, Person
from paduko_app.services import audit


@dataclass(frozen=True)
class DemoStaff:
    username: str
    password: str
    role: str
    display_name: str
    kelurahan_code: str | None = None


@dataclass(frozen=True)
class DemoResident:
    nik: str
    phone: str
    name: str
    birth_date: dt.date
    sex: str
    kk_number: str
    address: str
    kelurahan_code: str


# Demo credentials are public by design (README); production mode never seeds them.
DEMO_STAFF = (
    DemoStaff("verifikator", "demo-verifikator-2026", "verifikator", "Verifikator Demo"),
    DemoStaff("verifikator.dua", "demo-verifikator-2026", "verifikator", "Verifikator Dua"),
    DemoStaff("operator.ganting", "demo-operator-2026", "operator", "Operator Ganting", "13.74.01.1001"),
    DemoStaff("operator.pasarusang", "demo-operator-2026", "operator", "Operator Pasar Usang", "13.74.02.1002"),
    DemoStaff("admin", "demo-admin-2026", "admin", "Admin Demo"),
    DemoStaff("kepala", "demo-kepala-2026", "kepala", "Kepala Dinas Demo"),
)
DEMO_RESIDENTS = (
    DemoResident("1374015203580001", "081200000001", "Rosnah", dt.date(1958, 3, 12), "P",
                 "1374010101090001", "Jl. Ganting No. 5", "13.74.01.1001"),
    DemoResident("1374020506850002", "081200000002", "Andi Saputra", dt.date(1985, 6, 5), "L",
                 "1374020202150002", "Jl. Pasar Usang No. 12", "13.74.02.1002"),
)

# Andi's father: no phone, no account. Andi applies for him through an accepted caregiver link.
DEMO_CARED_FOR = DemoResident("1374021407500003", "", "Syamsul Bahri", dt.date(1950, 7, 14), "L",
                              "1374020202150003", "Jl. Pasar Usang No. 12", "13.74.02.1002")


@functools.cache
def _demo_password_hash(password: str) -> str:
    """Hashed once per process: argon2id is slow on purpose, and demo passwords are fixed."""
    return PasswordHasher().hash(password)


def seed_demo(engine: Engine | None = None) -> list[str]:
    """Create missing demo accounts and people. Returns what was created."""
    created: list[str] = []
    with unit_of_work(engine) as session:
        for staff in DEMO_STAFF:
            if _account_by(session, username=staff.username) is None:
                account = Account(role=staff.role, username=staff.username, display_name=staff.display_name,
                                  password_hash=_demo_password_hash(staff.password), kelurahan_code=staff.kelurahan_code)
                session.add(account)
                session.flush()
                audit.record(session, "account.create", actor_account_id=None, target_type="account",
                             target_id=account.id, detail={"seed": "demo", "role": staff.role})
                created.append(staff.username)
        for resident in DEMO_RESIDENTS:
            if _account_by(session, nik=resident.nik) is None:
                # Demo residents count as verified at the counter, so their records are theirs.
                account = Account(role="resident", nik=resident.nik, phone=resident.phone,
                                  display_name=resident.name, identity_verified_at=models.utcnow(),
                                  identity_verified_via="demo")
                session.add(account)
                session.flush()
                session.add(Person(nik=resident.nik, name=resident.name, birth_date=resident.birth_date,
                                   sex=resident.sex, kk_number=resident.kk_number, address=resident.address,
                                   kelurahan_code=resident.kelurahan_code, account_id=account.id))
                audit.record(session, "account.create", actor_account_id=None, target_type="account",
                             target_id=account.id, detail={"seed": "demo", "role": "resident"})
                created.append(resident.name)
        _demo_care_link(session, created)
        session.commit()
    return created


def _demo_care_link(session: Session, created: list[str]) -> None:
    """Andi applies for his father: a link an officer has already accepted."""
    son = _account_by(session, nik=DEMO_RESIDENTS[1].nik)
    father_data = DEMO_CARED_FOR
    father = session.exec(select(Person).where(Person.nik == father_data.nik)).first()
    if son is None or father is not None:
        return
    father = Person(nik=father_data.nik, name=father_data.name, birth_date=father_data.birth_date,
                    sex=father_data.sex, kk_number=father_data.kk_number, address=father_data.address,
                    kelurahan_code=father_data.kelurahan_code)
    session.add(father)
    session.flush()
    session.add(CareLink(caregiver_account_id=son.id, person_id=father.id, typed_name=father.name, relationship="child",
                         status="accepted",
                         evidence_kind="f107", decided_at=dt.datetime.now(dt.timezone.utc)))
    created.append(f"{father_data.name} (cared for by Andi Saputra)")


def _account_by(session: Session, **criteria) -> Account | None:
    statement = select(Account)
    for column, value in criteria.items():
        statement = statement.where(getattr(Account, column) == value)
    return session.exec(statement).first()


def describe_demo_accounts() -> str:
    lines = ["Demo accounts (demo mode only):"]
    for staff in DEMO_STAFF:
        lines.append(f"  staff    {staff.role:<12} username {staff.username:<20} password {staff.password}")
    for resident in DEMO_RESIDENTS:
        lines.append(f"  resident {resident.name:<12} NIK {resident.nik}  phone {resident.phone}"
                     " (sign in at /masuk; the code appears at /demo/pesan)")
    return "\n".join(lines)
