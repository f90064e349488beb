"""Host pages that imitate the platforms docs/embedding.md has a guide for, each with its typical CSS.

Every stylesheet is hostile the way real themes are: ID selectors, `!important` on every element type,
`html { font-size: 62.5% }`, list bullets drawn with ::before, justified and indented paragraphs,
uppercase coloured headings. The fragment must look the same inside each of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

# Rules every hostile theme adds on top of its own: one per element type the fragment uses.
_EVERYWHERE = """
{s} p, {s} li, {s} td, {s} th {{ text-align: justify !important; text-indent: 2em !important;
  line-height: 2.6 !important; letter-spacing: .08em !important; word-break: break-all !important; }}
{s} h1, {s} h2, {s} h3, {s} h4 {{ text-transform: uppercase !important; color: #ff6a00 !important;
  font-size: 4.2rem !important; border-bottom: 4px dotted #ff6a00 !important; float: right !important; }}
{s} ul {{ list-style: none !important; padding-left: 0 !important; }}
{s} ul li::before {{ content: "\\2714  " !important; color: #2a2 !important; }}
{s} ol {{ counter-reset: item !important; }}
{s} ol li {{ counter-increment: item !important; }}
{s} ol li::before {{ content: counter(item) ". " !important; font-weight: 700 !important; }}
{s} a {{ color: #e91e63 !important; text-decoration: none !important; font-weight: 700 !important; }}
{s} a::after {{ content: " \\2197" !important; }}
{s} table {{ border-collapse: separate !important; border-spacing: 6px !important; table-layout: fixed !important;
  width: 50% !important; }}
{s} td, {s} th {{ border: 3px solid red !important; padding: 2rem !important; white-space: nowrap !important;
  background: #ffd !important; }}
{s} strong {{ color: #f0f !important; }}
{s} nav, {s} span, {s} header {{ margin: 2rem !important; padding: 1rem !important; max-width: 30rem !important; }}
{s} div {{ text-align: justify !important; color: #777 !important; font-size: 1.3rem !important; }}
{s} * {{ font-family: "Comic Sans MS", cursive !important; box-sizing: content-box !important;
  overflow-wrap: anywhere !important; hyphens: auto !important; }}
"""


@dataclass(frozen=True)
class Host:
    """A platform imitation: where the fragment goes (`{fragment}`) and the theme's CSS."""

    name: str
    body: str
    css: str
    variant: str = "fragment"  # which output file is pasted: fragment, fragment-csp or fragment-shadow
    script: str = ""  # a host that inserts the fragment with JavaScript (React), run before the checks


# The variant docs/embedding.md recommends for Next.js, put in the way React's dangerouslySetInnerHTML does it:
# innerHTML, after the page has loaded, from a string (the page data a Next.js page carries as JSON). Not from
# a <template> in the page: the parser would already attach a declarative shadow root inside it.
NEXTJS = Host("nextjs", '<div id="__next"><main id="content"><div id="policy"></div></main></div>'
                        '<script id="__NEXT_DATA__" type="application/json">{fragment_json}</script>',
              "*, ::before, ::after { box-sizing: border-box; border: 0 solid; }\nh1, h2 { font-size: inherit; "
              "font-weight: inherit; }\nol, ul { list-style: none; margin: 0; padding: 0; }\n"
              + _EVERYWHERE.format(s="#content"),
              script="document.getElementById('policy').innerHTML = "
                     "JSON.parse(document.getElementById('__NEXT_DATA__').textContent)")

HOSTS = [
    Host("tilda", '<div id="allrecords" class="t-records"><div id="rec123" class="r t-rec" data-record-type="123">'
                  '<div class="t123"><div class="t-container_100"><div class="t-width t-width_100">{fragment}'
                  "</div></div></div></div></div>",
         "body { margin: 0; font-family: 'TildaSans', Arial, sans-serif; }\n"
         ".t-records { -webkit-font-smoothing: antialiased; }\n.t123 * { box-sizing: content-box; }\n"
         + _EVERYWHERE.format(s="#allrecords")),
    Host("wordpress", '<div id="page" class="site"><main id="main" class="site-main"><article class="post">'
                      '<div class="entry-content">{fragment}</div></article></main></div>',
         "html { font-size: 62.5%; }\nbody { font-size: 1.8rem; color: #333; background: #fafafa; }\n"
         ".entry-content > * { max-width: 64rem !important; margin-left: auto; margin-right: auto; }\n"
         + _EVERYWHERE.format(s="#main")),
    Host("wordpress-kses", '<div id="page" class="site"><main id="main" class="site-main"><article class="post">'
                           '<div class="entry-content">{fragment}</div></article></main></div>',
         "html { font-size: 62.5%; }\nbody { font-size: 1.8rem; color: #333; }\n" + _EVERYWHERE.format(s="#main"),
         variant="fragment-csp"),
    Host("bitrix", '<div class="workarea"><div id="workarea-content" class="bx-content">{fragment}</div></div>',
         "html { font-size: 10px; }\nbody { font: 13px/1.5 Tahoma, Verdana, sans-serif; }\n"
         "* { margin: 0; padding: 0; }\n" + _EVERYWHERE.format(s="#workarea-content")),
    Host("static", '<header id="top" class="site-header">Site</header><main id="content">{fragment}</main>',
         "html { font-size: 62.5%; }\n.site-header { position: fixed; top: 0; left: 0; right: 0; height: 56px;"
         " background: #123; color: #fff; z-index: 10; }\nmain { padding-top: 56px; }\n"
         + _EVERYWHERE.format(s="#content")),
    NEXTJS,
]

#: The shadow variant inserted the same way: its declarative shadow root is never attached, and the copy
#: beside the template is what shows (docs/embedding.md, "Limits of the shadow variant").
NEXTJS_SHADOW = replace(NEXTJS, name="nextjs-shadow", variant="fragment-shadow")


def host_page(host: Host, fragment: str, lang: str, *, linked_css: bool) -> str:
    """A whole host page with the fragment pasted where the platform puts custom HTML (`{fragment}`), or
    carried as a JSON string for a host that inserts it with JavaScript (`{fragment_json}`)."""
    link = '<link rel="stylesheet" href="/kzpolicy.css">' if linked_css else ""
    data = json.dumps(fragment).replace("<", "\\u003c")  # a JSON string that cannot close its <script>
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title>'
            f'<link rel="stylesheet" href="/host-{host.name}.css">{link}</head><body>'
            f'<h1 id="host-h1">Host</h1>{host.body.format(fragment=fragment, fragment_json=data)}</body></html>')
