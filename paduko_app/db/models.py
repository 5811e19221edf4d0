"""SQLModel tables (plain SQLModel, not rx.Model). Same code on SQLite and PostgreSQL.

Document content lives in its own table, apart from the metadata, so listing documents
never loads megabytes, and content is written in the same transaction as the application.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Account(SQLModel, table=True):
    """Anyone who signs in: residents (NIK + phone) and office staff (username + password)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    role: str = Field(index=True)  # resident, operator, verifikator, admin
    # Not unique: anyone may sign up with a NIK they type; only one account per NIK can become
    # verified (services/identity.py), and only a verified one reaches records others made.
    nik: Optional[str] = Field(default=None, index=True, max_length=16)
    phone: Optional[str] = Field(default=None, index=True, max_length=16)
    username: Optional[str] = Field(default=None, unique=True, max_length=64)
    password_hash: Optional[str] = Field(default=None, max_length=200)
    display_name: str = Field(max_length=120)
    kelurahan_code: Optional[str] = Field(default=None, max_length=16)  # operators belong to one
    totp_secret: Optional[str] = Field(default=None, max_length=64)
    failed_sign_ins: int = 0
    lang: str = Field(default="id", max_length=8)  # the language messages to this person are written in
    locked_until: Optional[dt.datetime] = None
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Set when the office has checked who holds this account: a verifikator from a KTP-el photo
    # and a selfie ("photo"), or a kelurahan operator in person ("kiosk").
    identity_verified_at: Optional[dt.datetime] = None
    identity_verified_via: Optional[str] = Field(default=None, max_length=16)
    identity_verified_by_account_id: Optional[int] = Field(default=None, foreign_key="account.id")


