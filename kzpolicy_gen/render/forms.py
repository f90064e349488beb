"""Paper forms: tick boxes where a form says "tick", and the lines a signed paper form needs.

Why on the HTML side: the wording says what a person declares; the furniture of a paper form (a box
to tick, a printed-name line under a signature, a representative's authority, the operator's receipt
mark) is the same for every business and belongs to the page, so the templates stay wording only.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.plan.structure import SignedForms

BOX = "\u25a1"  # the box the wording uses too (□), in the bundled fonts
# Forms a person signs (the consent and its separate variants, the withdrawal and request forms), and the
# ones the person sends to the operator, which get a receipt mark.
SIGNED = SignedForms({"consent", "consent-cross-border", "consent-marketing", "consent-public", "withdrawal-form",
                      "request-form"})
SENT = frozenset({"withdrawal-form", "request-form"})
REPRESENTATIVE_LINES = ("form_representative_name", "form_authority", "form_representative_signature")
"""The ui.yaml labels of a representative's lines on a signed form, one line each (also in the DOCX)."""
_LINE = "_" * 80
"""Longer than any column: the line is cut where the column ends (kzp.css), so it runs to the right margin."""


def tick_boxes(body: str, lang: str) -> str:
    """"Withdraw (tick as needed): a; b; c. Other: ___." → the lead, then one □ line per option; and the lead
    followed by paragraphs that each start with □ (one option a line in the wording) → the lead and one list."""
    marker = re.escape(cat.ui()["tick_marker"][lang])
    lead = rf"<p>((?:(?!</p>).)*?{marker})"

    def lines(match: re.Match[str]) -> str:
        options = re.findall(rf"<p>{BOX}\s*((?:(?!</p>).)*)</p>", match.group(2))
        items = "".join(f"<li>{BOX} {option.strip()}</li>" for option in options)
        return f'<p>{match.group(1)}</p>\n<ul class="kzp-ticks">{items}</ul>\n'

    def inline(match: re.Match[str]) -> str:
        rest = match.group(2)
        options, sep, tail = rest.partition(". ")
        options = options if sep else options.rstrip(".")
        items = "".join(f"<li>{BOX} {option.strip()}</li>" for option in options.split("; ") if option.strip())
        other = f"<li>{BOX} {tail.strip()}</li>" if tail.strip() else ""
        return f'<p>{match.group(1)}</p>\n<ul class="kzp-ticks">{items}{other}</ul>'

    body = re.sub(rf"{lead}</p>\s*((?:<p>{BOX}(?:(?!</p>).)*</p>\s*)+)", lines, body)
    return re.sub(rf"{lead}\s*((?:(?!</p>)\S)(?:(?!</p>).)*)</p>", inline, body)


_REPRESENTATIVE = {"ru": "представител", "kk": "өкіл", "en": "representative"}


def _asks_for_representative(body: str, lang: str) -> bool:
    """The wording already has a fill-in paragraph for the representative (so the lines are not repeated)."""
    return any(_REPRESENTATIVE[lang] in p.lower() and "___" in p for p in re.findall(r"<p>(.*?)</p>", body, re.S))


def signature_block(doc_id: str, lang: str, *, minors: bool, body: str = "") -> str:
    """The lines under a signed form: printed name; one representative block (name, authority document,
    signature; unless the wording asks for them already); a minor's own signature where minors are served;
    the operator's receipt mark on forms sent to it. The form's own date line serves every signature on it,
    so no block repeats "Date / Signature"."""
    if doc_id not in SIGNED:
        return ""
    ui = cat.ui()

    def line(label: str) -> str:
        text = Markup.escape(ui[label][lang])
        return (f'<p class="kzp-fill kzp-fill-row"><span class="kzp-fill-label">{text}:</span> '
                f'<span class="kzp-fill-line">{_LINE}</span></p>')

    def block(kind: str, title: str, *labels: str) -> str:
        lines = "".join(line(label) for label in labels)
        return f'<div class="kzp-{kind}"><p class="kzp-fill-title">{Markup.escape(ui[title][lang])}</p>{lines}</div>'

    parts = [line("form_printed_name")]
    if not _asks_for_representative(body, lang):
        parts.append(block("rep", "form_representative", *REPRESENTATIVE_LINES))
    if minors:
        parts.append(block("rep", "form_minor", "form_minor_name", "form_minor_signature"))
    if doc_id in SENT:
        parts += [f'<div class="kzp-received"><p><strong>{Markup.escape(ui["form_received"][lang])}</strong></p>'
                  f'<p class="kzp-fill">{Markup.escape(ui["form_received_lines"][lang])}</p></div>']
    return '<div class="kzp-sign">' + "\n".join(parts) + "</div>"
