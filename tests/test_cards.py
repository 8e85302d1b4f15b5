"""Tests for calflib.cards: what a learner reads, escaping, and accessibility."""

from __future__ import annotations

import dataclasses

from calflib.cards import (
    bullet_list,
    card,
    cited,
    feedback_card,
    message_card,
    scenario_card,
    sources_list,
    verdict_card,
    wells_card,
)
from calflib.model import Content, Level
from calflib.screening import assess
from calflib.trainer import check_choice
from calflib.wells import wells_score

HOSTILE = '<img src=x onerror=alert(1)><script>alert("x")</script>'


def _all_no(content: Content, *present: str) -> dict[str, bool]:
    return {fid: fid in present for fid in content.finding_ids}


def test_verdict_names_the_level_in_words_and_icon(content: Content) -> None:
    """The level is shown as its name, title and icon, never by colour alone."""
    html = verdict_card(assess(_all_no(content, "calf_swelling_one_side")), content)
    info = content.levels[Level.REFER]
    assert "REFER" in html and info.title in html and info.icon in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "calf-level-refer" in html


def test_verdict_lists_reasons_actions_and_sources(content: Content) -> None:
    """The card shows the finding, why it matters, what to do, and the source titles."""
    html = verdict_card(assess(_all_no(content, "calf_swelling_one_side")), content)
    assert "One calf or leg swollen" in html
    assert "What to do:" in html
    assert content.sources["S3"].title.split(",")[0] in html
    assert "Education, not diagnosis" in html


def test_modify_verdict_lists_the_changes(content: Content) -> None:
    """A MODIFY verdict lists each adaptation."""
    result = assess(_all_no(content, "varicose_veins"))
    html = verdict_card(result, content)
    assert "Changes to make" in html
    assert all(a.split(";")[0] in html for a in result.adaptations)


def test_incomplete_verdict_says_not_finished(content: Content) -> None:
    """With 'not sure' answers, the card says the check is not finished."""
    html = verdict_card(assess({}), content)
    assert "Not finished" in html and f"{len(content.finding_ids)} questions" in html


def test_cards_use_theme_variables(content: Content) -> None:
    """Colours come from JupyterLab theme variables so dark mode works."""
    html = verdict_card(assess(_all_no(content)), content)
    assert "var(--jp-success-color1" in html and "var(--jp-ui-font-color1" in html


def test_teacher_text_is_escaped(content: Content) -> None:
    """Hostile text in content is shown as text: no tag from it reaches the HTML."""
    scenario = dataclasses.replace(
        content.scenarios[0], title=HOSTILE, story=HOSTILE, teaching_point=HOSTILE
    )
    html = scenario_card(1, 1, scenario.title, scenario.story)
    html += feedback_card(check_choice(scenario, Level.CLEAR, content), content)
    html += message_card(HOSTILE, HOSTILE)
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


def test_card_is_a_themed_box_announced_only_when_live() -> None:
    """A card carries its classes, accent and width; only a live card is a status region."""
    live = card("<p>x</p>", "calf-x", "red", max_width="40em")
    assert live.startswith('<div class="calf-card calf-x" role="status" aria-live="polite"')
    assert "border-left:6px solid red" in live and live.endswith('max-width:40em"><p>x</p></div>')
    quiet = card("<p>x</p>", "calf-x", live=False)
    assert 'role="status"' not in quiet and "max-width" not in quiet


def test_lists_and_cited_keys_escape_their_text() -> None:
    """Bullet items and cited source keys are text, never markup."""
    assert bullet_list([HOSTILE, "b"], "ol").startswith("<ol><li>&lt;img")
    assert "<script>" not in bullet_list([HOSTILE]) + cited([HOSTILE, "S5a"])
    assert "[S1, S5a]</span>" in cited(["S1", "S5a"])


def test_sources_list_takes_content_or_a_bibliography(content: Content) -> None:
    """The same list comes from the content or its sources; unknown keys are said in words."""
    keys = ["S14", "S14", "S999"]
    html = sources_list(keys, content)
    assert html == sources_list(keys, content.sources)
    assert html.count("<li>") == 2 and "(not in the bibliography)" in html
    assert sources_list([], content) == ""


def test_sources_list_says_what_kind_of_source_each_is(content: Content) -> None:
    """Each source is labelled in words: a massage business's page is never 'professional' text."""
    html = sources_list(["S14", "S36b", "S17b", "S49c"], content)
    assert "Med Sci Sports Exerc 2010;42(6):1062-71 (peer-reviewed study)" in html
    assert "kstarrvagt.com: Swedish massage strokes (business web page)" in html
    assert "(web commentary on a study)" in html and "(popular web page)" in html
    assert "professional-education" not in html
