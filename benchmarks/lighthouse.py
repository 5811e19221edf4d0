"""Lighthouse (mobile, simulated slow 4G) on PADUKO's production build and on an empty Reflex app
built in the same run: bytes by type, requests, LCP, TBT, CLS and scores, median of --runs, each
page's ratio to the empty app, and a repeat visit with the service worker.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--url http://localhost:3000]

Without --url it starts PADUKO's production build on a free port with a fresh demo database, as
the browser tests do. The empty app (benchmarks/empty_app.py: same Reflex, plugins off, plain
`rx.el` elements) is built and served in a temporary folder every time. The runs alternate between
the pages and the empty app, so both see the same load on a shared machine.
Pages: home, a service page, /masuk, /status, a wizard question (signed in as a resident) and the
officer queue (signed in as the demo verifikator); Lighthouse gets the session cookie as a header.
The resident is a new one signed up for this run (a random NIK and phone): the per-person daily
code limit never refuses it, on a fresh database or on --url. The wizard is opened at its
service's apply address, which resumes the draft; the resident's /akun is measured as well.
Where each page landed is printed (a guard's redirect is not mistaken for the page).
Repeat visit: the home page loaded once, then measured again with the same browser storage
(--disable-storage-reset), so the service worker serves the shell.
Lighthouse 13 is installed with the project's Bun into tools/lighthouse (pinned); Debian's Chromium
runs it. Prints figures (docs/BENCHMARKS.md); it is no timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.empty_app import start_empty_app, stop  # noqa: E402
from tests.browser_fixtures import free_port, serving  # noqa: E402  (the same start-up checks as the tests)
from tests.demo_sign_up import sign_up, unused_resident  # noqa: E402  (as the browser tests sign up)

LIGHTHOUSE_VERSION = "13.5.0"
TOOLS = ROOT / "tools" / "lighthouse"
CHROMIUM = os.environ.get("PADUKO_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run " \
               "--disable-background-networking --disable-component-update --disable-sync"
PUBLIC_PAGES = {"home": "/", "service page": "/layanan/ktp-cetak", "/masuk": "/masuk", "/status": "/status"}
EMPTY = "EMPTY Reflex app"
RATIOS = ["total KiB", "script KiB", "requests", "LCP s"]  # each page / the empty app


def ensure_lighthouse() -> Path:
    cli = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        (TOOLS / "package.json").write_text('{"name": "paduko-lighthouse", "private": true}\n')
        bun = ROOT / "tools" / "bun" / "node_modules" / ".bin" / "bun"
        subprocess.run([str(bun), "add", "--exact", f"lighthouse@{LIGHTHOUSE_VERSION}"], cwd=TOOLS, check=True)
    return cli




def start_paduko(data: str) -> tuple[str, subprocess.Popen]:
    """PADUKO's production build on a free port, with a fresh demo database in `data`."""
    port = free_port()
    bun_bin = ROOT / "tools" / "bun" / "node_modules" / ".bin"
    env = dict(os.environ, PADUKO_DATA_DIR=data, PADUKO_PORT=str(port), PADUKO_MODE="demo",
               PADUKO_CODE_LIMIT_PER_IP="10000", PATH=f"{bun_bin}:{os.environ['PATH']}", REFLEX_USE_SYSTEM_BUN="1")
    env.pop("REFLEX_DB_URL", None)
    subprocess.run([sys.executable, "-m", "paduko_app.setup_db"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    reflex = str(Path(sys.executable).parent / "reflex")
    server = subprocess.Popen([reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port),
                               "--backend-port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 900
    while not (serving(url + "/") and serving(url + "/ping")):
        if server.poll() is not None or time.monotonic() > deadline:
            os.killpg(server.pid, signal.SIGKILL)
            raise SystemExit("PADUKO did not start")
        time.sleep(1)
    return url, server


def signed_in_pages(url: str) -> dict[str, tuple[str, str]]:
    """{label: (path, cookie header)} for the wizard question, /akun and the officer queue."""
    from playwright.sync_api import sync_playwright

    from tests.browser_fixtures import CHROMIUM_ARGS
    from tests.e2e.wizard_walker import tr

    pages = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=url, viewport={"width": 390, "height": 844})
        page = context.new_page()
        sign_up(page, url, "Benchmark Lighthouse", *unused_resident())
        page.goto("/layanan/ktp-cetak")
        page.get_by_role("button", name=tr("service_page.apply.start")).click()
        page.locator(".step-count").wait_for()
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies() if c["name"] == "paduko_session")
        # The wizard's own address, as a person comes back to a draft: its on_load resumes the
        # application and opens the question. (/permohonan alone belongs to the browser tab that
        # started it: a new browser is sent on to /akun, which is what Lighthouse would measure.)
        pages["wizard question"] = ("/layanan/ktp-cetak/ajukan", cookie)
        pages["/akun"] = ("/akun", cookie)
        context.close()
        context = browser.new_context(base_url=url)
        page = context.new_page()
        page.goto("/petugas/masuk")
        page.locator("#username").fill("verifikator")
        page.locator("#password").fill("demo-verifikator-2026")
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/petugas/?$"))
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies() if c["name"] == "paduko_session")
        pages["officer queue"] = ("/petugas/antrian", cookie)
        browser.close()
    return pages


