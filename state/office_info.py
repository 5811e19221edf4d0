"""What the office keeps for everyone to read: contacts and hours for "Butuh bantuan?" and the
home page's announcement. Nothing personal. Asked for each time a page is shown (the help box's
on_mount) and kept by the server process for 30 s (`office_settings.public_info`): a change at
/admin/kantor reaches the next page anyone opens in the worker that saved it, and within 30 s in
the others; until the answer arrives, the build's defaults (the catalogue's generic hours text)
show."""

from __future__ import annotations

import reflex as rx

from paduko_app.services import office_settings
from state.auth import public

_DEFAULT = office_settings.DEFAULT_CONTACT


class OfficeInfoState(rx.State):
    contact: dict[str, str] = {"phone": _DEFAULT.phone, "phone_link": _DEFAULT.phone_link,
                               "whatsapp": _DEFAULT.whatsapp, "whatsapp_display": _DEFAULT.whatsapp_display,
                               "address": ""}
    hours: dict[str, str] = {}  # per language; empty while the office keeps none (the generic text shows)
    announcement: dict[str, str] = {}  # per language; empty when none is shown

    @rx.event
    @public
    def refresh(self):
        """Deliberately public (any visitor, signed in or not): it only reads what every page shows."""
        info = office_settings.public_info()
        c = info.contact
        self.contact = {"phone": c.phone, "phone_link": c.phone_link, "whatsapp": c.whatsapp,
                        "whatsapp_display": c.whatsapp_display, "address": c.address}
        self.hours = dict(c.hours)
        self.announcement = dict(info.announcement)
