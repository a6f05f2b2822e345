"""The handbook as a MkDocs site: the build pipeline (pipeline) and its page sets (pagesets), the
Markdown they render through the Jinja templates in templates/ (render), where each page lives (urls),
and the pages with data of their own: training, cards, practice, the checker, search and the published
catalogue (export).
"""
