"""The cards of chapter 03: one benefit graded against the evidence, and "nothing to show".

Pure functions over :mod:`calflib.benefits`; the benefits explorer widget shows them. The grade is
always given in words and an icon (the border colour only repeats it); every content string is
escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from calflib.benefits import Benefit, BenefitCatalogue, Grade, GradeInfo, load_benefits
from calflib.benefits_marks import GRADE_COLOUR
from calflib.card_kit import SMALL_TEXT, card, cited, sources_list
from calflib.icons import icon
from calflib.palette import THEME

__all__ = ["benefit_card", "benefits_status", "empty_filter_card"]


def _grade_words(info: GradeInfo) -> str:
    return (
        f"{icon(info.icon)} <strong>Evidence: {escape(info.label)}</strong>. {escape(info.meaning)}"
    )


def _section(title: str, text: str) -> str:
    return f"<p><strong>{escape(title)}:</strong> {escape(text)}</p>"


def _grade_section(benefit: Benefit, cat: BenefitCatalogue) -> str:
    html = _section("Why this grade", benefit.grade_note) if benefit.grade_note else ""
    if benefit.splits:
        items = "".join(
            f"<li>{icon(cat.grades[s.grade].icon)} "
            f"{escape(s.label)}: <strong>{escape(cat.grades[s.grade].label)}</strong>"
            f"{'. ' + escape(s.note) if s.note else ''}{cited(s.sources)}</li>"
            for s in benefit.splits
        )
        html += f"<p><strong>Parts graded differently:</strong></p><ul>{items}</ul>"
    return html


def benefit_card(benefit: Benefit, catalogue: BenefitCatalogue | None = None) -> str:
    """An HTML card: grade in words and icon, bottom line, claim, mechanism, studies, sources."""
    cat = catalogue or load_benefits()
    article = " (made in the source article)" if benefit.from_article else ""
    studies = "".join(
        f"<li><strong>{escape(s.name)}</strong>"
        f"{' (' + escape(s.design) + ')' if s.design else ''}: {escape(s.found)}"
        f"{cited(s.sources)}</li>"
        for s in benefit.studies
    )
    body = [
        f'<div style="font-size:1.15em"><strong>{escape(benefit.name)}</strong></div>',
        f'<div class="calf-grade">{_grade_words(cat.grades[benefit.grade])}</div>',
        _section("Bottom line", benefit.bottom_line),
        _section(f"The claim{article}", benefit.claim),
        _section("How it is supposed to work", benefit.mechanism),
        f"<p><strong>What studies measured:</strong></p><ul>{studies}</ul>",
        _grade_section(benefit, cat),
    ]
    for myth in cat.myths_for(benefit.id):
        body.append(
            f"<p><strong>Popular claim not supported:</strong> &ldquo;{escape(myth.claim)}"
            f"&rdquo; {escape(myth.verdict)}{cited(myth.sources)}</p>"
        )
    body.append(_section("Still worth doing for", benefit.worth_doing_for))
    if benefit.related:
        names = ", ".join(escape(cat.get(ref).name) for ref in benefit.related)
        body.append(f'<p style="{SMALL_TEXT}">See also: {names}</p>')
    body.append(sources_list(benefit.all_sources, cat.sources))
    # Not a live region: the explorer announces a one-line summary of its own (a card of some
    # 5 KB read out at every pick would drown it), and the book has nothing to announce.
    return card(
        "".join(body),
        f"calf-benefit-card calf-grade-{benefit.grade.key}",
        GRADE_COLOUR[benefit.grade],
        live=False,
    )


def empty_filter_card(grades: Iterable[Grade], catalogue: BenefitCatalogue | None = None) -> str:
    """What to show when no benefit has the chosen grade(s), in words, with any matching parts."""
    cat = catalogue or load_benefits()
    wanted = sorted(set(grades), reverse=True)
    names = " or ".join(cat.grades[g].label.lower() for g in wanted) or "the chosen grade"
    body = [f"<p><strong>No claimed benefit is graded {escape(names)} as a whole.</strong></p>"]
    parts = [(b, s) for b in cat.benefits for s in b.splits if s.grade in wanted]
    if parts:
        items = "".join(
            f"<li>{escape(b.name)}: {escape(s.label)} ({escape(s.grade.key)})</li>"
            for b, s in parts
        )
        body.append(f"<p>Parts of claims with this grade:</p><ul>{items}</ul>")
    body.append("<p>Choose another grade, or All, to see the benefits again.</p>")
    return card("".join(body), "calf-benefit-empty", THEME["muted"], live=False)


def benefits_status(
    shown: int, grade_key: str | None, benefit: Benefit | None, catalogue: BenefitCatalogue
) -> str:
    """The explorer's one announcement: how many benefits are shown (of which grade, ``None``
    for all), and the benefit on screen with its grade and bottom line in one line (its card is
    shown, not read out); or that nothing is shown and what to do."""
    which = "" if grade_key is None else f" graded {grade_key}"
    if not shown:
        return (
            f"<p><strong>Nothing to show:</strong> no benefit{escape(which)}. "
            "Choose another grade, or All.</p>"
        )
    picked = (
        f"<p>{escape(benefit.name)}: {escape(catalogue.grades[benefit.grade].label)}. "
        f"{escape(benefit.bottom_line)}</p>"
        if benefit is not None
        else ""
    )
    return f"<p>Showing {shown} of {len(catalogue.benefits)} benefits{escape(which)}.</p>" + picked
