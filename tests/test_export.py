"""Exports carry their provenance (issue 15): the tidy CSV, the chart images (PNG pixels and text
chunks), the HTML report (its size, its provenance, no script), and readable file names."""
from __future__ import annotations

import csv
import io
import shutil

import pytest

import model
from ui import export
from ui.i18n import Translator

LINK = "http://127.0.0.1:8501/?s=eNqrVirILyjNSSzJzM9TsjI0MgCCWgBT1wbl&v=1.0.0"


@pytest.fixture(scope="module")
def res():
    return model.simulate(model.defaults(), draws=40, years=3)


def prov(lang: str = "en") -> export.Provenance:
    return export.Provenance(scenario="Modelo JEM revisión universal", county="Condado mediano",
                             link=LINK, description="Para el taller del martes")


def test_file_names_keep_the_letters_of_accented_words():
    assert export.slug("modelo-jem-revisión-universal") == "modelo-jem-revision-universal"
    assert export.slug("Año 2 · Señal «fuerte»") == "ano-2-senal-fuerte"
    assert export.slug("../../etc/passwd") == "etc-passwd"
    assert export.slug("¿¡…!?") == "scenario"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_csv_is_tidy_with_provenance_first_then_outcomes_then_years(res, lang):
    tr = Translator(lang)
    text = export.tidy_csv(tr, res, prov(lang))
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[0] == tr("export.col.section") and len(set(map(len, rows))) == 1
    sections = [r[0] for r in body]
    about, outcomes, series = (tr(f"export.section.{s}") for s in ("about", "outcomes", "series"))
    # provenance, then headline outcomes, then the yearly series, each in one block
    assert sections == sorted(sections, key=[about, outcomes, series].index)
    info = {r[1]: r[3] for r in body if r[0] == about}
    assert info[tr("export.scenario")] == "Modelo JEM revisión universal"
    assert info[tr("export.county")] == "Condado mediano"
    assert info[tr("export.version")] == model.MODEL_VERSION
    assert info[tr("export.link")] == LINK
    assert info[tr("export.notice_label")] == tr("export.notice")
    assert info[tr("export.date")] == prov().date
    heads = {r[1]: r for r in body if r[0] == outcomes}
    assert len(heads) == len(model.OUTCOMES)
    removals = heads[tr("outcome.removals.label")]
    assert removals[3] == str(round(res.outcomes["removals"].value))  # whole people
    share = heads[tr("outcome.reporting_rate_immigrant_end.label")]
    assert float(share[3]) == round(100 * res.outcomes["reporting_rate_immigrant_end"].value, 1)
    assert share[7] == "%"
    years = [r for r in body if r[0] == series]
    assert len(years) == len(res.series) * res.years
    label = tr("charts.series.removals")
    by_year = [r for r in years if r[1] == label]
    assert [r[2] for r in by_year] == ["1", "2", "3"]
    want = [round(float(res.series["removals"].value[12 * y:12 * y + 12].mean())) for y in range(3)]
    assert [int(r[3]) for r in by_year] == want
    for r in years:  # rounded: no 16-digit numbers
        assert len(r[3].split(".")[-1]) <= 3 if "." in r[3] else True
    assert "_" not in header[1] and all("_" not in r[1] for r in body)  # no snake_case


def test_the_toolbar_file_name_names_the_scenario_county_chart_and_date():
    name = export.image_filename(prov(), "trust_reporting")
    assert name.startswith("modelo-jem-revision-universal-condado-mediano-trust_reporting-")
    assert name.endswith(prov().date)


needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Chromium")


@needs_chromium
def test_chart_pngs_carry_the_provenance_in_pixels_and_metadata(res):
    from PIL import Image

    from ui import charts

    tr = Translator("es")
    fig = charts.trust_reporting(res, tr)
    (png,) = export.chart_images([fig], tr, prov(), fmt="png")
    img = Image.open(io.BytesIO(png))
    assert img.text["Source"] == LINK and img.text["Title"] == prov().scenario
    assert tr("export.notice") in img.text["Description"]
    assert model.MODEL_VERSION in img.text["Description"]
    # the footer is drawn: dark text pixels in the strip under the chart
    gray = img.convert("L")
    w, h = gray.size
    strip = gray.crop((0, h - export.FOOTER_PX * h // export.image_height(fig), w, h))
    dark = sum(1 for p in strip.tobytes() if p < 128)
    assert dark > 200, dark  # the added strip is blank but for the footer's text


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_report_is_small_has_its_provenance_and_no_script(res, lang):
    from ui import report

    tr = Translator(lang)
    p = prov(lang)
    html = report.build(tr, res, name=p.scenario, link=LINK, prov=p, description=p.description)
    size = len(html.encode())
    assert size < 1_500_000, size
    assert "<script" not in html.lower()
    for text in (p.scenario, p.county, model.MODEL_VERSION, p.date, tr("export.notice"),
                 p.description):
        assert text in html, text
    assert f'href="{LINK}"' in html.replace("&amp;", "&")
    assert html.count("data:image/svg+xml;base64,") == len(report.CHARTS)
