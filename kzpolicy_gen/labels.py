"""Catalogue keys and periods as words of one language: shared by the wording's view
(render/context.py) and the register of processing (register.py), which must not depend on the
rendering of documents."""

from __future__ import annotations

from kzpolicy_gen import catalogue
from kzpolicy_gen.models.profile import CustomEntry, Period
from kzpolicy_gen.render.text import period


def label(section: str, value: str | CustomEntry, lang: str) -> str:
    """Wording of a catalogue key, or of a custom entry, in one language."""
    if isinstance(value, CustomEntry):
        return value.name.get(lang)
    item = catalogue.entry(section, value)
    return str(item["label"][lang] if "label" in item else item[lang])


def period_text(value: Period, lang: str) -> str:
    """"3 года", "до достижения целей обработки", each followed by the profile's note if it gives one."""
    if value.until_purpose_achieved:
        text = str(catalogue.ui()["until_purpose_achieved"][lang])
    elif value.statutory is not None:
        ui = catalogue.ui()
        act = value.statutory.act.get(lang)
        if value.statutory.years:
            text = f"{period(lang, 'years', value.statutory.years)} ({ui['statutory_period'][lang]}{act})"
        else:
            text = f"{ui['statutory_period'][lang]}{act}"
    else:
        unit = next(unit for unit in ("years", "months", "days") if getattr(value, unit))
        text = period(lang, unit, getattr(value, unit))
    return text if value.note is None else f"{text} ({value.note.get(lang)})"
