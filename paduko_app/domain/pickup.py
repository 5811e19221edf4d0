"""Where a finished KTP-el or KIA is collected (the same places the resident chose from in the
wizard's "pickup_place" question), and what to bring."""

from __future__ import annotations

from .messages import m

PLACES = ("disdukcapil", "mpp", "kantor_lurah")  # Disdukcapil, Mal Pelayanan Publik, kelurahan office
BRING = m("pickup.bring")


def place_text_id(code: str) -> str:
    """The place's name as the wizard's options say it."""
    return f"opt.pickup_place.{code}" if code in PLACES else ""