def lighthouse(cli: Path, url: str, cookie: str = "", *, keep_storage: bool = False, profile: str = "") -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    flags = CHROME_FLAGS + (f" --user-data-dir={profile}" if profile else "")
    command = ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={path}",
               "--only-categories=performance,accessibility,best-practices", f"--chrome-flags={flags}"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    if keep_storage:
        command.append("--disable-storage-reset")
    for attempt in range(3):  # Lighthouse on a busy 2-core machine now and then fails to start Chromium
        done = subprocess.run(command, env=dict(os.environ, CHROME_PATH=CHROMIUM), capture_output=True, text=True)
        if done.returncode == 0:
            break
        print(f"lighthouse failed on {url} (attempt {attempt + 1}): {done.stderr.strip()[-400:]}", file=sys.stderr)
    else:
        raise SystemExit(f"Lighthouse failed three times on {url}")
    report = json.loads(Path(path).read_text())
    os.unlink(path)
    return report


def figures(report: dict) -> dict:
    audits = report["audits"]
    by_type = {item["resourceType"]: item for item in audits["resource-summary"]["details"]["items"]}
    requests = audits["network-requests"]["details"]["items"]
    return {
        "total KiB": by_type["total"]["transferSize"] / 1024,
        "script KiB": by_type.get("script", {}).get("transferSize", 0) / 1024,
        "document KiB": by_type.get("document", {}).get("transferSize", 0) / 1024,
        "requests": by_type["total"]["requestCount"],
        "script from network KiB": sum(r.get("transferSize", 0) for r in requests
                                       if r.get("resourceType") == "Script") / 1024,
        "LCP s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "TBT ms": audits["total-blocking-time"]["numericValue"],
        "CLS": audits["cumulative-layout-shift"]["numericValue"],
        "perf": report["categories"]["performance"]["score"],
        "a11y": report["categories"]["accessibility"]["score"],
        "best": report["categories"]["best-practices"]["score"],
        "redirects": audits.get("redirects", {}).get("score"),
    }


def requests_by_file(report: dict) -> list[tuple[str, float]]:
    """(file name, KiB transferred), largest first: what a page downloads."""
    items = report["audits"]["network-requests"]["details"]["items"]
    files = [(item["url"].split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "/", item.get("transferSize", 0) / 1024)
             for item in items]
    return sorted(files, key=lambda pair: -pair[1])


def median_of(reports: list[dict]) -> dict:
    rows = [figures(r) for r in reports]
    return {key: statistics.median(row[key] for row in rows if row[key] is not None)
            if any(row[key] is not None for row in rows) else None for key in rows[0]}


COLUMNS = ["total KiB", "script KiB", "document KiB", "requests", "LCP s", "TBT ms", "CLS", "perf", "a11y", "best"]


