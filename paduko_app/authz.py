"""Who may open what: one place for access rules, used by every route, on_load and handler."""

from __future__ import annotations

from dataclasses import dataclass

# Access levels a route or handler can require.
PUBLIC = "public"
RESIDENT = "resident"  # residents (own phone) and caregivers: both are resident accounts
STAFF = "staff"  # any office or kelurahan staff
VERIFIKATOR = "verifikator"
OPERATOR = "operator"
ADMIN = "admin"
DEMO = "demo"  # only exists in demo mode
APPLICANT = "applicant"  # fills in the wizard: a resident, or an operator serving one at a kiosk
MONITOR = "monitor"  # the monitoring numbers: the head of office (role "kepala") and admins
ACCESS_LEVELS = (PUBLIC, RESIDENT, STAFF, VERIFIKATOR, OPERATOR, ADMIN, DEMO, APPLICANT, MONITOR)

STAFF_ROLES = frozenset({"operator", "verifikator", "admin", "kepala"})


@dataclass(frozen=True)
class Principal:
    """Who is calling: nobody (account_id None) or a signed-in account."""

    account_id: int | None = None
    role: str | None = None
    kelurahan_code: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.account_id is not None


ANONYMOUS = Principal()


def may(principal: Principal, access: str, *, demo_mode: bool = False) -> bool:
    if access == PUBLIC:
        return True
    if access == DEMO:
        return demo_mode
    if not principal.signed_in:
        return False
    if access == RESIDENT:
        return principal.role == "resident"
    if access == STAFF:
        return principal.role in STAFF_ROLES
    if access == APPLICANT:
        return principal.role in ("resident", "operator")
    if access == MONITOR:
        return principal.role in ("kepala", "admin")
    return principal.role == access  # verifikator, operator, admin


def sign_in_path(access: str) -> str:
    """Where to send someone who may not open a page yet."""
    return "/petugas/masuk" if access in (STAFF, VERIFIKATOR, OPERATOR, ADMIN, MONITOR) else "/masuk"
