"""What the compiled page carries for translated errors: the table once per module, not per use."""

import reflex as rx

from components.i18n import ERROR_TABLE_JS, t_among, t_error
from paduko_app.i18n import translate
from state.auth import AuthState


def test_the_error_table_is_defined_once_and_referenced_by_name():
    page = rx.el.div(rx.el.p(t_error(AuthState.service_notice)), rx.el.p(t_error(AuthState.display_name)))
    code = list(page._get_all_custom_code())
    assert len([c for c in code if c.startswith(f"const {ERROR_TABLE_JS} =")]) == 1
    assert translate("min", "error.required") in code[0]
    rendered = str(page.render())
    assert rendered.count(ERROR_TABLE_JS) == 2  # each use names the table ...
    assert translate("min", "error.required") not in rendered  # ... and carries none of its text


def test_a_choice_among_a_few_messages_carries_only_those():
    rendered = str(rx.el.p(t_among(AuthState.service_notice, ("error.service.busy",))).render())
    assert translate("en", "error.service.busy") in rendered
    assert translate("en", "error.required") not in rendered and ERROR_TABLE_JS not in rendered
