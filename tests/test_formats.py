"""One rule per kind of number (issue 15): money, shares, "1 year", negative costs in words."""
from __future__ import annotations

import pytest

import model
from scenarios import files as scenario
from ui.i18n import Translator, t

EN, ES = Translator("en"), Translator("es")


@pytest.mark.parametrize("x,en,es", [
    (850, "$850", "US$850"),
    (45_210, "$45.2K", "US$45.2 mil"),
    (399_758, "$400K", "US$400 mil"),
    (999_960, "$1M", "US$1 M"),
    (1_305_000, "$1.3M", "US$1.3 M"),
    (-8_365_063, "-$8.4M", "-US$8.4 M"),
])
def test_money_has_one_rule(x, en, es):
    assert EN.usd(x) == en and ES.usd(x) == es


def test_no_two_sums_of_money_differ_in_precision():
    """Every sum from $1,000 up has three significant figures and a unit: "$399,758" cannot
    sit beside "$1.3M" any more."""
    for x in (1_000, 12_345, 399_758, 1_305_000, 45_000_000, 2.5e9):
        text = EN.usd(x)
        assert text[-1] in "KMB" and "," not in text, text


def test_shares_read_as_percent():
    p = model.BY_NAME["immigrant_share"]
    assert EN.param_value(0.2, p.unit, p.integer) == "20%"
    assert EN.param_value(0.125, "share") == "12.5%"
    assert EN.param_value(400_000, "people", True) == "400,000"
    from ui import widgets

    assert widgets.fmt_value(ES, p, 0.2) == "20%"


@pytest.mark.parametrize("lang,text", [("en", "over 1 year"), ("es", "1 año")])
def test_one_year_is_singular(lang, text):
    key = "explore.summary.none"
    out = t(key, lang, years=1, reporting="20%")
    assert ("1 years" not in out) and ("1 años" not in out)
    assert t(key, lang, years=10, reporting="20%").count("10 ") >= 1
    assert ("1 year" in out) if lang == "en" else ("1 año" in out)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_negative_net_cost_says_revenue(lang):
    from ui.pages import explore

    tr = Translator(lang)
    import dataclasses

    res = model.simulate(model.resolve(scenario.combine("tfm-2025", "county-mid")), draws=0,
                         years=10)
    o = res.outcomes["cost_net_usd"]  # federal payments above the local cost: a net revenue
    res.outcomes["cost_net_usd"] = dataclasses.replace(o, value=-abs(o.value) - 1e6)
    assert res.outcomes["cost_net_usd"].value < 0
    c = explore.card(tr, res, "cost_net_usd")
    amount = tr.usd(-res.outcomes["cost_net_usd"].value)
    assert tr("explore.card_revenue", amount=amount) in c.notes
    from ui.format import summary

    text = summary(tr, res, None)
    assert tr("explore.summary.revenue", amount=amount) in text
    assert "-$" not in text and "-US$" not in text


def test_share_sliders_read_as_percent():
    from tests.test_app import ctl, new_app

    at = new_app().run()
    share = ctl(at, "immigrant_share")
    assert share.proto.format == "percent"
    assert ctl(at, "trust_erosion").proto.format != "percent"  # a rate, not a share
