"""Every page in one list: path, component, on_load, and who may open it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import reflex as rx

from paduko_app import authz
from paduko_app.domain import catalogue
from paduko_app.pages import (accounts, care, identity, identity_review, kiosk, monitoring, office, office_application,
                              office_queue, office_settings, status, survey, wizard)
from paduko_app.pages.home import home, service_path
from paduko_app.pages.service_info import service_info
from state.account import DemoOutboxState, ResidentHomeState, StaffHomeState, StaffSignInState
from state.care import CareState
from state.identity import IdentityState
from state.identity_review import IdentityReviewState
from state.kiosk import KioskState
from state.monitoring import MonitorState
from state.office import CareLinkReviewState, StaffAdminState
from state.office_application import ApplicationReviewState
from state.office_queue import QueueState
from state.office_settings import DeliveriesAdminState, HeldAdminState, OfficeAdminState, ReasonsAdminState
from state.sign_in import ResidentSignInState, apply_path
from state.status import StatusState
from state.survey import SurveyState
from state.wizard import WizardState

TITLE = "PADUKO · Disdukcapil Kota Padang Panjang"


@dataclass(frozen=True)
class Route:
    path: str
    component: Callable[[], rx.Component]
    access: str  # one of authz.ACCESS_LEVELS
    on_load: tuple[Any, ...] = field(default_factory=tuple)


ROUTES: tuple[Route, ...] = (
    Route("/", home, authz.PUBLIC),
    *(Route(service_path(s), service_info(s), authz.PUBLIC) for s in catalogue.SERVICES),
    Route("/masuk", accounts.sign_in, authz.PUBLIC, (ResidentSignInState.start("sign_in"),)),
    Route("/daftar", accounts.sign_up, authz.PUBLIC, (ResidentSignInState.start("sign_up"),)),
    Route("/privasi", accounts.privacy, authz.PUBLIC),
    Route("/selamat-datang", accounts.welcome, authz.RESIDENT, (ResidentHomeState.load,)),
    Route("/akun", accounts.resident_home, authz.RESIDENT, (ResidentHomeState.load,)),
    Route("/akun/verifikasi", identity.identity_page, authz.RESIDENT, (IdentityState.load,)),
    Route("/petugas/masuk", accounts.staff_sign_in, authz.PUBLIC, (StaffSignInState.start,)),
    Route("/petugas", accounts.staff_home, authz.STAFF, (StaffHomeState.load,)),
    Route("/permohonan", wizard.wizard_page, authz.APPLICANT, (WizardState.load,)),
    *(Route(apply_path(s.code), wizard.starting_page, authz.APPLICANT, (WizardState.begin(s.code),)) for s in catalogue.SERVICES),
    Route("/status", status.status_page, authz.PUBLIC, (StatusState.load,)),
    Route("/survei", survey.survey_page, authz.PUBLIC, (SurveyState.load,)),
    Route("/orang-yang-saya-bantu", care.care_page, authz.RESIDENT, (CareState.load,)),
    Route("/kiosk", kiosk.kiosk_page, authz.OPERATOR, (KioskState.load,)),
    Route("/petugas/kuasa", office.care_review, authz.VERIFIKATOR, (CareLinkReviewState.load,)),
    Route("/petugas/antrian", office_queue.queue_page, authz.VERIFIKATOR, (QueueState.load,)),
    Route("/petugas/permohonan/[nomor]", office_application.application_page, authz.VERIFIKATOR,
          (ApplicationReviewState.load,)),
    Route("/petugas/verifikasi", identity_review.identity_review, authz.VERIFIKATOR, (IdentityReviewState.load,)),
    Route("/petugas/pemantauan", monitoring.monitoring_page, authz.MONITOR, (MonitorState.load,)),
    Route("/admin/petugas", office.staff_admin, authz.ADMIN, (StaffAdminState.load,)),
    Route("/admin/alasan", office_settings.reasons_page, authz.ADMIN, (ReasonsAdminState.load,)),
    Route("/admin/kantor", office_settings.office_page, authz.ADMIN, (OfficeAdminState.load,)),
    Route("/admin/antrian", office_settings.held_page, authz.ADMIN, (HeldAdminState.load,)),
    Route("/admin/pengiriman", office_settings.deliveries_page, authz.ADMIN, (DeliveriesAdminState.load,)),
    Route("/admin/suara", office.recordings, authz.ADMIN, (StaffAdminState.load,)),
    Route("/demo/pesan", accounts.demo_outbox, authz.DEMO, (DemoOutboxState.load,)),
)


def register(app: rx.App, *, demo_mode: bool) -> None:
    for route in ROUTES:
        if route.access == authz.DEMO and not demo_mode:
            continue  # demo pages do not exist in production
        app.add_page(route.component, route=route.path, title=TITLE,
                     on_load=list(route.on_load) or None)
