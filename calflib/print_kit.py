"""The printed page around a handout's cards: paper size, print styles, the footer line.

Handouts are HTML built from the same pieces as the widgets' cards (:mod:`calflib.card_kit`,
:mod:`calflib.icons`), wrapped here in a whole document with print styles: the paper size
(``@page``), page breaks between cut-out cards, every folded section (``<details>``) open, plain
black-on-white colours (the cards' theme variables fall back to them outside JupyterLab), and
fonts that every Chromium has (DejaVu, Liberation), never emoji. :mod:`calflib.handouts` prints
these documents to PDF; the rendered edition links to the PDFs.
"""

from __future__ import annotations

import re
from html import escape

__all__ = ["PAPERS", "document", "open_folds", "urgent_help_box"]

#: Paper sizes a handout is printed on: the CSS ``@page`` size and the name in a file name.
PAPERS = {"a4": "A4", "letter": "letter"}

_CSS = """
@page { size: PAPER_SIZE; margin: 11mm 12mm 13mm; }
* { box-sizing: border-box; }
html { color: #111; background: #fff; }
body { margin: 0; font: 9.6pt/1.38 "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-variant-ligatures: none; }
h1 { font-size: 15pt; margin: 0 0 0.25em; }
h2 { font-size: 11.5pt; margin: 0.7em 0 0.3em; break-after: avoid; }
h3 { font-size: 10pt; margin: 0.5em 0 0.2em; break-after: avoid; }
p { margin: 0.25em 0; }
ul, ol { margin: 0.2em 0; padding-left: 1.3em; }
li { margin: 0.1em 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.6pt solid #888; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr, li, .keep { break-inside: avoid; }
a { color: inherit; text-decoration: none; }
details > summary { font-weight: bold; list-style: none; }
details > summary::-webkit-details-marker { display: none; }
.calf-card { break-inside: avoid; }
.lede { color: #333; margin-bottom: 0.4em; }
.small { font-size: 8.4pt; color: #333; }
.foot { margin-top: 0.8em; font-size: 7.8pt; color: #444; border-top: 0.6pt solid #999;
  padding-top: 0.3em; }
.urgent { border: 2pt solid #000; border-radius: 3pt; padding: 0.35em 0.6em; margin: 0.4em 0;
  break-inside: avoid; }
.urgent strong.big { font-size: 12pt; }
.cols { column-count: 2; column-gap: 6mm; }
.cols > section { break-inside: avoid; }
.tag { display: inline-block; font-size: 7pt; font-weight: bold; letter-spacing: 0.03em;
  border: 0.7pt solid #333; border-radius: 2pt; padding: 0 0.25em; margin-right: 0.3em;
  vertical-align: 0.1em; }
.tag.stop { background: #111; color: #fff; }
.page + .page { break-before: page; }
.cutouts { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
.cutout { border: 1pt dashed #555; padding: 0.6em 0.75em; min-height: 74mm;
  break-inside: avoid; display: flex; flex-direction: column; }
.cutout h2 { margin-top: 0; }
.cutout .call { margin-top: auto; padding-top: 0.5em; font-size: 8.4pt; }
.cutout .call span { display: inline-block; border: 0.7pt solid #333; border-radius: 6pt;
  padding: 0 0.4em; margin: 0.25em 0.35em 0 0; white-space: nowrap; }
.write { border-bottom: 0.6pt solid #777; min-height: 1.5em; }
svg.calf-icon { color: #111; }
body.compact { font-size: 7.7pt; line-height: 1.24; }
body.compact h1 { font-size: 13pt; }
body.snug { font-size: 8.8pt; line-height: 1.3; }
body.compact h2 { font-size: 10pt; margin: 0.45em 0 0.2em; }
body.compact h3 { font-size: 8.6pt; margin: 0.4em 0 0.1em; }
ul.qs { list-style: none; padding-left: 0; }
ul.qs li { padding-left: 58pt; text-indent: -58pt; }
ul.qs .tag { width: 54pt; text-align: center; text-indent: 0; font-size: 6.4pt;
  white-space: nowrap; }
table.steps col.cue { width: 42%; }
table.steps td, table.steps th { font-size: 8.6pt; }
table.scale { table-layout: fixed; }
table.scale td { text-align: center; }
td.time { white-space: nowrap; }
table.levels th { width: 34%; }
"""


def open_folds(html: str) -> str:
    """The same HTML with every folded section (``<details>``) open, as paper needs."""
    return re.sub(r"<details(?![^>]*\bopen\b)", "<details open", html)


def urgent_help_box() -> str:
    """The urgent-help box every learner-facing handout carries (999 / 112 / 911)."""
    return (
        '<div class="urgent" role="note"><strong class="big">Urgent help: 999 (UK), '
        "112 (EU), 911 (US).</strong> Call now for sudden breathlessness, chest pain or "
        "coughing up blood, or a leg that turns cold, pale or blue; do not drive yourself. "
        "For a swollen, warm or painful calf, get a medical check today (in the UK: NHS 111).</div>"
    )


def document(
    title: str, body: str, paper: str = "a4", *, footer: str = "", density: str = "standard"
) -> str:
    """A whole printable HTML document: ``body`` (trusted HTML) under ``title`` on ``paper``;
    ``density`` "snug" or "compact" sets narrower margins and smaller type, for a card that
    must fit on one page."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; use one of {', '.join(PAPERS)}")
    foot = (
        f'<p class="foot">{escape(footer)} Calf Massage Workbook. Education, not diagnosis: '
        "this sheet cannot examine anyone.</p>"
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS.replace('PAPER_SIZE', PAPERS[paper])}"
        f"{'' if density == 'standard' else '@page { margin: 9mm 11mm 9mm; }'}</style></head>"
        f'<body class="{escape(density)}">'
        f"<main>{open_folds(body)}{foot}</main></body></html>\n"
    )
