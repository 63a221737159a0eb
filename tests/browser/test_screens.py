"""The app on a phone (390 px), a tablet (820), a laptop (1366) and a projector (1920), in both
languages, and from the keyboard (issue 15, part B1): no chart title or legend wider than its
chart, no text cut, every text node at 4.5:1 contrast or better (computed in the page), the
results within five tab stops, visible focus rings, and the presentation mode.

One page load per width checks everything that width needs (the machine is shared and slow).
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import goto, key_container, run_count, wait_for_app, wait_for_idle, wait_for_rerun


def t(key: str, lang: str = "en", **kw) -> str:
    from ui.i18n import t as translate

    return translate(key, lang, **kw)


# Every chart's title, legend and annotations (subplot titles, line labels) inside its own box.
_CHART_OVERFLOW_JS = """() => {
  const out = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const box = gd.getBoundingClientRect();
    const key = (gd.closest('[class*="st-key-"]') || {className: ''}).className.match(/st-key-(\\S+)/);
    for (const [what, sel] of [['title', '.gtitle'], ['legend', '.legend'], ['note', '.annotation-text']]) {
      for (const el of gd.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect();
        if (!r.width) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1)
          out.push({chart: key && key[1], what, text: el.textContent.slice(0, 60),
                    left: Math.round(r.left - box.left), right: Math.round(r.right - box.left),
                    width: Math.round(box.width)});
      }
    }
  }
  return out;
}"""

# Text cut by its box: an element whose content is wider than it shows (an ellipsis, a clip).
_CUT_JS = """() => {
  const sel = ['h1', 'h2', 'h3', '.sim-card-label', '.sim-card-value', '.sim-notice',
               '[data-testid="stWidgetLabel"] p', '[data-baseweb="select"] div',
               '[data-testid="stMarkdownContainer"] p', '[data-testid="stCaptionContainer"]',
               '[data-testid="stSelectbox"] input'];
  const out = [];
  for (const el of document.querySelectorAll(sel.join(','))) {
    if (!el.checkVisibility() || !(el.innerText || el.value || '').trim()) continue;
    const cs = getComputedStyle(el);
    // inline boxes have no client width; a folded sidebar sits off-screen to the left
    if (cs.display.startsWith('inline') || el.getBoundingClientRect().right <= 0) continue;
    if (el.scrollWidth > el.clientWidth + 1 && cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis'
        && el.scrollWidth > el.clientWidth + 1)
      out.push({text: (el.innerText || el.value).slice(0, 60), scroll: el.scrollWidth, client: el.clientWidth});
  }
  return out;
}"""

# Every visible text node's colour against the colour behind it (backgrounds composed up the
# tree, opacity included), as WCAG 2 computes contrast. Disabled controls are exempt (WCAG
# 1.4.3), as is text hidden off-screen until focused (the skip links).
_CONTRAST_JS = """() => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = (el, r) => {
    // an ancestor's background counts only where the text sits on it (a slider's value is
    // drawn above its thumb, outside the thumb's box)
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const b = e.getBoundingClientRect();
      if (x < b.left || x > b.right || y < b.top || y > b.bottom) continue;
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
    }
    let c = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
    return c;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    const el = n.parentElement;
    if (!text || !el || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    if (el.closest('[disabled], [aria-disabled="true"], style, script, noscript, .sim-skip, [data-testid="stSkipToContent"]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.right <= 0) continue;  // empty, or in a folded sidebar
    const cs = getComputedStyle(el);
    const isSvg = el instanceof SVGElement;
    const fg = parse(isSvg ? cs.fill : cs.color);
    if (!fg) continue;
    const alpha = fg[3] * opacity(el) * (isSvg ? Number(cs.fillOpacity || 1) : 1);
    if (alpha === 0) continue;
    const bg = background(el, r);
    const col = over([fg[0], fg[1], fg[2], alpha], bg);
    const [a, b] = [lum(col), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    seen++;
    if (ratio < 4.5) out.push({text: text.slice(0, 50), ratio: Math.round(ratio * 100) / 100,
                               where: (el.closest('[data-testid]') || {dataset: {}}).dataset.testid,
                               fg: isSvg ? cs.fill : cs.color, bg: 'rgb(' + bg.slice(0, 3).join(',') + ')'});
  }
  return {seen, low: out};
}"""


def contrast(page) -> dict:
    return page.evaluate(_CONTRAST_JS)


@pytest.mark.parametrize("width,lang", [(390, "es"), (820, "en"), (1366, "es"), (1920, "en")])
def test_explore_reads_at_every_width(page, app_server, width, lang):
    """On a phone, a tablet, a laptop and a projector: no chart title, legend or chart label
    wider than its chart, no text cut, every text at 4.5:1 or better, the notice at the top of
    the results."""
    page.set_viewport_size({"width": width, "height": 1000})
    goto(page, app_server + f"/?lang={lang}", charts=7)
    wait_for_idle(page)
    page.wait_for_timeout(500)  # late layout (fonts, Plotly's resize)
    assert page.evaluate(_CHART_OVERFLOW_JS) == []
    assert page.evaluate(_CUT_JS) == []
    # the notice opens the results: above the first card
    notice = page.locator(".sim-notice")
    expect(notice).to_have_text(t("app.not_a_forecast", lang))
    assert notice.bounding_box()["y"] < page.locator(".sim-card").first.bounding_box()["y"]
    seen = contrast(page)
    assert seen["seen"] > 50  # the walk found the page's text
    assert seen["low"] == []


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
      return {in_results: !!(e && e.closest('.sim-wrap, [class*="st-key-chart_"]')),
              skip: !!(e && (e.matches('[data-testid="stSkipToContent"], .sim-skip'))),
              text: e ? (e.innerText || e.getAttribute('aria-label') || e.tagName).slice(0, 40) : ''}; }""")


@pytest.mark.parametrize("width", [390, 1366])
def test_keyboard_reaches_the_results_within_five_stops(page, app_server, width):
    """Tab, following the skip links (Enter), reaches the results in at most five Tab presses;
    a focused checkbox or radio shows a 2 px ring."""
    page.set_viewport_size({"width": width, "height": 900})
    goto(page, app_server, charts=1)
    wait_for_idle(page)
    reached, path = False, []
    for _ in range(5):
        page.keyboard.press("Tab")
        f = _focused(page)
        path.append(f["text"])
        if f["skip"]:
            page.keyboard.press("Enter")
            f = _focused(page)
        if f["in_results"] or page.evaluate("() => document.activeElement.id === 'results'"):
            reached = True
            break
    assert reached, path
    # the charts' toolbars are out of the tab order (8 stops a chart before)
    stops = page.evaluate("""() => Array.from(document.querySelectorAll('.modebar-btn'))
      .filter(b => b.tabIndex >= 0).length""")
    assert page.locator(".modebar-btn").count() > 0 and stops == 0
    if width == 1366:  # the sidebar is open: its radios are there to focus
        radio = page.locator('[data-testid="stSidebar"] label:has(input[type=radio]) input').first
        radio.focus()
        page.keyboard.press("ArrowDown")  # a keyboard move: :focus-visible applies
        page.keyboard.press("ArrowUp")
        ring = page.evaluate("""() => { const l = document.activeElement.closest('label');
          const cs = getComputedStyle(l); return [cs.outlineStyle, parseFloat(cs.outlineWidth)]; }""")
        assert ring[0] == "solid" and ring[1] >= 2, ring


def test_presentation_mode_steps_through_the_link_s_sequence(page, app_server):
    """``/present?seq=...&levers=...`` shows the first preset of the sequence in large type,
    only the chosen lever, and Next moves to the second; the link keeps the sequence."""
    seq = "jem-universal,no-agreement"
    page.set_viewport_size({"width": 1920, "height": 1080})
    goto(page, app_server + f"/present?seq={seq}&levers=trust_erosion&lang=es", charts=2)
    wait_for_idle(page)
    from ui.format import preset_name
    from ui.i18n import Translator

    tr = Translator("es")
    title = page.locator(".st-key-present h1")
    expect(title).to_contain_text(preset_name(tr, "jem-universal"))
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 40
    assert key_container(page, "trust_erosion").count() == 1
    assert key_container(page, "additionality").count() == 0  # only the chosen levers
    assert page.get_by_test_id("stSidebar").is_hidden()
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
      .map(gd => gd._fullLayout.font.size)""")
    assert sizes and min(sizes) >= 24  # chart text scaled for a room, not 17 px
    n = run_count(page)
    key_container(page, "present_next").get_by_role("button").click()
    wait_for_rerun(page, n, charts=2)
    expect(title).to_contain_text(preset_name(tr, "no-agreement"))
    page.wait_for_function("() => location.search.includes('step=2')")
    assert "seq=jem-universal%2Cno-agreement" in page.url or f"seq={seq}" in page.url
    assert contrast(page)["low"] == []
    wait_for_app(page)
