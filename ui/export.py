"""Exports with their context: what every downloaded file says about where it came from.

``Provenance`` is one scenario's context (name, county, model version, date, share link and the
"not a forecast" notice), taken from the session when a download is offered; the files built
from it (on their own thread, when clicked) carry all of it:

* ``tidy_csv``: one table a spreadsheet reads as is, in the reader's language: the context
  rows, then the headline outcomes (value, p5-p95 range, no agreement), then each series by
  year, rounded (whole people, whole dollars, percentages to one decimal);
* ``chart_images``: the charts as images (SVG for the report, PNG to download), drawn by
  kaleido in a headless Chromium, each with a footer line of provenance and, in a PNG, the
  context in its text chunks; None where no Chromium can be started (the report then shows
  the charts' data as tables);
* ``image_filename``: the name Plotly's own "download as PNG" button gives its file.

No Streamlit here.
"""
from __future__ import annotations

import asyncio
import csv
import io
import threading
import unicodedata
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import model
from ui.i18n import Translator

LEVELS = ("trust_immigrant", "trust_latino_citizen", "reporting_rate_immigrant",
          "reporting_rate_latino_citizen", "stop_disparity")  # read at the end of each year
PERCENT = ("reporting_rate_immigrant", "reporting_rate_latino_citizen")
MONEY = ("cost_officer_time", "cost_training", "cost_jail", "cost_liability", "reimbursement",
         "cost_net")
IMAGE_WIDTH, IMAGE_HEIGHT = 760, 460  # px of an exported chart (before the footer), unless it sets its own height
FOOTER_PX = 70
_RENDER_LOCK = threading.Lock()  # one Chromium at a time per process


def slug(name: str, limit: int = 60) -> str:
    """A safe, readable file-name stem from free text: accents kept as their letters
    ("revisión" -> "revision"), anything else but letters and digits a dash."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return (s[:limit].rstrip("-")) or "scenario"


@dataclass(frozen=True)
class Provenance:
    scenario: str
    county: str
    link: str = ""
    description: str = ""
    version: str = model.MODEL_VERSION
    date: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%d"))

    def rows(self, tr: Translator) -> list[tuple[str, str]]:
        """(label, value) in the reader's language, in reading order."""
        out = [(tr("export.scenario"), self.scenario), (tr("export.county"), self.county)]
        if self.description:
            out.append((tr("export.description"), self.description))
        out += [(tr("export.version"), self.version), (tr("export.date"), self.date),
                (tr("export.link"), self.link or tr("export.no_link")),
                (tr("export.notice_label"), tr("export.notice"))]
        return out

    def line(self, tr: Translator) -> str:
        """One line for an image's footer (the link is too long for it: it goes in the metadata)."""
        return tr("export.footer", scenario=self.scenario, county=self.county,
                  version=self.version, date=self.date)


# ----------------------------------------------------------------------------- the CSV
def _outcome_number(name: str, x: float) -> float | int:
    from ui.format import FORMATS

    kind = FORMATS.get(name, "count")
    if kind == "pct":
        return round(100 * x, 1)
    if kind in ("count", "usd"):
        return int(round(x))
    return round(x, 2 if kind == "ratio" else 3)


def _series_number(name: str, x: float) -> float | int:
    if name in PERCENT:
        return round(100 * x, 1)
    if name.startswith("trust"):
        return round(x, 3)
    if name == "stop_disparity":
        return round(x, 2)
    return int(round(x))  # people and dollars: whole ones (a monthly average, see tidy_csv)


def _yearly(name: str, values, years: int) -> list[float]:
    out = []
    for y in range(years):
        chunk = values[12 * y: 12 * (y + 1)]
        out.append(float(chunk[-1]) if name in LEVELS else float(sum(chunk)) / len(chunk))
    return out


