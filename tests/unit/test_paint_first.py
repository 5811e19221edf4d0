"""Every built page paints before its JavaScript is fetched and run (paduko_app/paint_first.py, issue 12)."""

from __future__ import annotations

import json

from paduko_app import paint_first

# React Router's entry script and preload hints as Reflex 0.10.1 writes them into a prerendered page.
ENTRY = '''import "/assets/manifest-0dd39883.js";
import * as route0 from "/assets/root-pQDSS0wm.js";
import * as route1 from "/assets/_index-CNawPxCH.js";
  
  window.__reactRouterRouteModules = {"root":route0,"routes/_index":route1};

import("/assets/entry.client-Cuv6UKoY.js");'''
HINTS = ('<link rel="modulepreload" href="/assets/manifest-0dd39883.js"/>'
         '<link rel="modulepreload" href="/assets/entry.client-Cuv6UKoY.js"/>'
         '<link rel="modulepreload" href="/assets/root-pQDSS0wm.js"/>')
PAGE = (f'<html><head><link as="style" href="/assets/s.css" rel="preload"/>{HINTS}<script>var theme=1;</script>'
        '<link href="/assets/s.css" rel="stylesheet"/></head><body><main id="main"><h1>Urus dokumen</h1></main>'
        f'<script type="module" async="">{ENTRY}</script><script>$RC("B:0","S:0")</script></body></html>')


def test_the_entry_imports_the_same_modules_in_the_same_order_after_the_first_paint():
    body = paint_first.rewrite_entry(ENTRY)
    assert body.startswith(paint_first.MARK + "(async function(){" + paint_first.AFTER_PAINT)
    assert body.endswith("})();")
    order = ['"first-contentful-paint"', 'window.padukoPreload&&window.padukoPreload()',
             'await import("/assets/manifest-0dd39883.js");', 'const route0=await import("/assets/root-pQDSS0wm.js");',
             'const route1=await import("/assets/_index-CNawPxCH.js");',
             'window.__reactRouterRouteModules = {"root":route0,"routes/_index":route1};',
             'import("/assets/entry.client-Cuv6UKoY.js");']
    positions = [body.index(part) for part in order]
    assert positions == sorted(positions)
    assert "import " not in body.replace("import(", "")  # no static import left to run before the paint
    # Not for a reader of Minang or English: the prerendered page is in Indonesian, their text
    # comes with the scripts (head.py sets <html lang> from the saved language before the paint).
    assert 'document.documentElement.lang!=="id")return go()' in paint_first.AFTER_PAINT


def test_the_preload_hints_leave_the_head_for_its_script_and_nothing_else_changes():
    new = paint_first.rewrite_page(PAGE)
    head = new.split("</head>")[0]
    assert "<link rel=\"modulepreload\"" not in head
    hints = '["/assets/manifest-0dd39883.js","/assets/entry.client-Cuv6UKoY.js","/assets/root-pQDSS0wm.js"]'
    assert head.endswith(paint_first.head_script(json.loads(hints))) and hints in head
    assert '<link as="style" href="/assets/s.css" rel="preload"/>' in head  # the stylesheet's own hint stays
    body = new.split('async="">')[1].split("</script>")[0]
    unchanged = PAGE.replace(HINTS, "").replace(ENTRY, "@").replace("</head>", paint_first.head_script(json.loads(hints)) + "</head>")
    assert new.replace(body, "@") == unchanged
    assert paint_first.rewrite_page(new) is None  # a second build step changes nothing


def test_a_page_with_nothing_prerendered_is_left_as_built():
    """The SPA fallback (pages with a parameter) paints nothing before its scripts: no wait."""
    assert paint_first.rewrite_page(PAGE.replace('<main id="main">', "<main>")) is None


def test_an_entry_of_an_unknown_shape_is_left_as_built():
    assert paint_first.rewrite_entry(ENTRY + '\nimport {x} from "/assets/y.js";') is None
    assert paint_first.rewrite_entry('import("/assets/entry.client.js");') is None  # no route modules
    assert paint_first.rewrite_page("<html><body><p>no scripts</p></body></html>") is None
    odd = PAGE.replace(ENTRY, ENTRY + '\nimport {x} from "/assets/y.js";')
    assert paint_first.rewrite_page(odd) is None  # its hints stay too


def test_the_build_is_rewritten_in_place_page_by_page(tmp_path):
    (tmp_path / "masuk").mkdir()
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "masuk" / "index.html").write_text(PAGE.replace("_index", "masuk"))
    (tmp_path / "offline.html").write_text("<html><body>Tidak ada sinyal</body></html>")

    assert paint_first.rewrite_build(tmp_path) == 2
    assert paint_first.MARK in (tmp_path / "masuk" / "index.html").read_text()
    assert '"/assets/masuk-CNawPxCH.js"' in (tmp_path / "masuk" / "index.html").read_text()
    assert (tmp_path / "offline.html").read_text() == "<html><body>Tidak ada sinyal</body></html>"
    assert paint_first.rewrite_build(tmp_path) == 0
