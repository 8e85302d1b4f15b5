"""What a learner does in chapter 02 in real JupyterLab, asserted on the text the page shows.

The chapter is opened and run once for this module (a fresh kernel); each test then uses one
widget the way a learner would: radio buttons (found by role and name, as a screen reader finds
them), the keyboard alone, the Check buttons. The questionnaire is also scanned with axe-core.

The last test closes the chapter, shuts its kernel down, opens it again with a new kernel and
runs it: the learner's self-check answer and trainer result must be shown again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import (
    RESULT_REGION,
    JupyterLabServer,
    accessibility_violations,
    answer_with_keyboard_only,
    close_page,
    open_notebook,
    run_all_cells,
    wait_for_kernel_idle,
)
from playwright.sync_api import Locator, Page, expect

from calflib.content_in_use import default_bank, default_content
from calflib.model import Finding, Level
from calflib.quiz import grade
from calflib.trainer import check_choice

pytestmark = pytest.mark.browser

CHAPTER = "notebooks/02_when_not_to_massage.ipynb"  # in the served workbook folder
CONTENT = default_content()


@pytest.fixture(scope="module")
def chapter(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 02, opened in JupyterLab with every cell run."""
    page = open_page()
    open_notebook(page, jupyter_lab, CHAPTER)
    run_all_cells(page)
    yield page
    close_page(page)
    jupyter_lab.shut_down_kernels()


def _question_group(questionnaire: Locator, finding: Finding) -> Locator:
    """A question's radio group, found as a screen reader finds it: by role and question."""
    name = f"{finding.label} {finding.question}"
    return questionnaire.get_by_role("radiogroup", name=name, exact=True)


def _lead_in(questionnaire: Locator, group_id: str) -> Locator:
    """A group's "Any of these?" radio group (several groups ask the same words)."""
    lead = next(g.lead_in for g in CONTENT.groups if g.id == group_id)
    section = questionnaire.locator(f".calf-group-{group_id}")
    return section.get_by_role("radiogroup", name=lead, exact=True)


def _choose(group: Locator, answer: str) -> None:
    group.get_by_role("radio", name=answer, exact=True).check()


def _start_again(questionnaire: Locator) -> None:
    """Press 'Start again' and wait until the kernel has set every answer back to 'Not sure'."""
    questionnaire.get_by_role("button", name="Start again", exact=True).click()
    blank = f"({len(CONTENT.findings)} still 'Not sure')"
    expect(questionnaire.locator(RESULT_REGION)).to_contain_text(blank, use_inner_text=True)


def _badge(level: Level) -> str:
    return f"{level.name}: {CONTENT.levels[level].title}"


def _answer_every_question(questionnaire: Locator, answer: str) -> None:
    assert questionnaire.get_by_role("radiogroup").count() == len(CONTENT.findings) + len(_LEADS)
    for finding in CONTENT.findings.values():
        _choose(_question_group(questionnaire, finding), answer)


#: Groups asked with one "Any of these?" question first (the others have a single question).
_LEADS = [g.id for g in CONTENT.groups if len(CONTENT.members(g.id)) > 1]


def _answer_like_a_healthy_person(questionnaire: Locator) -> int:
    """No to each group's "Any of these?" question (a group of one: its question); returns the
    number of answers given."""
    groups = [g for g in CONTENT.groups if CONTENT.members(g.id)]
    for group in groups:
        members = CONTENT.members(group.id)
        if len(members) == 1:
            _choose(_question_group(questionnaire, members[0]), "No")
        else:
            _choose(_lead_in(questionnaire, group.id), "No")
    return len(groups)


def _questionnaire(chapter: Page) -> Locator:
    questionnaire = chapter.locator(".jp-OutputArea .calf-questionnaire")
    questionnaire.scroll_into_view_if_needed()
    return questionnaire


def test_every_question_is_a_radio_group_named_by_its_question(chapter: Page) -> None:
    """Each question is a radiogroup named by its label and question, with Yes / No / Not sure
    radios, 'Not sure' checked at first; each group's lead-in is a radiogroup too."""
    questionnaire = _questionnaire(chapter)
    _start_again(questionnaire)
    for finding in CONTENT.findings.values():
        group = _question_group(questionnaire, finding)
        expect(group).to_have_count(1)
        radios = group.get_by_role("radio")
        expect(radios).to_have_count(3)
        assert [r.get_attribute("value") for r in radios.all()] == ["Yes", "No", "Not sure"]
        expect(group.get_by_role("radio", name="Not sure", exact=True)).to_be_checked()
    for gid in _LEADS:
        lead = next(g.lead_in for g in CONTENT.groups if g.id == gid)
        group = _lead_in(questionnaire, gid)
        expect(group).to_have_count(1)
        expect(group).to_have_accessible_name(lead)


