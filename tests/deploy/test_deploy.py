"""Publishing on the intranet: `make dist`, the shipped nginx configuration, a sub-path, the version and the
changelog, as a new user would go through them: make dist, copy dist/ to nginx, open the handbook under
/huashu/ in Chromium, search, read the version and the changelog."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.error import HTTPError

import pytest
from conftest import PROJECT, free_port

from handbook.tools.deploy import inline_script_hashes

pytestmark = pytest.mark.build  # every test here builds the site, runs make or a server

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PREFIX = "/huashu/"


def need_nginx() -> None:
    if not Path(NGINX).exists():
        message = "nginx not found (apt-get install nginx)"
        if os.environ.get("CI"):
            pytest.fail(message + "; the deployment tests must run in CI")
        pytest.skip(message)


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """`make dist` for a handbook served at http://127.0.0.1:PORT/huashu/, into a temporary folder."""
    need_nginx()
    port = free_port()
    out = tmp_path_factory.mktemp("dist")
    site_url = f"http://127.0.0.1:{port}{PREFIX}"
    result = subprocess.run(
        ["make", "--no-print-directory", "dist", f"DIST={out}", f"SITE_URL={site_url}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return out, port


@pytest.fixture(scope="module")
def nginx(dist, tmp_path_factory):
    """nginx on loopback serving dist/site under /huashu/ with dist/nginx/ as an administrator installs it."""
    out, port = dist
    server = tmp_path_factory.mktemp("nginx")
    snippets = server / "snippets"
    shutil.copytree(out / "nginx", snippets)
    conf = snippets / "huashu.conf"  # the one line an administrator changes: where the release lives
    conf.write_text(conf.read_text().replace("/srv/huashu/current/", f"{out / 'site'}/"))
    (server / "logs").mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest folders
    (server / "nginx.conf").write_text(
        f"{user}daemon off;\npid {server}/nginx.pid;\nerror_log {server}/logs/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log {server}/logs/access.log;\n  client_body_temp_path {server}/body;\n"
        f"  proxy_temp_path {server}/proxy;\n  fastcgi_temp_path {server}/fastcgi;\n"
        f"  uwsgi_temp_path {server}/uwsgi;\n  scgi_temp_path {server}/scgi;\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n"
        "    include snippets/huashu.conf;\n  }\n}\n"
    )
    check = subprocess.run([NGINX, "-t", "-p", str(server), "-c", str(server / "nginx.conf")], capture_output=True)
    assert check.returncode == 0, check.stderr.decode()
    proc = subprocess.Popen([NGINX, "-p", str(server), "-c", str(server / "nginx.conf")], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + PREFIX, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def fetch(url: str, gzip_ok: bool = False, follow: bool = True):
    """(status, headers, body as received) for `url`; redirects not followed when follow is False."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(*([] if follow else [NoRedirect()]))
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except HTTPError as err:
        return err.code, err.headers, err.read()


# make dist -----------------------------------------------------------------------------------------


def test_dist_holds_everything_stamped_with_one_version(dist):
    out, _port = dist
    for name in ("site/index.html", "handbook-offline.zip", "catalog.json", "catalog.csv", "RELEASE-NOTES.md"):
        assert (out / name).is_file(), name
    for name in ("huashu.conf", "huashu-headers.conf", "huashu-csp.conf"):
        assert (out / "nginx" / name).is_file(), name
    version = subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "python"), "-m", "handbook.tools.release", "version"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    release = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["release"]
    assert release["name"] in version and release["date"] in version
    assert f"版本 {version}" in (out / "site" / "index.html").read_text(encoding="utf-8")
    assert version in (out / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    # the CSP lists exactly the inline scripts of the pages that were built
    csp = (out / "nginx" / "huashu-csp.conf").read_text()
    assert all(h in csp for h in inline_script_hashes(out / "site"))


# nginx ---------------------------------------------------------------------------------------------


def test_nginx_headers(nginx):
    status, headers, _ = fetch(nginx + "/huashu", follow=False)
    assert status == 301 and headers["Location"].endswith("/huashu/")
    status, headers, body = fetch(nginx + PREFIX, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "<title>" in gzip.decompress(body).decode()
    assert "script-src 'self' 'sha256-" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-cache"
    _, headers, _ = fetch(nginx + PREFIX + "search/search_index.json", gzip_ok=True)
    assert headers["Content-Encoding"] == "gzip"
    html = fetch(nginx + PREFIX)[2].decode()
    bundle = html.split('src="assets/javascripts/bundle.', 1)[1].split('"', 1)[0]
    _, headers, _ = fetch(f"{nginx}{PREFIX}assets/javascripts/bundle.{bundle}")
    assert "immutable" in headers["Cache-Control"] and "Content-Security-Policy" in headers
    assert fetch(nginx + PREFIX + "assets/")[0] == 403  # no directory listing
    status, _, body = fetch(nginx + PREFIX + "no-such-page/")
    assert status == 404 and "huashu/assets/stylesheets" in body.decode()  # the handbook's own 404 page


def test_transfer_sizes(nginx):
    """Figures for the note: what a reader downloads, compressed and not."""
    entry = "entries/ask-for-full-payment-first/"
    for path in ("search/search_index.json", entry, ""):
        raw = len(fetch(nginx + PREFIX + path)[2])
        packed = len(fetch(nginx + PREFIX + path, gzip_ok=True)[2])
        print(f"{path or 'index'}: {raw / 1000:.0f} KB, gzip {packed / 1000:.0f} KB ({packed / raw:.0%})")
        assert packed < raw / 3


@pytest.mark.browser
def test_the_handbook_works_under_the_sub_path(browser, nginx):
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    root = nginx + PREFIX
    page.goto(root)
    assert "版本" in page.locator("footer").inner_text()
    box = page.locator("input.md-search__input")
    box.click()
    start = time.perf_counter()
    page.keyboard.insert_text("分期")
    box.press("End")
    page.wait_for_selector(".md-search-result__item")
    print(f"first search result over nginx: {(time.perf_counter() - start) * 1000:.0f} ms")
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert first.startswith(root), first
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(root + "entries/")
    for path in ("changelog/", "flow/", "practice/", "check/", "dialogues/cannot-pay/", "team/changes/"):
        response = page.goto(root + path)
        assert response.status == 200, path
    page.goto(root + "changelog/")
    assert page.locator("h2").count() >= 1
    assert [u for u in requests if not u.startswith(nginx)] == []
    assert problems == []  # a Content-Security-Policy violation is reported here as an error
    page.close()
