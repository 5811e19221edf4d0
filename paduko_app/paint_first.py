"""Paint the prerendered page before the JavaScript is fetched and run (issue 12: LCP).

Every page is prerendered: its text is in the HTML. As built, React Router's page asks for its
~200 KB of modules at once (`<link rel="modulepreload">` in the head) and its entry script (an
inline `<script type="module" async>`) runs them as soon as they have arrived. On a slow mobile
connection those downloads share the little bandwidth there is with the one stylesheet the first
paint waits for, and on a fast one the modules are evaluated and hydrated before the first paint:
either way an older resident looks at a blank screen for longer than the text needs. Lighthouse
sees the same (its simulated LCP counted every script: 2.2-2.5 s against the empty app's
1.8-2.1 s, where the target is 1.5 s).

After the production build this rewrites every prerendered page (one with the page frame's
<main id="main">; the SPA fallback of pages with a parameter has nothing to paint and is left
as built): the modulepreload hints leave the head for a small head script that holds their list,
and the entry script waits for the first contentful paint (at most PAINT_WAIT_MS, then goes on
anyway; a hidden tab, which paints nothing, goes on at once), then adds the hints (so the modules
still download in parallel, not one import after another) and imports the same modules in the
same order. A reader whose saved language is Minang or English (head.py has set <html lang>
before this) sees their text only once the scripts run: for them the head script adds the hints
at once and the entry script does not wait, as before. The trade: the page is interactive a
little later (the modules start downloading at the first paint instead of with the stylesheet),
its text is on screen sooner. The moment the scripts start is marked ("paduko:scripts") for the
browser test and for profiles. The Content-Security-Policy hashes are read from the built pages
afterwards (api/headers.py).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)

_ENTRY = re.compile(r'(<script type="module" async="">)(.*?)(</script>)', re.S)
_PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)"/>')
_SIDE_EFFECT = re.compile(r'^import "([^"]+)";$')
_NAMESPACE = re.compile(r'^import \* as (\w+) from "([^"]+)";$')
_DYNAMIC = re.compile(r'^import\("([^"]+)"\);$')
MARK = "/*paint-first*/"
PAINT_WAIT_MS = 1500
# Resolves after the first contentful paint has been presented (its entry is then delivered),
# after a frame where the browser does not report paints, or after PAINT_WAIT_MS; at once where
# the page shows in another language than the prerendered Indonesian (see above).
AFTER_PAINT = (
    'await new Promise(function(go){'
    'if(document.visibilityState==="hidden"||document.documentElement.lang!=="id")return go();'
    f'setTimeout(go,{PAINT_WAIT_MS});'
    'var P=window.PerformanceObserver;'
    'if(!P||(P.supportedEntryTypes||[]).indexOf("paint")<0)'
    'return requestAnimationFrame(function(){setTimeout(go,0)});'
    'new P(function(list,seen){if(list.getEntriesByName("first-contentful-paint").length){seen.disconnect();go()}})'
    '.observe({type:"paint",buffered:true})});'
    'performance.mark("paduko:scripts");'
    'window.padukoPreload&&window.padukoPreload();'
)


def head_script(hrefs: list[str]) -> str:
    """The head's script: the page's module list, and `padukoPreload()` that adds their hints
    once (at once for a reader of another language than Indonesian)."""
    return ("<script>" + MARK + "(function(){var m=" + json.dumps(hrefs, separators=(",", ":")) + ",done=false;"
            "window.padukoPreload=function(){if(done)return;done=true;m.forEach(function(h){"
            'var l=document.createElement("link");l.rel="modulepreload";l.href=h;document.head.appendChild(l)})};'
            'if(document.documentElement.lang!=="id")window.padukoPreload()})();</script>')


def rewrite_entry(body: str) -> str | None:
    """The entry script's body, importing after the first paint; None if it is not the shape we
    know (a newer React Router): the page is then left as it was."""
    out = []
    for raw in body.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if match := _SIDE_EFFECT.match(line):
            out.append(f'await import("{match[1]}");')
        elif match := _NAMESPACE.match(line):
            out.append(f'const {match[1]}=await import("{match[2]}");')
        elif _DYNAMIC.match(line) or line.startswith("window.__reactRouterRouteModules = "):
            out.append(line)
        else:
            return None
    if not any(line.startswith("window.__reactRouterRouteModules") for line in out):
        return None
    # An async function rather than top-level await: older Safari runs it too.
    return MARK + "(async function(){" + AFTER_PAINT + "".join(out) + "})();"


def rewrite_page(html: str) -> str | None:
    """The page with its preload hints moved from the head into the head script and its entry
    script waiting for the paint; None when it is no prerendered page, has no entry script we
    know, or has been rewritten already."""
    match = _ENTRY.search(html)
    head_end = html.find("</head>")
    if not match or MARK in html or 'id="main"' not in html or not 0 <= head_end < match.start():
        return None
    body = rewrite_entry(match[2])
    if body is None:
        return None
    head = html[:head_end]
    head = _PRELOAD.sub("", head) + head_script(_PRELOAD.findall(head))
    return head + html[head_end:match.start(2)] + body + html[match.end(2):]


def rewrite_build(static_dir: Path) -> int:
    """Rewrite every built page in place; how many were rewritten."""
    done = 0
    for page in sorted(static_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        new = rewrite_page(html)
        if new is None:
            if 'id="main"' in html and "entry.client" in html and MARK not in html:
                log.warning("paint-first: %s has an entry script of an unknown shape, left as built", page)
            continue
        page.write_text(new, encoding="utf-8")
        done += 1
    return done
