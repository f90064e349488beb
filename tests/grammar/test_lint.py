"""The template lint itself: it flags raw values in governed slots and nothing else."""

from __future__ import annotations

import pytest

from tests.grammar.template_lint import lint_source


@pytest.mark.parametrize("source", [
    "Согласие даётся {{ operator.name }}, БИН",
    "Трансграничная передача — в {{ join(countries_abroad) }}.",
    "направляются по каналам {{ join(marketing.channels) }} только",
    "ознакомлен с Политикой {{ operator.name }}.",
    "Подробнее — в Политике {{ operator.name }}.",
    "и ознакомлен с {{ doc_link(\"policy\", \"Политикой\") }} {{ operator.name }}.»",
])
def test_russian_raw_values_in_governed_slots_are_found(source: str) -> None:
    assert len(lint_source("ru", source)) == 1


@pytest.mark.parametrize("source", [
    "Согласие даётся {{ dat(operator.name) }}, БИН",
    "Трансграничная передача — {{ phrase('в', countries_abroad, 'acc', 'в следующие государства:') }}.",
    "по каналам {{ join(marketing.channels, case='gen') }}",
    "Передача: следующих государств: {{ join(countries_abroad) }}.",
    "- {{ tp.name }} ({{ tp.country }})",
    "{{ operator.name }} является {{ operator.role }}.",
    "по адресу {{ requests.email }}",
    "в течение {{ days('withdrawal') }}",
    "в разделе {{ ref('purposes') }}",
    "приложением к документу {{ q(document.annex_to) }}",
    "Лицом назначен {% if x %}{{ gen(responsible.name) }}{% endif %}",
    "Лицом, ответственным за организацию обработки, назначен {{ responsible.name }}",
    "| {% if c.services %}{{ join(c.services) }}{% else %}собственные{% endif %} |",
])
def test_russian_helpers_lists_and_exempt_values_pass(source: str) -> None:
    assert lint_source("ru", source) == []


def test_kazakh_pasted_suffix_and_governed_postposition() -> None:
    assert len(lint_source("kk", "{{ operator.name }}-ке беріледі")) == 1
    assert len(lint_source("kk", "{{ operator.name }}ға беріледі")) == 1
    assert len(lint_source("kk", "{{ law.law }} сәйкес")) == 1
    assert lint_source("kk", "{{ dat(operator.name) }} беріледі") == []
    assert lint_source("kk", "{{ ref('purposes') }}-бөлімде") == []
    assert lint_source("kk", "мына мемлекеттерге: {{ join(countries_abroad) }}.") == []


def test_english_countries_after_a_preposition_need_the_article() -> None:
    assert len(lint_source("en", "transferred to {{ join(countries_abroad) }}.")) == 1
    assert lint_source("en", "transferred to {{ join(countries_abroad, case='acc') }}.") == []
    assert lint_source("en", "the following states: {{ join(countries_abroad) }}.") == []


def test_findings_name_file_line_and_word() -> None:
    (finding,) = lint_source("ru", "x\nСогласие даётся {{ operator.name }}", "ru/consent.md.j2")
    assert str(finding) == "ru/consent.md.j2:2: raw value {{ operator.name }} after 'даётся'"


def test_the_shipped_templates_put_no_raw_value_in_a_governed_slot() -> None:
    from kzpolicy_gen.render.wording import builtin_templates
    from tests.grammar.template_lint import lint_templates

    findings = lint_templates(builtin_templates())
    assert [str(f) for f in findings] == []