def test_questionnaire_all_no_gives_go_ahead(chapter: Page) -> None:
    """Answering No to every question shows CLEAR (go ahead) and its advice."""
    questionnaire = _questionnaire(chapter)
    verdict = questionnaire.locator(".calf-verdict-widget")
    _start_again(questionnaire)
    _answer_every_question(questionnaire, "No")
    expect(verdict).to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    expect(verdict).to_contain_text(CONTENT.levels[Level.CLEAR].advice, use_inner_text=True)
    expect(questionnaire).to_contain_text("(all answered)", use_inner_text=True)
    expect(verdict).not_to_contain_text("Not finished", use_inner_text=True)


def test_a_healthy_person_answers_one_question_per_group(chapter: Page) -> None:
    """No to every group's lead-in folds its questions away and gives CLEAR in nine answers."""
    questionnaire = _questionnaire(chapter)
    verdict = questionnaire.locator(".calf-verdict-widget")
    _start_again(questionnaire)
    answers = _answer_like_a_healthy_person(questionnaire)
    assert answers <= 10
    expect(verdict).to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    expect(questionnaire).to_contain_text("(all answered)", use_inner_text=True)
    sign = next(f for f in CONTENT.findings.values() if f.group == "clot")
    expect(questionnaire.locator(f".calf-q-{sign.id}")).to_be_hidden()


def test_questionnaire_one_clot_sign_refers_to_a_clinician(chapter: Page) -> None:
    """All No except one DVT warning sign answered Yes shows REFER, urgently, naming the sign;
    the checked radio says so to assistive technology, and the live region's text changes."""
    questionnaire = _questionnaire(chapter)
    verdict = questionnaire.locator(".calf-verdict-widget")
    live = questionnaire.locator(RESULT_REGION)
    _start_again(questionnaire)
    _answer_like_a_healthy_person(questionnaire)  # the REFER below can only come from the Yes
    expect(live).to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    # The summary is the form's one live region: the full verdict card below is shown, not
    # read out as well at every choice.
    expect(questionnaire.locator("[aria-live], [role='status']")).to_have_count(1)
    sign = next(f for f in CONTENT.findings.values() if f.group == "clot")
    _choose(_lead_in(questionnaire, sign.group), "Yes")
    expect(verdict).not_to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    expect(questionnaire.locator(f".calf-g-{sign.group} ~ .calf-group-unclear")).to_contain_text(
        "which one applies?"
    )
    yes = _question_group(questionnaire, sign).get_by_role("radio", name="Yes", exact=True)
    yes.check()
    expect(yes).to_be_checked()
    expect(yes).to_have_js_property("checked", True)
    expect(live).to_contain_text(_badge(Level.REFER), use_inner_text=True)
    expect(verdict).to_contain_text(_badge(Level.REFER), use_inner_text=True)
    expect(verdict).to_contain_text(
        str(CONTENT.levels[Level.REFER].advice_urgent), use_inner_text=True
    )
    verdict.locator("summary", has_text="Why").click()  # the reasons are folded away
    expect(verdict).to_contain_text(f"{sign.label} (you answered yes; REFER)", use_inner_text=True)
    expect(verdict).not_to_contain_text(_badge(Level.CLEAR), use_inner_text=True)


def test_the_result_stays_in_view_while_answering_far_below_it(chapter: Page) -> None:
    """Answering the last question, far below the top of the form, the compact result (sticky)
    is on screen and shows the new level at once."""
    questionnaire = _questionnaire(chapter)
    live = questionnaire.locator(RESULT_REGION)
    _start_again(questionnaire)
    _answer_like_a_healthy_person(questionnaire)
    last = [f for f in CONTENT.findings.values() if f.level > Level.CLEAR][-1]
    group = _question_group(questionnaire, last)
    if not group.is_visible():  # folded away: open its group again
        _choose(_lead_in(questionnaire, last.group), "Not sure")
    group.scroll_into_view_if_needed()
    top = questionnaire.bounding_box()
    assert top is not None and top["y"] < 0, "the form's top should be scrolled out of view"
    _choose(group, "Yes")
    expect(live).not_to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    expect(live).to_be_in_viewport()


