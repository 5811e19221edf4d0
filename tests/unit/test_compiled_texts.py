"""What the compiled pages carry for translated errors: a small loader once per module, no texts."""

import json
from pathlib import Path

import reflex as rx

from components.i18n import t_among, t_error
from paduko_app import error_texts
from paduko_app.error_texts import ErrorTextsPlugin
from paduko_app.i18n import catalogs, translate
from state.auth import AuthState


def test_error_texts_are_not_compiled_into_the_page_but_loaded_by_name():
    page = rx.el.div(rx.el.p(t_error(AuthState.service_notice)), rx.el.p(t_error(AuthState.display_name)))
    code = list(page._get_all_custom_code())
    loaders = [c for c in code if c.startswith(f"const {error_texts.JS_NAME} =")]
    assert len(loaders) == 1  # once per module, whatever the number of uses
    rendered = str(page.render())
    assert rendered.count(f"{error_texts.JS_NAME}.text(") == 2
    for lang in ("id", "min", "en"):
        text = translate(lang, "error.required")
        assert text not in rendered and text not in loaders[0]
        assert error_texts.files()[lang][0] in loaders[0]
    assert error_texts.HOOK in page._get_all_hooks()  # the component renders again once they arrive


def test_the_build_writes_each_languages_texts_under_a_name_that_changes_with_them():
    assets = dict(ErrorTextsPlugin().get_static_assets())
    for lang, (address, text) in error_texts.files().items():
        table = json.loads(assets[Path("public") / address.lstrip("/")])
        assert table["error.required"] == translate(lang, "error.required")
        assert set(table) == {mid for mid in catalogs()[lang] if mid.startswith(("error.", "limit."))}
        assert address.startswith(f"/texts/errors-{lang}-") and address.endswith(".json")
    assert len({address for address, _ in error_texts.files().values()}) == 3


def test_a_choice_among_a_few_messages_carries_only_those():
    rendered = str(rx.el.p(t_among(AuthState.service_notice, ("error.service.busy",))).render())
    assert translate("en", "error.service.busy") in rendered
    assert translate("en", "error.required") not in rendered and error_texts.JS_NAME not in rendered
