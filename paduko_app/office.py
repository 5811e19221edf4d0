"""The office's contacts until an admin keeps its own at /admin/kantor (services/office_settings.py)."""

OFFICE_PHONE = "0852-7466-3857"  # PADUKO information line (services.md)
OFFICE_WHATSAPP = "6285274663857"  # the same line on WhatsApp, international form for wa.me