def test_the_questionnaire_can_be_finished_with_the_keyboard_alone(chapter: Page) -> None:
    """From the first radio group, Tab and the arrow keys (and Space on 'Start again') answer
    every lead-in No and reach CLEAR; ArrowLeft moves between radios and does not fold the cell."""
    questionnaire = _questionnaire(chapter)
    live = questionnaire.locator(RESULT_REGION)
    _start_again(questionnaire)
    groups = [g for g in CONTENT.groups if CONTENT.members(g.id)]
    answer_with_keyboard_only(chapter, questionnaire, len(groups))
    expect(live).to_contain_text(_badge(Level.CLEAR), use_inner_text=True)
    expect(live).to_contain_text("(all answered)", use_inner_text=True)
    expect(questionnaire).to_be_visible()  # ArrowLeft folded nothing away
    assert chapter.locator(".jp-Cell.jp-mod-collapsed, .jp-Cell .jp-mod-collapsed").count() == 0
    # Tab on to 'Start again' (the days menu is off, the folded groups are skipped) and press Space.
    reset = questionnaire.get_by_role("button", name="Start again", exact=True)
    for _ in range(5):
        if chapter.evaluate("() => document.activeElement.classList.contains('calf-reset')"):
            break
        chapter.keyboard.press("Tab")
    expect(reset).to_be_focused()
    chapter.keyboard.press("Space")
    expect(live).not_to_contain_text(_badge(Level.CLEAR), use_inner_text=True)


def test_start_again_pressed_at_once_after_two_quick_choices_clears_both(chapter: Page) -> None:
    """Two choices in quick succession, then 'Start again' at once: the kernel takes
    the choices before the reset (ipywidgets would hold the second one back until the first was
    answered and let the reset overtake it), so every question is 'Not sure' again and stays so."""
    questionnaire = _questionnaire(chapter)
    live = questionnaire.locator(RESULT_REGION)
    _start_again(questionnaire)
    group = questionnaire.get_by_role("radiogroup").first
    group.scroll_into_view_if_needed()
    not_sure = group.get_by_role("radio", name="Not sure", exact=True)
    # No, Yes and 'Start again' in one go, as fast as a practised keyboard learner (Playwright's
    # own key presses and clicks each wait for the page, which leaves the kernel time to answer).
    group.evaluate(
        """(group) => {
            for (const answer of ["No", "Yes"]) {
                group.querySelector(`input[value="${answer}"]`).click();
            }
            group.closest("form").querySelector(".calf-reset").click();
        }"""
    )
    blank = f"({len(CONTENT.findings)} still 'Not sure')"
    expect(live).to_contain_text(blank, use_inner_text=True)
    wait_for_kernel_idle(chapter)
    chapter.wait_for_timeout(1500)  # anything still on its way has arrived by now
    wait_for_kernel_idle(chapter)
    expect(live).to_contain_text(blank, use_inner_text=True, timeout=1)
    expect(not_sure).to_be_checked(timeout=1)
    expect(questionnaire.locator("form.calf-qform")).to_have_attribute("data-kernel", "agrees")


#: How far a focused element's ring reaches (outline width + offset), its outline style, and the
#: boxes around it that clip its drawing and cut that ring, as "tag.class: sides" strings.
_RING_CUT_BY = """el => {
    const style = getComputedStyle(el);
    const reach = parseFloat(style.outlineWidth) + Math.max(0, parseFloat(style.outlineOffset));
    const ring = el.getBoundingClientRect();
    const cut = [];
    let box = el.parentElement;
    for (; box && !box.matches('.jp-Cell, body'); box = box.parentElement) {
        const s = getComputedStyle(box);
        const clips = /paint|strict|content/.test(s.contain) || s.contentVisibility !== 'visible'
            || s.overflowX !== 'visible' || s.overflowY !== 'visible';
        if (!clips) continue;
        const r = box.getBoundingClientRect();
        const inner = {left: r.left + box.clientLeft, top: r.top + box.clientTop};
        inner.right = inner.left + box.clientWidth; inner.bottom = inner.top + box.clientHeight;
        const sides = [];
        if (ring.left - reach < inner.left - 0.5) sides.push('left');
        if (ring.right + reach > inner.right + 0.5) sides.push('right');
        if (ring.top - reach < inner.top - 0.5) sides.push('top');
        if (ring.bottom + reach > inner.bottom + 0.5) sides.push('bottom');
        if (sides.length) cut.push(`${box.tagName.toLowerCase()}.${box.classList[0]}: ${sides}`);
    }
    return {reach, style: style.outlineStyle, cut};
}"""


