"""The nginx configuration for a built site: the shipped files of deploy/nginx/ with the sub-path and the
folder filled in, and a Content-Security-Policy made from the pages themselves.

Material puts three small inline scripts into every page (palette, scope, tab state); a policy that
forbids inline scripts would break them, and one that allows all inline scripts protects little. So
the policy allows exactly those scripts, by the SHA-256 of each distinct one found in the built pages,
and nothing else inline. JSON data blocks (<script type="application/json">) are never run and need no hash.

    python -m handbook.tools.deploy nginx SITE OUT [--prefix /huashu/] [--root /srv/huashu/current/]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from pathlib import Path

from handbook import PROJECT

PROJECT_NGINX = PROJECT / "deploy" / "nginx"
SHIPPED = ("huashu.conf", "huashu-headers.conf")
DEFAULT_PREFIX = "/huashu/"
DEFAULT_ROOT = "/srv/huashu/current/"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")


def inline_script_hashes(site: Path) -> list[str]:
    """'sha256-…' for each distinct inline script that runs, over every HTML page of `site`."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        for match in INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8", errors="replace")):
            attrs, body = match.group("attrs").lower(), match.group("body")
            if "src=" in attrs or not body.strip() or any(t in attrs for t in DATA_TYPES):
                continue
            digest = hashlib.sha256(body.encode("utf-8")).digest()
            found.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(found)


def content_security_policy(site: Path) -> str:
    scripts = " ".join(["'self'", *inline_script_hashes(site)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",  # Material sets style attributes from its scripts
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def write_nginx(site: Path, out: Path, prefix: str = DEFAULT_PREFIX, root: str = DEFAULT_ROOT) -> list[Path]:
    """deploy/nginx/ for this site into `out`: the sub-path and folder replaced, huashu-csp.conf added."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} holds no built site (index.html); run `make build` or `make dist` first")
    prefix = "/" + prefix.strip("/") + "/"
    root = root.rstrip("/") + "/"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SHIPPED:
        text = (PROJECT_NGINX / name).read_text(encoding="utf-8")
        text = text.replace(DEFAULT_ROOT, root).replace(DEFAULT_PREFIX.rstrip("/"), prefix.rstrip("/"))
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    policy = content_security_policy(site)
    csp = out / "huashu-csp.conf"
    csp.write_text(
        "# Written by `make dist` (python -m handbook.tools.deploy) from the built pages; do not edit.\n"
        f'add_header Content-Security-Policy "{policy}" always;\n',
        encoding="utf-8",
    )
    written.append(csp)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.tools.deploy", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    nginx = sub.add_parser("nginx", help="write the nginx configuration for a built site")
    nginx.add_argument("site", type=Path, help="the built site (dist/site)")
    nginx.add_argument("out", type=Path, help="folder to write the .conf files into (dist/nginx)")
    nginx.add_argument("--prefix", default=DEFAULT_PREFIX, help="URL path the handbook is served under (%(default)s)")
    nginx.add_argument("--root", default=DEFAULT_ROOT, help="folder on the server holding the site (%(default)s)")
    args = parser.parse_args(argv)
    for path in write_nginx(args.site, args.out, args.prefix, args.root):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
