"""The call-audit page (通话质检): `handbook audit` in the browser, for team leads.

team/call-audit.md holds a short guide, the drop zone and options that docs/assets/audit.js brings to life,
and one <script type="application/json" id="hb-audit-data"> holding what the command line audits with: the
linter and the second opinion as the 自检 page embeds them (its engine, docs/assets/checker.js, is loaded
first) and `handbook.audit.browser.browser_data` (formats, cues, checks, limits, messages, rule citations,
lawful entries). Links are made relative to the page, since MkDocs does not rewrite raw HTML. The files a
team lead drops are read in the page with the File API: nothing is uploaded. The page stays out of search
(it is under team/, a form, not handbook text).
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from handbook.audit.auditor import Auditor
from handbook.audit.browser import browser_data as audit_data

from . import urls
from .checkpage import engine_data
from .pipeline import Build, Output, PageSet, links_from
from .render import Generated, Renderer, embed


class AuditPage(PageSet):
    """team/call-audit.md: the call audit (see the module's docstring)."""

    name = "call-audit"
    needs = ("entries",)  # links to the rule pages and the entries
    SCRIPT = "assets/audit.js"
    ENGINE = "assets/checker.js"  # the linter and the second opinion the 自检 page runs
    STYLESHEET = "assets/audit.css"

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        catalog = build.catalog
        href = links_from(files, config, urls.CALL_AUDIT)

        def rule_url(rule: str) -> str:
            return href(Renderer.rule_uri(rule) if rule in catalog.rules else urls.REDLINES)

        audit = audit_data(Auditor(catalog), lambda entry: href(Renderer.entry_uri(entry)), rule_url)
        audit["rules_index"] = href(urls.REDLINES)
        data = {**engine_data(catalog), "audit": audit}
        markdown = Renderer(catalog).render(
            "call-audit.md.j2",
            urls.CALL_AUDIT,
            data=Markup(embed(data)),
            cli=Markup(escape(href(urls.AUDIT_GUIDE))),
            css=Markup(escape(href(self.STYLESHEET))),
            engine=Markup(escape(href(self.ENGINE))),
            js=Markup(escape(href(self.SCRIPT))),
        )
        return Output(pages={urls.CALL_AUDIT: Generated(markdown, None)})