def test_keyboard_focus_is_visible(chapter: Page) -> None:
    """A radio focused from the keyboard is drawn differently from the same radio unfocused."""
    questionnaire = _questionnaire(chapter)
    _start_again(questionnaire)
    group = questionnaire.get_by_role("radiogroup").first
    group.scroll_into_view_if_needed()
    chapter.evaluate("() => document.activeElement && document.activeElement.blur()")
    unfocused = group.screenshot()
    group.get_by_role("radio", name="Not sure", exact=True).focus()
    chapter.keyboard.press("ArrowLeft")
    chapter.keyboard.press("ArrowRight")  # back on 'Not sure', now focused from the keyboard
    expect(group.get_by_role("radio", name="Not sure", exact=True)).to_be_focused()
    focused = group.screenshot()
    assert focused != unfocused
    outline = group.get_by_role("radio", name="Not sure", exact=True).evaluate(
        "r => getComputedStyle(r).outlineWidth"
    )
    assert float(outline.removesuffix("px")) >= 2
    # The first choice's ring (at the question's edge) is drawn whole: a question contains its
    # drawing (content-visibility, for speed), which would cut a ring that reaches outside it.
    group.get_by_role("radio", name="No", exact=True).focus()
    chapter.keyboard.press("ArrowLeft")
    expect(group.get_by_role("radio", name="Yes", exact=True)).to_be_focused()
    first = group.get_by_role("radio", name="Yes", exact=True)
    for focused in (group.locator("label").first, first):  # the choice's ring and the radio's
        ring = focused.evaluate(_RING_CUT_BY)
        assert ring["style"] != "none" and ring["reach"] >= 3, f"no focus ring drawn: {ring}"
        assert ring["cut"] == [], f"the focus ring is cut off: {ring}"


def test_the_form_has_no_accessibility_violations(chapter: Page) -> None:
    """axe-core (WCAG 2.0 A/AA, 2.1 AA, 2.2 AA) finds nothing wrong inside the form."""
    questionnaire = _questionnaire(chapter)
    _start_again(questionnaire)
    violations = accessibility_violations(chapter, ".jp-OutputArea .calf-questionnaire")
    assert violations == []


def test_the_form_has_no_accessibility_violations_in_the_dark_theme(chapter: Page) -> None:
    """In JupyterLab Dark too (colours from the theme's variables), axe-core finds nothing wrong,
    contrast included."""
    questionnaire = _questionnaire(chapter)
    _answer_like_a_healthy_person(questionnaire)  # a verdict card with its coloured badge
    body = chapter.locator("body")
    try:
        chapter.evaluate(_CHANGE_THEME, "JupyterLab Dark")
        expect(body).to_have_attribute("data-jp-theme-light", "false")
        violations = accessibility_violations(chapter, ".jp-OutputArea .calf-questionnaire")
        assert violations == []
    finally:
        chapter.evaluate(_CHANGE_THEME, "JupyterLab Light")
        expect(body).to_have_attribute("data-jp-theme-light", "true")


_CHANGE_THEME = "theme => window.jupyterapp.commands.execute('apputils:change-theme', {theme})"


def _press(container: Locator, css: str, label: str) -> None:
    """Click the button with class ``css``, after checking it shows ``label``.

    By class, not by accessible name: a widget button's icon glyph is part of its name.
    """
    button = container.locator(f"button.{css}")
    expect(button).to_have_text(label)
    button.click()


def _level_option(container: Locator, level: Level) -> Locator:
    """The trainer's radio for ``level``, named "REFER: <title>" (an icon word may come first)."""
    info = CONTENT.levels[level]
    name = re.compile(rf"^(?:\S+ )?{level.name}: {re.escape(info.title)}$")
    return container.get_by_role("radio", name=name)


