"""Ship iframe-worker's shim with the offline handbook instead of loading it from a CDN.

Hooks: when Material's `offline` plugin is on, it adds `https://unpkg.com/iframe-worker/shim` to
the page scripts, because browsers refuse Web Workers on file:// and search needs the shim there.
Without internet that request fails and search finds nothing. `on_config` swaps the address for
a file inside the site and `on_files` copies it from node_modules/ (installed by `npm ci`, pinned
in package.json). Nothing is fetched from anywhere while reading.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from handbook.site import project_dir

SHIM = "node_modules/iframe-worker/shim/index.js"
TARGET = "assets/javascripts/iframe-worker-shim.js"

# Hooks --------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    polyfills = config.extra.get("polyfills", [])
    if any("iframe-worker" in url for url in polyfills):
        config.extra["polyfills"] = [TARGET if "iframe-worker" in url else url for url in polyfills]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if TARGET not in config.extra.get("polyfills", []):
        return files
    shim = project_dir(config) / SHIM
    if not shim.is_file():
        raise PluginError(
            f"{SHIM} is missing: the offline handbook needs it for search from file://; "
            "run `npm ci` (make offline does) and build again"
        )
    files.append(File.generated(config, TARGET, abs_src_path=str(shim)))
    return files
