"""The sources registry (model/sources_data.py): every parameter's source text resolves to entries
(or says it is an assumption or the user's input), every entry has an address or says why not,
the bibliography is generated from it, and the app shows the links (help texts, sources page)."""
from __future__ import annotations

import re

import pytest

import model
from cli import docs
from model import sources as S
from ui import citations
from ui.i18n import LANGS, Translator


def test_every_parameter_source_resolves_or_is_labelled_an_assumption():
    unresolved = [p.name for p in model.REGISTRY if not S.for_param(p) and not S.is_assumption(p.source)]
    assert not unresolved, f"source texts that name no entry of model/sources_data.py: {unresolved}"


def test_a_graded_parameter_cites_a_source():
    """A parameter graded strong/moderate/weak/contested rests on published figures, so it must
    name at least one registry entry (an 'assumption' label alone is not enough)."""
    bad = [p.name for p in model.REGISTRY
           if p.grade in ("strong", "moderate", "weak", "contested") and not S.for_param(p)]
    assert not bad, bad


def test_every_entry_has_an_address_or_a_reason():
    for s in S.registry():
        assert s.url or s.url_note.strip(), f"{s.id}: no url and no url_note"
        if s.url:
            assert re.match(r"^https://[\w.-]+\.[a-z]{2,}(/\S*)?$", s.url), (s.id, s.url)
        for field in ("authors", "year", "title", "venue", "supports"):
            assert getattr(s, field).strip(), (s.id, field)
        assert s.match and all(m.strip() for m in s.match), s.id


def test_ids_and_numbers_are_unique_and_in_file_order():
    reg = S.registry()
    assert [s.number for s in reg] == list(range(1, len(reg) + 1))
    assert len({s.id for s in reg}) == len(reg)


def test_evidence_2_corrections_win():
    """evidence-2.md section 0 corrects evidence.md: the AER doi, the JUE venue, and the
    Martínez-Schuldt & Martínez year (unconfirmed, not 2019)."""
    by = S.by_id()
    assert by["goncalves-jacome-weisburst"].url == "https://doi.org/10.1257/aer.20250305"
    assert "Journal of Urban Economics 128" in by["jacome-2022"].venue
    assert by["jacome-2022"].url == "https://doi.org/10.1016/j.jue.2021.103395"
    assert "unconfirmed" in by["martinez-schuldt-martinez"].year
    assert "2019" not in by["martinez-schuldt-martinez"].year


@pytest.mark.parametrize("text, expected", [
    ("Hausman 2020: no effect [evidence B]", "Hausman 2020: no effect"),
    ("a (evidence-2 section 0); b [evidence-2 sections 0, 1]", "a; b"),
    ("texto [evidencia D, G]", "texto"),
    ("MPI 2018: ~6% (all detainers)", "MPI 2018: ~6% (all detainers)"),
])
def test_clean_drops_internal_labels_only(text, expected):
    assert S.clean(text) == expected


def test_matching_is_by_short_form_and_ignores_case():
    assert [s.id for s in S.cited("hausman 2020 and GAO-21-186")] == ["gao-21-186", "hausman-2020"]
    assert S.cited("assumption") == ()


def test_bibliography_is_generated_and_up_to_date():
    text = docs.BIBLIOGRAPHY_MD.read_text(encoding="utf-8")
    assert text == docs.bibliography(), "docs/BIBLIOGRAPHY.md is out of date: run `python -m cli.docs`"
    for s in S.registry():
        assert f'<a id="{s.anchor()}"></a>' in text and f"**[{s.number}]**" in text, s.id
        if s.url:
            assert f"<{s.url}>" in text


def test_model_md_links_the_bibliography_not_the_evidence_file():
    text = docs.MODEL_MD.read_text(encoding="utf-8")
    params = re.search(r"<!-- BEGIN PARAMS -->\n(.*?)<!-- END PARAMS -->", text, re.S).group(1)
    assert "[evidence" not in params
    assert "(BIBLIOGRAPHY.md#src-hausman-2020)" in params
    assert "[BIBLIOGRAPHY.md](BIBLIOGRAPHY.md)" in text


@pytest.mark.parametrize("lang", LANGS)
def test_widget_help_links_each_cited_source(lang):
    from ui import widgets

    tr = Translator(lang)
    for p in model.REGISTRY:
        help_ = widgets.help_text(tr, p)
        assert "evidence " not in help_ and "evidencia " not in help_.replace("Nivel de evidencia", ""), (lang, p.name)
        for s in S.for_param(p):
            if s.url:
                assert f"]({s.url})" in help_, (lang, p.name, s.id)
            assert f"\\[{s.number}\\]" in help_, (lang, p.name, s.id)


def test_report_function_lists_cited_entries_escaped():
    out = citations.report_html(model.REGISTRY, title="Sources & <refs>")
    assert "Sources &amp; &lt;refs&gt;" in out
    assert 'href="https://doi.org/10.1257/aer.20250305"' in out
    assert out.count("<li>") == len({s.id for p in model.REGISTRY for s in S.for_param(p)})
    assert citations.report_html([]) == ""