def test_trainer_gives_feedback_on_a_right_and_an_unsafe_answer(chapter: Page) -> None:
    """Picking the right level says 'Right'; picking CLEAR for a REFER story says 'Not safe'."""
    trainer = chapter.locator(".jp-OutputArea .calf-trainer")
    feedback = trainer.locator(".calf-feedback-widget")
    first, second = CONTENT.scenarios[0], CONTENT.scenarios[1]
    expect(trainer.locator(".calf-story")).to_contain_text(first.title, use_inner_text=True)
    right = check_choice(first, first.expected, CONTENT)
    _level_option(trainer, first.expected).check()
    _press(trainer, "calf-check", "Check my answer")
    expect(feedback).to_contain_text(right.headline, use_inner_text=True)
    assert right.headline.startswith("Right:")
    expect(feedback).to_contain_text(first.teaching_point, use_inner_text=True)

    _press(trainer, "calf-next", "Next scenario")
    expect(trainer.locator(".calf-story")).to_contain_text(second.title, use_inner_text=True)
    expect(feedback).to_have_text("")
    assert second.expected > Level.CLEAR
    unsafe = check_choice(second, Level.CLEAR, CONTENT)
    _level_option(trainer, Level.CLEAR).check()
    _press(trainer, "calf-check", "Check my answer")
    expect(feedback).to_contain_text(unsafe.headline, use_inner_text=True)
    assert unsafe.headline.startswith("Not safe")
    expect(trainer).to_contain_text("Checked so far: 2; right: 1.", use_inner_text=True)


def test_self_check_question_gives_feedback(chapter: Page) -> None:
    """Choosing the right answer to the first one-answer question, found by its text among the
    options shown in the learner's shuffled order, and pressing Check says so."""
    questions = default_bank().for_chapter(Path(CHAPTER).stem)
    question = next(q for q in questions if q.kind != "multiple")
    box = chapter.locator(f".jp-OutputArea .calf-quiz-{question.id}")
    right = next(o for o in question.options if o.correct)
    # The order comes from the learner's own random seed (kept in their progress), so the test
    # checks every option is there as a named radio and answers by text, never by position.
    expect(box.get_by_role("radio")).to_have_count(len(question.options))
    for option in question.options:
        expect(box.get_by_role("radio", name=option.text, exact=True)).to_have_count(1)
    box.get_by_role("radio", name=right.text, exact=True).check()
    _press(box, "calf-quiz-check", "Check")
    feedback = box.locator(".calf-quiz-feedback-widget")
    expect(feedback).to_contain_text(grade(question, right.id).headline, use_inner_text=True)
    expect(feedback).to_contain_text(right.feedback, use_inner_text=True)


def test_progress_is_restored_in_a_new_kernel(
    chapter: Page, jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]
) -> None:
    """Answers given before the kernel is shut down are shown again after reopening and running.

    Text is read with textContent here: JupyterLab skips rendering cells outside the window, and
    innerText of a skipped cell is empty even though the learner sees it on scrolling.
    """
    questions = default_bank().for_chapter(Path(CHAPTER).stem)
    question = next(q for q in questions if q.kind != "multiple")
    right = next(o for o in question.options if o.correct)
    box = chapter.locator(f".jp-OutputArea .calf-quiz-{question.id}")
    box.get_by_role("radio", name=right.text, exact=True).check()
    _press(box, "calf-quiz-check", "Check")
    trainer = chapter.locator(".jp-OutputArea .calf-trainer")
    story = trainer.locator(".calf-story")
    trainer.scroll_into_view_if_needed()  # JupyterLab hides cells far outside the window
    first = CONTENT.scenarios[0]
    # Step back to scenario 1, waiting for each story to change. textContent, not innerText: a
    # cell JupyterLab has not rendered yet has an empty innerText, which once sent the loop one
    # step too far (from scenario 1 round to the last story).
    for _ in CONTENT.scenarios:
        shown = story.text_content() or ""
        if first.title in shown:
            break
        _press(trainer, "calf-previous", "Previous scenario")
        expect(story).not_to_have_text(shown)
    wait_for_kernel_idle(chapter)
    expect(story).to_contain_text(first.title)
    _level_option(trainer, first.expected).check()
    _press(trainer, "calf-check", "Check my answer")
    expect(trainer.locator(".calf-feedback-widget")).to_contain_text("Right:")

    close_page(chapter)
    jupyter_lab.shut_down_kernels()
    page = open_page()
    open_notebook(page, jupyter_lab, CHAPTER)
    run_all_cells(page)
    box = page.locator(f".jp-OutputArea .calf-quiz-{question.id}")
    box.scroll_into_view_if_needed()  # JupyterLab hides cells far outside the window
    expect(box.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    expect(box.locator(".calf-quiz-feedback-widget")).to_contain_text(
        grade(question, right.id).headline
    )
    trainer = page.locator(".jp-OutputArea .calf-trainer")
    expect(trainer.locator(".calf-story")).to_contain_text(first.title)
    expect(_level_option(trainer, first.expected)).to_be_checked()
    expect(trainer.locator(".calf-feedback-widget")).to_contain_text("Right:")
    close_page(page)