def print_table(results: dict[str, dict]) -> None:
    print(f"{'page':<18}" + "".join(f"{c:>13}" for c in COLUMNS))
    for label, row in results.items():
        cells = "".join(f"{row[c]:>13.3f}" if isinstance(row[c], float) and c == "CLS"
                        else f"{row[c]:>13.2f}" if isinstance(row[c], float) else f"{row[c]:>13}" for c in COLUMNS)
        print(f"{label:<18}{cells}")


def print_ratios(results: dict[str, dict], empty: dict) -> None:
    print(f"ratio to the empty Reflex app (target for resident pages: total <= 1.25)")
    print(f"{'page':<18}" + "".join(f"{c:>13}" for c in RATIOS))
    for label, row in results.items():
        if label == EMPTY or label.endswith("repeat"):
            continue
        print(f"{label:<18}" + "".join(f"{row[c] / empty[c]:>13.2f}" if empty[c] else f"{'-':>13}" for c in RATIOS))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url", help="a PADUKO already serving its production build")
    parser.add_argument("--keep", type=Path, help="a folder to keep the first run's Lighthouse report of each page in")
    args = parser.parse_args()
    cli = ensure_lighthouse()
    servers = []
    # Everything this run writes outside the repository, removed at the end: the empty app's
    # build, PADUKO's data folder, the repeat visit's browser profile.
    folders = [tempfile.mkdtemp(prefix="paduko-empty-reflex-"), tempfile.mkdtemp(prefix="paduko-bench-"),
               tempfile.mkdtemp(prefix="paduko-lh-profile-")]
    empty_folder, data, profile = (Path(f) for f in folders)
    url = args.url
    try:
        empty_url, empty_server = start_empty_app(empty_folder)
        servers.append(empty_server)
        if not url:
            url, server = start_paduko(str(data))
            servers.append(server)
        pages = {EMPTY: (empty_url + "/", "")}
        pages.update({label: (url + path, "") for label, path in PUBLIC_PAGES.items()})
        pages.update({label: (url + path, cookie) for label, (path, cookie) in signed_in_pages(url).items()})
        reports: dict[str, list[dict]] = {label: [] for label in pages}
        for _ in range(args.runs):  # alternate, so that the empty app and PADUKO share the load
            for label, (address, cookie) in pages.items():
                reports[label].append(lighthouse(cli, address, cookie))
        results = {label: median_of(found) for label, found in reports.items()}
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for label, found in reports.items():
                name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".json"
                (args.keep / name).write_text(json.dumps(found[0]))
        requests_of = {label: requests_by_file(found[0]) for label, found in reports.items()}
        # A page that sends the visitor elsewhere (guard, resumed draft) is measured where it lands.
        landed = {label: sorted({r["finalDisplayedUrl"].replace(url, "").replace(empty_url, "") or "/"
                                 for r in found}) for label, found in reports.items()}
        # Repeat visit: the first load installs the service worker, the measured ones reuse it.
        lighthouse(cli, url + "/", profile=str(profile))
        time.sleep(5)  # let the worker finish precaching in the background (not a measurement)
        repeat = [lighthouse(cli, url + "/", keep_storage=True, profile=str(profile)) for _ in range(args.runs)]
        results["home, repeat"] = median_of(repeat)
        print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, simulated slow 4G, median of {args.runs}; "
              f"PADUKO {url}, empty Reflex app {empty_url}")
        print_table(results)
        print_ratios(results, results[EMPTY])
        print(f"repeat visit, script bytes from the network: {results['home, repeat']['script from network KiB']:.1f} KiB")
        print("largest transfers, first run (KiB):")
        for label, files in requests_of.items():
            print(f"  {label:<16} " + ", ".join(f"{name} {size:.1f}" for name, size in files[:6]))
        print("measured where each page landed: " + "; ".join(f"{k} -> {', '.join(v)}" for k, v in landed.items()))
        print("no redirect on typed addresses: " + ", ".join(
            f"{label} {'yes' if row['redirects'] in (1, None) else 'NO'}" for label, row in results.items()))
    finally:
        for server in servers:
            stop(server)
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
