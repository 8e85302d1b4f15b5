"""Tests for the printed handouts: real PDFs from Chromium, read back with pypdf.

Every handout is printed once per test session (A4 and US Letter) into a temporary folder and
every assertion reads those files. Without Chromium these tests FAIL under CI (``CI=true``) and
are SKIPPED elsewhere, saying how to enable them, as the other browser tests do.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from calflib.content_in_use import default_content
from calflib.handouts import HANDOUTS, build_handouts, find_chromium, print_pdfs, session_handout
from calflib.planner import plan_session
from calflib.planner_text import clock
from calflib.screening import answers_with, assess

pytestmark = pytest.mark.browser

#: Points per page: A4 is 210 x 297 mm, US Letter 8.5 x 11 in.
SIZES = {"a4": (595.0, 842.0), "letter": (612.0, 792.0)}
ONE_PAGE = ("screening-card", "stop-rules-card")
#: The plan printed as a session card: pregnancy changes where she lies and what is left out.
PLAN = plan_session("partner", 10, "recovery", assess(answers_with("pregnancy")))


@pytest.fixture(scope="session")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every handout on both papers plus a session card, printed once, by file name."""
    where, path = find_chromium()
    if path is None:
        message = (
            f"no Chromium at {where}, so the handouts cannot be printed. To enable these tests, "
            "install Debian's Chromium (sudo apt-get install chromium, or 'make browser' as "
            "root) or set CALFLIB_CHROMIUM to a Chromium binary."
        )
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("handouts")
    made = build_handouts(out)
    card = session_handout(PLAN)
    assert card is not None
    made += print_pdfs([(card, out / "session-card-a4.pdf")])
    return {p.name: p for p in made}


def text_of(path: Path) -> str:
    """The PDF's extracted text, spaces collapsed (a line break is a space)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_every_handout_is_printed_on_both_papers(handouts: dict[str, Path]) -> None:
    """Each handout exists in A4 and Letter with that page size; the cards fit on one page."""
    stems = {name.rsplit("-", 1)[0] for name in handouts} - {"session-card"}
    assert {"screening-card", "stop-rules-card", "scenario-cards", "answer-key"} <= stems
    assert stems <= set(HANDOUTS)
    for stem in stems:
        for paper, (width, height) in SIZES.items():
            reader = PdfReader(handouts[f"{stem}-{paper}.pdf"])
            box = reader.pages[0].mediabox
            assert (round(float(box.width)), round(float(box.height))) == (
                round(width),
                round(height),
            ), (stem, paper)
            if stem in ONE_PAGE:
                assert len(reader.pages) == 1, (stem, paper)


def test_the_pdfs_are_tagged_with_embedded_fonts(handouts: dict[str, Path]) -> None:
    """Chromium's PDFs are tagged (structure for screen readers) and embed every font used."""
    reader = PdfReader(handouts["screening-card-a4.pdf"])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        descendant = ref.get_object().get("/DescendantFonts")
        font = descendant[0].get_object() if descendant else ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_the_screening_card_asks_every_red_flag_and_gives_help_numbers(
    handouts: dict[str, Path],
) -> None:
    """Every red-flag question and the urgent-help numbers are on the printed card, as text."""
    content = default_content()
    for paper in SIZES:
        text = text_of(handouts[f"screening-card-{paper}.pdf"])
        for finding_id in content.red_flags:
            assert content.findings[finding_id].label in text, (paper, finding_id)
        assert "999 (UK), 112 (EU), 911 (US)" in text


def test_the_stop_rules_card_has_the_scale_and_help(handouts: dict[str, Path]) -> None:
    """The printed stop rules card shows the 0 to 10 scale and the emergency numbers."""
    text = text_of(handouts["stop-rules-card-a4.pdf"])
    assert "0 1 2 3 4 5 6 7 8 9 10" in text and "999" in text and "911" in text


def test_every_story_is_on_a_card_and_answered_on_the_teachers_sheet(
    handouts: dict[str, Path],
) -> None:
    """Each scenario's title is on the cut-out cards and on the teacher's answer sheet."""
    content = default_content()
    cards = text_of(handouts["scenario-cards-letter.pdf"])
    answers = text_of(handouts["scenario-answers-a4.pdf"])
    for n, scenario in enumerate(content.scenarios, start=1):
        assert f"{n}. {scenario.title}" in cards
        assert scenario.title in answers
    for paper in SIZES:  # six cards to a page, with no page left over
        pages = len(PdfReader(handouts[f"scenario-cards-{paper}.pdf"]).pages)
        assert pages == math.ceil(len(content.scenarios) / 6), paper


def test_the_session_card_lists_its_steps(handouts: dict[str, Path]) -> None:
    """The printed session card has every step's times and technique, and the stop rules."""
    text = text_of(handouts["session-card-a4.pdf"])
    for step in PLAN.steps:
        assert f"{clock(step.start)}\u2013{clock(step.end)}" in text
        assert step.name in text
    assert "Stop rules" in text and "999" in text