def tidy_csv(tr: Translator, res: model.Results, prov: Provenance) -> str:
    """The results as one tidy table (see the module docstring). Columns: section, item, year,
    value, low (p5), high (p95), no agreement, unit, measure."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([tr(f"export.col.{c}") for c in
                ("section", "item", "year", "value", "low", "high", "none", "unit", "measure")])
    about = tr("export.section.about")
    for label, value in prov.rows(tr):
        w.writerow([about, label, "", value, "", "", "", "", ""])
    section = tr("export.section.outcomes")
    for o in model.OUTCOMES:
        r = res.outcomes[o.name]
        num = lambda x: _outcome_number(o.name, x)  # noqa: E731
        unit = tr("export.percent") if _is_pct(o.name) else tr(f"outcome.{o.name}.unit")
        w.writerow([section, tr(f"outcome.{o.name}.label"), res.years, num(r.value),
                    num(r.p5) if res.draws else "", num(r.p95) if res.draws else "",
                    "" if o.kind == "difference" else num(r.counterfactual), unit,
                    tr("export.measure.horizon", years=res.years)])
    section = tr("export.section.series")
    for name, band in res.series.items():
        label = tr(f"charts.series.{name}")
        if label.startswith("⟦"):  # a series no chart names yet: its name in plain words
            label = name.replace("_", " ").capitalize()
        unit = tr("export.percent") if name in PERCENT else (
            tr("export.usd") if name in MONEY else "")
        measure = tr("export.measure.end" if name in LEVELS else "export.measure.mean")
        vals = _yearly(name, band.value, res.years)
        lows = _yearly(name, band.p5, res.years) if res.draws else [None] * res.years
        highs = _yearly(name, band.p95, res.years) if res.draws else [None] * res.years
        none = _yearly(name, res.baseline[name].value, res.years)
        for y in range(res.years):
            w.writerow([section, label, y + 1, _series_number(name, vals[y]),
                        "" if lows[y] is None else _series_number(name, lows[y]),
                        "" if highs[y] is None else _series_number(name, highs[y]),
                        _series_number(name, none[y]), unit, measure])
    return buf.getvalue()


def _is_pct(name: str) -> bool:
    from ui.format import FORMATS

    return FORMATS.get(name) == "pct"


# ----------------------------------------------------------------------------- images
def image_filename(prov: Provenance, chart: str) -> str:
    """The stem Plotly's toolbar gives a downloaded chart: scenario, county, chart, date."""
    return "-".join((slug(prov.scenario, 40), slug(prov.county, 30), chart, prov.date))


def with_footer(fig, tr: Translator, prov: Provenance):
    """A copy of ``fig`` with the provenance line and the notice under it (for an image)."""
    import plotly.graph_objects as go

    out = go.Figure(fig)
    margin = out.layout.margin
    bottom = (margin.b if margin and margin.b is not None else 80) + FOOTER_PX
    out.update_layout(margin={"b": bottom}, height=image_height(fig), width=IMAGE_WIDTH)
    left = margin.l if margin and margin.l is not None else 80
    out.add_annotation(text=prov.line(tr) + "<br>" + tr("export.notice"), xref="paper",
                       yref="paper", x=0, y=0, yshift=-bottom + 8, xshift=-left + 10, xanchor="left",
                       yanchor="bottom", showarrow=False, align="left",
                       font={"size": 11, "color": "#333333"})
    return out


def image_height(fig) -> int:
    return int(fig.layout.height or IMAGE_HEIGHT) + FOOTER_PX


def _png_with_text(data: bytes, prov: Provenance, tr: Translator) -> bytes:
    """The PNG with the provenance in its text chunks (readable by any image viewer's
    "properties" and by ``PIL.Image.open(...).text``)."""
    from PIL import Image, PngImagePlugin

    img = Image.open(io.BytesIO(data))
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", prov.scenario)
    info.add_text("Source", prov.link)
    info.add_text("Description", " | ".join(f"{k}: {v}" for k, v in prov.rows(tr)))
    info.add_text("Software", f"287(g) policy trade-off simulator {prov.version}")
    out = io.BytesIO()
    img.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def chart_images(figs: list, tr: Translator, prov: Provenance, fmt: str = "svg") -> list[bytes] | None:
    """Each figure as an image with its provenance footer, drawn in one headless Chromium
    (kaleido); None when that cannot run (no Chromium, no kaleido)."""
    try:
        import kaleido
    except ImportError:
        return None
    footed = [with_footer(f, tr, prov) for f in figs]

    async def draw() -> list[bytes]:
        async with kaleido.Kaleido(n=1, timeout=60) as k:
            return [await k.calc_fig(f, opts={"format": fmt, "width": IMAGE_WIDTH,
                                              "height": int(f.layout.height)})
                    for f in footed]

    try:
        with _RENDER_LOCK:
            # in a thread of its own: asyncio.run refuses to start where the calling thread
            # already runs an event loop (a Playwright session in the same process does)
            with ThreadPoolExecutor(max_workers=1) as pool:
                images = pool.submit(asyncio.run, draw()).result()
    except Exception:  # noqa: BLE001 - no browser here: the caller falls back to tables
        return None
    if fmt == "png":
        images = [_png_with_text(b, prov, tr) for b in images]
    return images
