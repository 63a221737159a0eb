"""How the app meets a keyboard, a phone and a projector: the page-wide style (focus rings,
preset names that wrap, the live result box, the skip link's target) and the charts' Plotly
config in the reader's language (its own modebar texts). Pure: text in, text and dicts out;
app.py and the pages draw it.
"""
from __future__ import annotations

from html import escape

from ui.charts.theme import CONFIG

FOCUS = "#1d4ed8"  # focus ring colour: 6.7:1 on white, 3:1 or better against every control's fill
RESULTS_ID = "results"  # the skip link's target: the top of the explore page's results

# One <style> for every page. Streamlit draws a checkbox's or radio's box as a span beside a
# visually hidden input, so the ring goes on the label holding the focused input. The preset
# selectors show the chosen name in a one-line input, which cannot wrap: each is at least as wide
# as the longest name (27rem: 49 characters, Spanish included), else the row's full width.
# The live result box (``live_html``) stays at the top of the sidebar while it scrolls; it is
# shown only where the sidebar covers the results (a phone or a tablet).
STYLE = f"""<style>
:focus-visible{{outline:2px solid {FOCUS} !important;outline-offset:2px !important}}
label:has(input[type=checkbox]:focus-visible),
label:has(input[type=radio]:focus-visible){{outline:2px solid {FOCUS};
  outline-offset:2px;border-radius:4px}}
.st-key-program_preset,.st-key-jurisdiction_preset{{flex:1 1 27rem;min-width:min(100%,27rem)}}
.sim-skip{{position:absolute;left:-9999px}}
.sim-skip:focus{{position:static;display:inline-block;padding:0.25rem 0.5rem;background:#fff;
  color:{FOCUS}}}
.stElementContainer:has(.sim-live){{position:sticky;top:0;z-index:3;background:#fff}}
.sim-live{{display:none;border:2px solid #31333f;border-radius:0.5rem;padding:0.4rem 0.6rem;
  font-size:0.9rem;background:#fff;color:#31333f}}
.sim-live p{{margin:0}}
@media (max-width:1099px){{.sim-live{{display:block}}}}
.sim-notice{{border-left:4px solid #1d4ed8;background:#eef2ff;color:#1e293b;padding:0.5rem 0.75rem;
  border-radius:0.25rem;margin:0 0 0.5rem}}
</style>"""


# The charts' toolbars out of the tab order: each chart's eight modebar buttons were eight Tab
# stops (56 before the data tables). Plotly has no setting for it, so a small script marks the
# buttons ``tabindex=-1`` as charts are drawn (mouse and touch use them as before; the data
# tables and the downloads are the keyboard's way to the same data). Installed once per page.
MODEBAR_SCRIPT = """<script>
(() => {
  if (window.__simModebar) return;
  window.__simModebar = true;
  let queued = false;
  const off = () => {
    queued = false;
    document.querySelectorAll('.modebar-btn:not([tabindex="-1"])')
      .forEach(b => b.setAttribute('tabindex', '-1'));
  };
  off();
  new MutationObserver(() => { if (!queued) { queued = true; requestAnimationFrame(off); } })
    .observe(document.body, {childList: true, subtree: true});
})();
</script>"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'


def style(skip_main: str | None = None) -> str:
    """``STYLE``, and where ``skip_main`` is given, Streamlit's own skip link ("Skip to main
    content", not translatable in Streamlit 1.67) showing that text instead (CSS generated
    content, which screen readers read as the link's name)."""
    if not skip_main:
        return STYLE
    sel = '[data-testid="stSkipToContent"]'
    return STYLE + (f"<style>{sel}{{font-size:0 !important}}{sel}::after{{content:"
                    f"{_css_string(skip_main)};font-size:1rem}}</style>")


def skip_link(text: str) -> str:
    """A link to the results, first in the main column's tab order (shown when focused)."""
    return f'<a class="sim-skip" href="#{RESULTS_ID}">{escape(text)}</a>'


def notice_html(text: str) -> str:
    """The "not a forecast" notice at the top of the results, as the target of the skip link."""
    return (f'<p id="{RESULTS_ID}" class="sim-notice" role="note" tabindex="-1">'
            f"{escape(text)}</p>")


def live_html(title: str, items: list[tuple[str, str]]) -> str:
    """The few headline results as a compact box: (label, value) pairs under a title."""
    rows = "".join(f"<p>{escape(label)}: <strong>{escape(value)}</strong></p>" for label, value in items)
    return f'<div class="sim-live" role="status" aria-label="{escape(title)}"><p><strong>' \
           f"{escape(title)}</strong></p>{rows}</div>"


# Plotly's modebar and number texts in Spanish: plotly.js takes a locale inline in its config
# (``locales``), so nothing has to be loaded in the browser. Keys are plotly's English texts.
ES_DICTIONARY = {
    "Download plot as a png": "Descargar el gráfico como PNG",
    "Download plot as a PNG": "Descargar el gráfico como PNG",  # Streamlit's own button
    "Fullscreen": "Pantalla completa",
    "Download plot": "Descargar el gráfico",
    "Zoom": "Ampliar una zona",
    "Pan": "Desplazar",
    "Box Select": "Selección rectangular",
    "Lasso Select": "Selección libre",
    "Zoom in": "Acercar",
    "Zoom out": "Alejar",
    "Autoscale": "Escala automática",
    "Reset axes": "Restablecer los ejes",
    "Reset view": "Restablecer la vista",
    "Toggle Spike Lines": "Mostrar u ocultar las líneas guía",
    "Show closest data on hover": "Mostrar el dato más cercano",
    "Compare data on hover": "Comparar los datos al pasar el cursor",
    "Double-click to zoom back out": "Doble clic para volver a la vista completa",
    "Taking snapshot - this may take a few seconds": "Creando la imagen; puede tardar unos segundos",
    "Snapshot succeeded": "Imagen creada",
    "Sorry, there was a problem downloading your snapshot!":
        "No se pudo descargar la imagen.",
    "Click to enter Colorscale title": "Haga clic para escribir un título",
    "Click to enter Plot title": "Haga clic para escribir un título",
    "Click to enter X axis title": "Haga clic para escribir un título",
    "Click to enter Y axis title": "Haga clic para escribir un título",
    "Edit in Chart Studio": "Editar en Chart Studio",
    "Produced with Plotly.js": "Hecho con Plotly.js",
    "trace": "serie",
}
ES_FORMAT = {
    "days": ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
    "shortDays": ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
    "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
               "septiembre", "octubre", "noviembre", "diciembre"],
    "shortMonths": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov",
                    "dic"],
    # The app writes numbers the US way in both languages (ui/i18n.py): the same separators.
    "decimal": ".", "thousands": ",",
}


def plotly_config(lang: str, **extra) -> dict:
    """The charts' Plotly config in language ``lang``: the modebar's tooltips and messages in
    Spanish when ``lang == "es"`` (registered inline; English is plotly's own)."""
    out = dict(CONFIG, **extra)
    if lang == "es":
        out["locale"] = "es"
        out["locales"] = {"es": {"dictionary": ES_DICTIONARY, "format": ES_FORMAT}}
    return out