class Person(SQLModel, table=True):
    """Someone a document is for: the resident, a cared-for parent, a child, the deceased."""

    id: Optional[int] = Field(default=None, primary_key=True)
    nik: Optional[str] = Field(default=None, unique=True, max_length=16)
    name: str = Field(max_length=120)
    birth_date: Optional[dt.date] = None
    sex: Optional[str] = Field(default=None, max_length=1)
    kk_number: Optional[str] = Field(default=None, max_length=16)
    address: Optional[str] = Field(default=None, max_length=200)
    kelurahan_code: Optional[str] = Field(default=None, max_length=16)
    # The person's own account, set only once the office has verified it (never by typing a NIK).
    account_id: Optional[int] = Field(default=None, foreign_key="account.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Application(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    number: str = Field(unique=True, max_length=16)
    pin_hash: str = Field(max_length=64)
    service_code: str = Field(index=True, max_length=32)
    status: str = Field(index=True, max_length=24)
    person_id: int = Field(foreign_key="person.id", index=True)
    applicant_account_id: int = Field(foreign_key="account.id", index=True)
    channel: str = Field(max_length=16)  # own, caregiver, kiosk, counter
    kelurahan_code: Optional[str] = Field(default=None, max_length=16)
    operator_account_id: Optional[int] = Field(default=None, foreign_key="account.id")
    submit_key: Optional[str] = Field(default=None, unique=True, max_length=64)  # one submit per key
    kiosk_session_id: Optional[int] = Field(default=None, foreign_key="kiosksession.id", index=True)
    current_step: int = 0
    # The name the applicant typed for the person; the office compares it with the register.
    typed_name: Optional[str] = Field(default=None, max_length=120)
    pickup_place: Optional[str] = Field(default=None, max_length=200)  # place code (services/office.PLACES)
    # "Ambil": the officer working this application; two officers never work the same one.
    assigned_account_id: Optional[int] = Field(default=None, foreign_key="account.id", index=True)
    assigned_at: Optional[dt.datetime] = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    submitted_at: Optional[dt.datetime] = Field(default=None, index=True)  # the queue's order
    finished_at: Optional[dt.datetime] = None


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("application_id", "question_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    question_id: str = Field(max_length=64)
    value: Any = Field(sa_column=Column(JSON, nullable=True))
    updated_at: dt.datetime = Field(default_factory=utcnow)


class DocumentBlob(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail: Optional[bytes] = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class Document(SQLModel, table=True):
    """An uploaded photo or scan, or the office's finished PDF (kind=result)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    requirement_id: str = Field(max_length=64)
    kind: str = Field(default="upload", max_length=16)  # upload, result
    content_type: str = Field(max_length=64)
    size_bytes: int
    width: Optional[int] = None
    height: Optional[int] = None
    sha256: str = Field(max_length=64)
    blob_id: int = Field(foreign_key="documentblob.id", index=True)  # the purge looks for blobs without a document
    created_at: dt.datetime = Field(default_factory=utcnow)


class TimelineEvent(SQLModel, table=True):
    """What the applicant sees on the status page, one entry per change of status."""

    id: Optional[int] = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    at: dt.datetime = Field(default_factory=utcnow)
    status: str = Field(max_length=24)
    event: str = Field(max_length=64)  # message id
    reason: Optional[str] = Field(default=None, max_length=1000)
    place: Optional[str] = Field(default=None, max_length=200)
    reason_ids: Optional[list] = Field(default=None, sa_column=Column(JSON, nullable=True))  # RevisionReason ids
    actor_account_id: Optional[int] = Field(default=None, foreign_key="account.id")
    actor_role: str = Field(max_length=16)


class AuditLog(SQLModel, table=True):
    """Append-only: sign-ins, staff views of documents, status changes, account changes."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor_account_id: Optional[int] = Field(default=None, foreign_key="account.id", index=True)
    action: str = Field(max_length=64, index=True)
    target_type: Optional[str] = Field(default=None, max_length=32)
    target_id: Optional[int] = None
    detail: Optional[dict] = Field(default=None, sa_column=Column(JSON, nullable=True))


class OutboxMessage(SQLModel, table=True):
    """A notification waiting for (or done with) its delivery adapter."""

    id: Optional[int] = Field(default=None, primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    channel: str = Field(max_length=16)  # sms, whatsapp, email, screen
    recipient: str = Field(max_length=200)
    message_id: str = Field(max_length=64)
    params: Optional[dict] = Field(default=None, sa_column=Column(JSON, nullable=True))
    lang: str = Field(default="id", max_length=8)
    status: str = Field(default="pending", max_length=16, index=True)  # pending, sent, failed
    attempts: int = 0
    sent_at: Optional[dt.datetime] = None
    next_attempt_at: Optional[dt.datetime] = None  # retries wait longer each time
    last_error: Optional[str] = Field(default=None, max_length=300)
    # The account it concerns: its "Pemberitahuan" list on /akun (sign-in codes have none).
    account_id: Optional[int] = Field(default=None, foreign_key="account.id", index=True)
    application_id: Optional[int] = Field(default=None, foreign_key="application.id")


class OneTimeCode(SQLModel, table=True):
    """A sign-in or sign-up code sent to a phone; only its keyed hash is kept."""

    id: Optional[int] = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16, index=True)
    phone: str = Field(max_length=16, index=True)
    purpose: str = Field(max_length=16)  # sign_in, sign_up
    code_hash: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    expires_at: dt.datetime
    attempts: int = 0
    used_at: Optional[dt.datetime] = None
    pending_name: Optional[str] = Field(default=None, max_length=120)  # sign-up: the name to register


class SessionToken(SQLModel, table=True):
    """A signed-in device. The browser keeps the random token; we keep its SHA-256."""

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime
    revoked_at: Optional[dt.datetime] = None
    # Signing in ends with a one-use hand-off: the browser fetches an HTTP route that swaps it for
    # the token in an HttpOnly cookie (page scripts never see the token). SHA-256 of the hand-off.
    handoff_hash: Optional[str] = Field(default=None, max_length=64, unique=True, index=True)
    handoff_expires_at: Optional[dt.datetime] = None


class AbuseCounter(SQLModel, table=True):
    """How often a key (a limit and a hashed device, address or NIK) was used in one time window.

    One row per key and window, incremented in place: a flood of failures adds no rows.
    """

    __table_args__ = (UniqueConstraint("key", "window_start"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=80)
    window_start: int = Field(index=True)  # Unix seconds; old windows are purged
    count: int = 0


class CareLink(SQLModel, table=True):
    """A caregiver applies for someone: "Orang yang saya bantu", with the evidence of consent."""

    id: Optional[int] = Field(default=None, primary_key=True)
    caregiver_account_id: int = Field(foreign_key="account.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    relationship: str = Field(max_length=16)  # child, spouse, sibling, other
    status: str = Field(default="pending", max_length=16, index=True)  # pending, accepted, refused, withdrawn
    typed_name: Optional[str] = Field(default=None, max_length=120)  # what the caregiver typed
    evidence_kind: str = Field(max_length=32)  # f107 (signed surat kuasa) or other
    evidence_blob_id: Optional[int] = Field(default=None, foreign_key="documentblob.id")
    evidence_content_type: Optional[str] = Field(default=None, max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow)
    decided_by_account_id: Optional[int] = Field(default=None, foreign_key="account.id")
    decided_at: Optional[dt.datetime] = None
    refusal_reason: Optional[str] = Field(default=None, max_length=500)


class KioskSession(SQLModel, table=True):
    """An operator serving one resident who is present at the kelurahan office."""

    id: Optional[int] = Field(default=None, primary_key=True)
    operator_account_id: int = Field(foreign_key="account.id", index=True)
    session_token_id: int = Field(foreign_key="sessiontoken.id", index=True)
    kelurahan_code: str = Field(max_length=16)
    person_id: int = Field(foreign_key="person.id")
    checked_document: str = Field(max_length=16)  # ktp_el or kk: what the operator checked
    typed_name: Optional[str] = Field(default=None, max_length=120)  # what the operator typed
    # The operator may see what the office holds (name, No. KK, address) only after checking the
    # KTP-el of someone of their own kelurahan, or after recording why they serve someone else.
    entitled: bool = False
    out_of_area_reason: Optional[str] = Field(default=None, max_length=300)
    started_at: dt.datetime = Field(default_factory=utcnow)
    last_activity_at: dt.datetime = Field(default_factory=utcnow)
    ended_at: Optional[dt.datetime] = None
    end_reason: Optional[str] = Field(default=None, max_length=16)  # next_resident, timeout, sign_out


class Upload(SQLModel, table=True):
    """A photo or scan received and processed, waiting to be attached (to a draft's document
    requirement or a care link). Unattached uploads are deleted after a day."""

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=43, unique=True)  # random; what the browser refers to
    account_id: int = Field(foreign_key="account.id", index=True)
    purpose: str = Field(max_length=32)  # document, care_evidence
    blob_id: int = Field(foreign_key="documentblob.id")
    content_type: str = Field(max_length=64)
    size_bytes: int
    width: Optional[int] = None
    height: Optional[int] = None
    sha256: str = Field(max_length=64)
    warnings: Optional[list] = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    attached_at: Optional[dt.datetime] = None
    # Uploaded at a kiosk: the key dies with the kiosk session ("warga berikutnya", timeout).
    kiosk_session_id: Optional[int] = Field(default=None, foreign_key="kiosksession.id", index=True)
    revoked_at: Optional[dt.datetime] = None


class VoiceRecording(SQLModel, table=True):
    """A human recording of a prompt, uploaded by an admin; it replaces the generated audio."""

    __table_args__ = (UniqueConstraint("message_id", "lang"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=80)
    lang: str = Field(max_length=8)
    content_type: str = Field(max_length=32)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by_account_id: int = Field(foreign_key="account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)


class RevisionReason(SQLModel, table=True):
    """Why an officer sends an application back or refuses it: a list the admin keeps,
    each reason written in the three languages a resident may read."""

    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    text_id: str = Field(max_length=300)
    text_min: str = Field(max_length=300)
    text_en: str = Field(max_length=300)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class RevisionFlag(SQLModel, table=True):
    """One answer or photo an officer marked as wrong; resolved when the resident resends."""

    id: Optional[int] = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    target_kind: str = Field(max_length=16)  # question, document
    target_id: str = Field(max_length=64)
    reason_id: int = Field(foreign_key="revisionreason.id")
    note: Optional[str] = Field(default=None, max_length=500)
    created_by_account_id: int = Field(foreign_key="account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    resolved_at: Optional[dt.datetime] = None


class Appointment(SQLModel, table=True):
    """KTP-el recording: times offered at the office, or a home visit ("jemput bola")."""

    id: Optional[int] = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    kind: str = Field(max_length=8)  # office, home
    slots: list = Field(sa_column=Column(JSON, nullable=False))  # ISO datetimes offered
    chosen: Optional[str] = Field(default=None, max_length=32)  # the ISO datetime confirmed
    address: Optional[str] = Field(default=None, max_length=200)  # home visit: where
    status: str = Field(default="offered", max_length=16)  # offered, confirmed, change_requested
    created_by_account_id: int = Field(foreign_key="account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class IdentityVerification(SQLModel, table=True):
    """A resident asks the office to verify their account: a KTP-el photo and a selfie holding it,
    compared by a verifikator (every view of the photos is audited)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    ktp_blob_id: int = Field(foreign_key="documentblob.id")
    selfie_blob_id: int = Field(foreign_key="documentblob.id")
    status: str = Field(default="pending", max_length=16, index=True)  # pending, approved, refused
    created_at: dt.datetime = Field(default_factory=utcnow)
    decided_by_account_id: Optional[int] = Field(default=None, foreign_key="account.id")
    decided_at: Optional[dt.datetime] = None
    refusal_reason: Optional[str] = Field(default=None, max_length=500)


class SurveyInvitation(SQLModel, table=True):
    """The IKM survey offered once per finished application. The browser holds a random token
    (in the notification's link); we keep its SHA-256. Deleted once answered, so nothing links a
    stored answer back to the application or the person."""

    id: Optional[int] = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    application_id: int = Field(foreign_key="application.id", unique=True)
    account_id: Optional[int] = Field(default=None, foreign_key="account.id", index=True)  # offered on /akun
    created_at: dt.datetime = Field(default_factory=utcnow)


class SurveyResponse(SQLModel, table=True):
    """One anonymous IKM answer: what reports group by (service, channel, age group, month) and
    the nine answers (1-4, none where skipped). No person, account, application, timestamp or
    foreign key, by design; a test checks the columns."""

    id: Optional[int] = Field(default=None, primary_key=True)
    service_code: str = Field(max_length=32)
    channel: str = Field(max_length=16)
    age_group: str = Field(max_length=8)  # under_17, 17_59, 60_plus, unknown
    month: str = Field(max_length=7, index=True)  # YYYY-MM of the answer
    u1: Optional[int] = None
    u2: Optional[int] = None
    u3: Optional[int] = None
    u4: Optional[int] = None
    u5: Optional[int] = None
    u6: Optional[int] = None
    u7: Optional[int] = None
    u8: Optional[int] = None
    u9: Optional[int] = None
    # The regulation's optional respondent profile (domain/ikm.PROFILE codes), none where skipped.
    sex: Optional[str] = Field(default=None, max_length=1)
    education: Optional[str] = Field(default=None, max_length=8)
    occupation: Optional[str] = Field(default=None, max_length=12)


class MonitorTally(SQLModel, table=True):
    """The monitoring's counts, kept up to date in the transaction of every change of an
    application (services/tallies.py), so a dashboard over three years reads a few thousand rows.
    One row per kind of count, local month and key (a, b, c); `n` is the count. Counts only:
    no application, person or account."""

    kind: str = Field(primary_key=True, max_length=16)
    month: str = Field(primary_key=True, max_length=7)  # YYYY-MM in Padang Panjang time
    a: str = Field(default="", primary_key=True, max_length=40)
    b: str = Field(default="", primary_key=True, max_length=40)
    c: int = Field(default=0, primary_key=True, sa_column_kwargs={"autoincrement": False})
    n: int = 0


class MonitorContribution(SQLModel, table=True):
    """What one application adds to MonitorTally now, so a change takes back exactly that."""

    application_id: int = Field(primary_key=True, foreign_key="application.id",
                                sa_column_kwargs={"autoincrement": False})
    keys: list = Field(sa_column=Column(JSON, nullable=False))  # [[kind, month, a, b, c], ...]


class OfficeSetting(SQLModel, table=True):
    """What the office keeps itself (admin): office hours and contacts, the announcement, service
    target times. One row per key; the value is JSON (services/office_settings.py)."""

    key: str = Field(primary_key=True, max_length=64)
    value: Any = Field(sa_column=Column(JSON, nullable=True))
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by_account_id: Optional[int] = Field(default=None, foreign_key="account.id")
