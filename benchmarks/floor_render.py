"""The floor for Markdown+HTML: the same templates rendered and converted, nothing else.

Reads document plans and language views prepared beforehand (pickled by run.py), so it does no YAML
parsing, no validation, no compliance rules and writes no files: what is left is the irreducible
cost of rendering our wording and converting it to every HTML variant the build produces.
"""

import pickle
import sys
from pathlib import Path

from kzpolicy_gen.render import html
from kzpolicy_gen.render.wording import environment, render_markdown


def main(path: str) -> int:
    plans, views, meta = pickle.loads(Path(path).read_bytes())  # written by run.py a moment ago
    env = environment(None)
    size = 0
    for plan in plans:
        for view in views:
            text = render_markdown(plan, view, env)
            body = html.markdown_to_html(text)
            size += len(html.page_html(text, body, {**meta, "operator": "", "alternates": []}))
            size += len(html.fragment_html(text, body)) + len(html.fragment_html(text, body, inline_css=False))
            size += len(html.shadow_fragment_html(text, body))
    return 0 if size else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
