"""Tests for calflib.cards: what a learner reads, escaping, and accessibility."""

from __future__ import annotations

import dataclasses

from calflib.cards import feedback_card, scenario_card, verdict_card, wells_card
from calflib.loader import builtin_content
from calflib.model import Content, Level
from calflib.screening import answers_with, assess
from calflib.trainer import check_choice
from calflib.wells import wells_score

HOSTILE = '<img src=x onerror=alert(1)><script>alert("x")</script>'


def test_verdict_names_the_level_in_words_and_icon(content: Content) -> None:
    """The level is shown as its name, title and icon, never by colour alone."""
    html = verdict_card(assess(answers_with("calf_swelling_one_side")), content)
    info = content.levels[Level.REFER]
    assert "REFER" in html and info.title in html
    assert f'<svg class="calf-icon calf-icon-{info.icon}" aria-hidden="true"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "calf-level-refer" in html


def test_verdict_lists_reasons_actions_and_sources(content: Content) -> None:
    """The card shows the finding, why it matters, what to do, and the source titles."""
    html = verdict_card(assess(answers_with("calf_swelling_one_side")), content)
    assert "One calf or leg swollen" in html
    assert "What to do:" in html
    assert content.sources["S3"].title.split(",")[0] in html
    assert "Education, not diagnosis" in html


def test_modify_verdict_lists_the_changes(content: Content) -> None:
    """A MODIFY verdict lists each adaptation."""
    result = assess(answers_with("varicose_veins"))
    html = verdict_card(result, content)
    assert "Changes to make" in html
    assert all(a.split(";")[0] in html for a in result.adaptations)


def test_incomplete_verdict_says_not_finished(content: Content) -> None:
    """With 'not sure' answers, the card says the check is not finished."""
    html = verdict_card(assess({}), content)
    assert "Not finished" in html and f"{len(content.finding_ids)} questions" in html


def test_cards_use_theme_variables(content: Content) -> None:
    """Colours come from JupyterLab theme variables so dark mode works."""
    html = verdict_card(assess(answers_with()), content)
    assert "var(--jp-success-color1" in html and "var(--jp-ui-font-color1" in html


def test_teacher_text_is_escaped(content: Content) -> None:
    """Hostile text in content is shown as text: no tag from it reaches the HTML."""
    scenario = dataclasses.replace(
        content.scenarios[0], title=HOSTILE, story=HOSTILE, teaching_point=HOSTILE
    )
    html = scenario_card(1, 1, scenario.title, scenario.story)
    html += feedback_card(check_choice(scenario, Level.CLEAR, content), content)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_feedback_says_right_or_unsafe_in_words(content: Content) -> None:
    """Feedback carries the outcome in words and shows the teaching point."""
    scenario = next(s for s in content.scenarios if s.expected == Level.REFER)
    html = feedback_card(check_choice(scenario, Level.CLEAR, content), content)
    assert "Not safe" in html and scenario.teaching_point[:30] in html.replace("&#x27;", "'")
    assert "calf-outcome-unsafe" in html


def test_wells_card_shows_score_next_step_and_caution(content: Content) -> None:
    """The Wells card shows the score, the reading, the next step and the caution."""
    html = wells_card(wells_score(["entire_leg_swollen", "previous_dvt"]), content)
    assert "Score: 2" in html and "DVT likely" in html and "ultrasound" in html
    assert "Clinician education only" in html


def test_a_form_just_begun_lists_its_not_sure_answers_by_name() -> None:
    """With many 'not sure' answers the verdict names them in one line (no 40 full reasons and
    their sources), while a few are still explained in full with their sources."""
    content = builtin_content()
    blank = verdict_card(assess({}), content)
    assert "Still 'not sure' (" in blank and "you answered not sure" not in blank
    assert len(blank) < 8000
    answers = answers_with()
    del answers["calf_swelling_one_side"]
    few = verdict_card(assess(answers), content)
    finding = content.findings["calf_swelling_one_side"]
    assert "you answered not sure" in few and finding.label in few
    assert "Still 'not sure'" not in few
