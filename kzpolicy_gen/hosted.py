"""Hosted layout (`build --hosted URL`): the output folder is served as it is at URL, and each document gets a
stable address plus an `<iframe>` and a link to paste.

Why: a client who pastes the text into its site must paste it again after every update; a client who embeds
the hosted page (or links to it) is updated when the agency re-uploads the folder. The addresses are stable
because the file names are: `<lang>/<document>.html` is always the current version (earlier ones move to
`versions/<version>/`, archive.py). The snippets are written into `embed.html` (for people: copy and paste)
and `embed.json` (for scripts), as part of the build's file set.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from kzpolicy_gen import catalogue
from kzpolicy_gen.render.shell import Cell, index_page

if TYPE_CHECKING:
    from kzpolicy_gen.models.profile import Profile
    from kzpolicy_gen.render.wording import RenderedText

SANDBOX = "allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
"""What the embedded page may do: open its mailto:/tel: and outside links on a click. No scripts (it has none),
no same-origin access, no forms."""


def snippets(url: str, title: str, lang: str) -> dict[str, str]:
    """The `<iframe>` and the `<a>` to paste for one page; every value escaped for an HTML attribute or text."""
    src, name = escape(url), escape(title)
    iframe = (f'<iframe src="{src}" title="{name}" lang="{lang}" loading="lazy" referrerpolicy="no-referrer" '
              f'sandbox="{SANDBOX}" width="100%" height="800" style="width:100%;height:80vh;border:0"></iframe>')
    link = f'<a href="{src}" hreflang="{lang}">{name}</a>'
    return {"iframe": iframe, "link": link}


def hosted_files(profile: Profile, texts: list[RenderedText], base_url: str, formats: list[str]) -> dict[str, bytes]:
    """`embed.json` and `embed.html`: each built document's URL under `base_url` and its snippets (the HTML page
    when html is built, else the PDF, else the Markdown)."""
    suffix = next((name for name in ("html", "pdf", "md") if name in formats), None)
    if suffix is None:
        return {}
    ui = catalogue.ui()
    entries = []
    for text in texts:
        url = f"{base_url}{text.lang}/{text.doc_id}.{suffix}"
        entries.append({"document": text.doc_id, "language": text.lang, "title": text.title, "url": url,
                        **snippets(url, text.title, text.lang)})
    first = texts[0].lang if texts else "ru"
    data = {"base_url": base_url, "index": f"{base_url}index.html", "documents": entries}
    code = Markup('<p><a href="{url}">{url}</a></p><p>{iframe_label}</p><pre><code>{iframe}</code></pre>'
                  '<p>{link_label}</p><pre><code>{link}</code></pre>')
    rows = [[Cell(e["title"], e["language"]), Cell(ui["language_name"][e["language"]]),
             Cell(code.format(url=e["url"], iframe=e["iframe"], link=e["link"], iframe_label=ui["hosted_iframe"][first],
                              link_label=ui["hosted_link"][first]))] for e in entries]
    head = [ui["document"][first], ui["languages"][first], ui["hosted_url"][first]]
    title = f"{ui['hosted_title'][first]} — {profile.operator.name.get(first)}"
    return {"embed.json": (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
            "embed.html": index_page(first, title, head, rows).encode("utf-8")}
