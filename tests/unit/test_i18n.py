"""Catalogues: complete in every language, template current, Minang guesses listed, safe lookup."""

from paduko_app import i18n_catalogs
from paduko_app.i18n import translate


def test_no_message_lacks_a_translation_in_any_language():
    assert i18n_catalogs.missing() == {}


def test_template_is_current_with_the_code():
    assert i18n_catalogs.POT.read_bytes() == i18n_catalogs._serialise(i18n_catalogs.build_template()), (
        "run: python -m paduko_app.i18n_catalogs update")


def test_unreviewed_minang_is_flagged_and_listed():
    pending = dict(i18n_catalogs.awaiting_review())
    assert "home.heading" in pending
    assert "opt.yes" not in pending  # "Yo" is attested (language.md)
    for lang in ("id", "en"):
        flagged = [m.id for m in i18n_catalogs.read_catalog(i18n_catalogs.po_path(lang)) if m.id and m.fuzzy]
        assert flagged == [], lang


def test_translate_with_parameters_and_fallbacks():
    assert translate("en", "service_page.time.body", days=3) == "At most 3 working days after your application is complete."
    assert "{days}" not in translate("min", "service_page.time.body", days=1)
    assert translate("xx", "home.free.title") == "Gratis"  # unknown language: Indonesian
    assert translate("en", "no.such.message") == "no.such.message"
    assert translate("en", "service_page.time.body") .count("{") == 0  # missing parameter left out


def test_document_names_stay_indonesian_in_every_language():
    for lang in i18n_catalogs.LANGUAGES:
        assert "KTP-el" in translate(lang, "doc.ktp_el.label")
        assert "Akta Kelahiran" in translate(lang, "service.akta_lahir.name")


def test_translations_keep_the_source_placeholders():
    import string

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    source = {m.id: m.string for m in i18n_catalogs.read_catalog(i18n_catalogs.po_path("id")) if m.id}
    for lang in ("min", "en"):
        for message in i18n_catalogs.read_catalog(i18n_catalogs.po_path(lang)):
            if message.id and message.string:
                assert fields(message.string) == fields(source[message.id]), (lang, message.id)
