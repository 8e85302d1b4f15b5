"""Every choice outside the questionnaire, used as a screen-reader or keyboard learner uses it.

In real JupyterLab: the self-check and the trainer (chapter 02), the benefits filter (chapter
03), the planner and the practice player (chapter 05) and the "Why does it hurt?" picker
(chapter 06). Each test finds a group by its role and its question (as a screen reader does),
checks that choosing changes the option's checked state, that the news is written into a polite
live region, that the keyboard alone does the task, that ArrowLeft stays inside the widget
(JupyterLab would collapse the section) and that a focused option looks different.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from browser_support import (
    JupyterLabServer,
    close_page,
    open_notebook,
    run_all_cells,
    wait_for_kernel_idle,
)
from playwright.sync_api import Locator, Page, expect

from calflib.benefits import Grade, filter_by_grade, load_benefits
from calflib.content_in_use import default_bank, default_content
from calflib.faq import pain_guide
from calflib.model import Level
from calflib.quiz import display_order, grade
from calflib.technique_loader import load_techniques
from calflib.techniques import Setting

pytestmark = pytest.mark.browser

CONTENT = default_content()
LIVE = "[role='status'][aria-live='polite']"
BENEFITS_QUESTION = "Show the benefits with which evidence grade?"


def _chapter(lab: JupyterLabServer, open_page: Callable[[], Page], name: str) -> Iterator[Page]:
    yield from _chapter_on(open_page(), lab, name)


@pytest.fixture(scope="module")
def chapter02(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 02 opened in JupyterLab, every cell run."""
    yield from _chapter(jupyter_lab, open_page, "02_when_not_to_massage")


def _keyboard_to(page: Page, target: Locator) -> None:
    """Focus ``target`` as a keyboard user would reach it: a key press first, so the browser
    draws keyboard focus (``:focus-visible``), then focus."""
    page.keyboard.press("Shift")
    target.focus()


def _focus_ring_shows(page: Page, option: Locator, radio: Locator, away: Locator) -> None:
    """The option looks different focused (keyboard) than unfocused, with a ring >= 2 px."""
    option.scroll_into_view_if_needed()
    _keyboard_to(page, away)
    plain = option.screenshot()
    _keyboard_to(page, radio)
    focused = option.screenshot()
    assert plain != focused, "a focused option looks the same as an unfocused one"
    ring = option.evaluate("n => parseFloat(getComputedStyle(n).outlineWidth)")
    assert ring >= 2, f"the focus ring is {ring}px"


def _settle(page: Page) -> None:
    """Let the kernel catch up with a switch just flipped: ipywidgets holds back a model's
    changes while earlier ones are unanswered, and a button press would overtake them."""
    page.wait_for_timeout(400)
    wait_for_kernel_idle(page)


_KERNEL_HAS_IT = "box => box.dataset.kernel === 'agrees'"


def _kernel_agrees(group: Locator) -> None:
    """Wait until the kernel holds the choice the page shows (the group's ``data-kernel``)."""
    fieldset = group.locator("xpath=ancestor-or-self::fieldset").first
    fieldset.page.wait_for_function(_KERNEL_HAS_IT, arg=fieldset.element_handle())


def _collapsed_sections(page: Page) -> int:
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-collapsed").count()


def test_self_check_question_is_a_named_radio_group_used_by_keyboard(chapter02: Page) -> None:
    """A one-answer question is a radio group named by its question; the arrow keys choose
    (ArrowLeft twice does not collapse the section), Tab and Enter press Check, and the feedback
    is written into a polite live region."""
    page = chapter02
    # The second one-answer question: test_lab_screening answers the first, and answers are
    # kept (the session's JupyterLab shares one progress store), so that one may show feedback.
    bank = default_bank().for_chapter("02_when_not_to_massage")
    question = [q for q in bank if q.kind == "single"][1]
    box = page.locator(f".jp-OutputArea .calf-quiz-{question.id}")
    number = 1 + [q.id for q in bank].index(question.id)
    group = box.get_by_role("radiogroup", name=f"Question {number}. {question.prompt}", exact=True)
    expect(group).to_be_visible()
    # The feedback's live region is in the page while empty (not display: none): a screen
    # reader announces the first feedback only if the region was already there.
    empty = box.locator(".calf-quiz-feedback-widget .calf-live")
    assert empty.evaluate("n => [n.textContent, getComputedStyle(n).display]") == ["", "block"]
    # Check with nothing chosen, twice: the hint is written each time (emptied, then written
    # again), so the second press is answered too, never with silence.
    empty.evaluate(
        """n => { window.__calfWrites = 0;
                  new MutationObserver(() => { if (n.textContent) window.__calfWrites++; })
                      .observe(n, {childList: true}); }"""
    )
    for _ in range(2):
        box.locator(".calf-quiz-check").click()
        _settle(page)
    expect(empty).to_contain_text("Choose an answer first", use_inner_text=True)
    page.wait_for_function("() => window.__calfWrites >= 2")
    shown = display_order(question, "default")
    radios = group.get_by_role("radio")
    expect(radios).to_have_count(len(shown))
    collapsed = _collapsed_sections(page)

    _keyboard_to(page, radios.first)
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    expect(radios.nth(1)).to_be_focused()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    # Back one option, then round to the last: the keys stayed inside the group.
    expect(radios.last).to_be_focused()
    expect(radios.last).to_be_checked()
    expect(radios.nth(1)).not_to_be_checked()
    assert _collapsed_sections(page) == collapsed, "ArrowLeft collapsed a section"
    expect(group).to_be_visible()

    right = next(o for o in shown if o.correct)
    focused_words = "() => document.activeElement.closest('label').innerText.trim()"
    for _ in range(len(shown)):
        if page.evaluate(focused_words) == right.text:
            break
        page.keyboard.press("ArrowDown")
    expect(group.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    _kernel_agrees(group)
    page.keyboard.press("Tab")
    expect(box.locator(".calf-quiz-check")).to_be_focused()
    expect(box.locator(".calf-quiz-check")).to_have_accessible_name(re.compile(r"\bCheck$"))
    page.keyboard.press("Enter")
    feedback = box.locator(f".calf-quiz-feedback-widget {LIVE}")
    result = grade(question, {right.id})
    expect(feedback).to_contain_text(result.headline, use_inner_text=True)
    explain = box.locator(".calf-quiz-explain")  # a toggle: its state is said, not only drawn
    expect(explain).to_have_attribute("aria-pressed", "false")
    explain.click()
    expect(explain).to_have_attribute("aria-pressed", "true")
    fold_outs = feedback.locator("summary")
    expect(fold_outs.first).to_be_visible()
    heights = fold_outs.evaluate_all("ns => ns.map(n => n.getBoundingClientRect().height)")
    assert min(heights) >= 24, f"fold-outs {heights} px high (WCAG 2.2 target size: 24 px)"

    # Try again from the keyboard: the answer is cleared, the live region says so, and focus
    # stays on the button (a button that disabled itself would drop focus to the page).
    retry = box.locator(".calf-quiz-retry")
    retry.focus()
    page.keyboard.press("Enter")
    expect(feedback).to_contain_text("Answer cleared", use_inner_text=True)
    expect(retry).to_be_focused()
    expect(group.get_by_role("radio", checked=True)).to_have_count(0)


def test_wells_announces_a_one_line_summary_and_shows_each_items_help(chapter02: Page) -> None:
    """Ticking a Wells item updates a polite one-line summary (score, reading, next step) that
    is read but not shown; the full card shows without speaking; every item's help is on the
    page, not only in a tooltip."""
    page = chapter02
    wells = page.locator(".jp-OutputArea .calf-wells")
    wells.scroll_into_view_if_needed()
    item = next(i for i in CONTENT.wells_items if i.help)
    expect(wells.locator(".calf-choice-help").first).to_be_visible()
    expect(wells).to_contain_text(item.help, use_inner_text=True)
    status = wells.locator(f".calf-wells-status {LIVE}")
    card = wells.locator(".calf-wells-widget .calf-live")
    expect(card).to_have_attribute("aria-live", "off")
    expect(card).not_to_have_attribute("role", "status")
    before = status.text_content()
    wells.get_by_role("checkbox", name=re.compile(re.escape(item.label))).check()
    expect(status).not_to_have_text(before or "")
    expect(status).to_contain_text("A clinician's next step:")
    box = wells.locator(".calf-wells-status").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box  # read, not shown
    wells.get_by_role("checkbox", name=re.compile(re.escape(item.label))).uncheck()
    _settle(page)


def test_a_focused_quiz_option_looks_different(chapter02: Page) -> None:
    """A quiz option with keyboard focus has a visible ring of at least 2 px."""
    page = chapter02
    box = page.locator(".jp-OutputArea .calf-quiz-question").first
    option = box.locator(".calf-choice-option").first
    away = box.locator(".calf-quiz-check")
    _focus_ring_shows(page, option, option.locator("input"), away)


def test_trainer_levels_are_a_named_group_and_the_score_is_announced(chapter02: Page) -> None:
    """The trainer's five levels are a radio group named by its question; a choice made with the
    keyboard is checked, Check's feedback and the score are written into live regions."""
    page = chapter02
    trainer = page.locator(".jp-OutputArea .calf-trainer")
    group = trainer.get_by_role(
        "radiogroup", name="Your call: what should happen for this person?", exact=True
    )
    radios = group.get_by_role("radio")
    expect(radios).to_have_count(len(Level))
    first = CONTENT.scenarios[0]
    wanted = sorted(Level, reverse=True).index(first.expected)
    _keyboard_to(page, radios.first)
    for _ in range(wanted):
        page.keyboard.press("ArrowDown")
    expect(radios.nth(wanted)).to_be_checked()
    _kernel_agrees(group)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    feedback = trainer.locator(f".calf-feedback-widget {LIVE}")
    expect(feedback).to_contain_text("Right:", use_inner_text=True)
    trainer.locator(".calf-next").click()
    score = trainer.locator(f".calf-trainer-score {LIVE}")
    expect(score).to_contain_text(f"Scenario 2 of {len(CONTENT.scenarios)}.", use_inner_text=True)


@pytest.fixture(scope="module")
def chapter03(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 03 opened in JupyterLab, every cell run."""
    yield from _chapter(jupyter_lab, open_page, "03_benefits")


def test_benefits_filter_is_a_named_group_whose_choice_is_checked(chapter03: Page) -> None:
    """The grade filter is a radio group named by its question, "All" checked at first; the
    arrow keys move the choice (checked state follows, ArrowLeft collapses nothing), and the
    count of benefits shown is announced in a live region."""
    page = chapter03
    explorer = page.locator(".jp-OutputArea .calf-benefits")
    explorer.scroll_into_view_if_needed()
    group = explorer.get_by_role("radiogroup", name=BENEFITS_QUESTION, exact=True)
    radios = group.get_by_role("radio")
    catalogue = load_benefits()
    expect(radios).to_have_count(1 + len(Grade))
    expect(radios.first).to_be_checked()
    # Each grade's chart shape is shown before its words but is not part of its name.
    for level in Grade:
        info, count = catalogue.grades[level], len(filter_by_grade(catalogue.benefits, [level]))
        expect(
            group.get_by_role("radio", name=f"{info.label} ({count})", exact=True)
        ).to_be_visible()
    marks = group.locator(".calf-choice-mark")
    expect(marks).to_have_text([catalogue.grades[g].icon for g in Grade])
    collapsed = _collapsed_sections(page)
    _keyboard_to(page, radios.first)
    page.keyboard.press("ArrowRight")
    first_grade = next(iter(Grade))
    expect(radios.nth(1)).to_be_checked()
    expect(radios.first).not_to_be_checked()
    status = explorer.locator(f".calf-benefits-status {LIVE}")
    shown = len(filter_by_grade(catalogue.benefits, [first_grade]))
    expect(status).to_contain_text(
        f"Showing {shown} of {len(catalogue.benefits)}" if shown else "Nothing to show",
        use_inner_text=True,
    )
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(radios.last).to_be_checked()
    expect(radios.last).to_be_focused()
    assert _collapsed_sections(page) == collapsed, "ArrowLeft collapsed a section"


def test_benefit_menu_keeps_its_arrow_keys(chapter03: Page) -> None:
    """In the Benefit menu (a drop-down list) ArrowDown picks the next benefit and ArrowLeft
    collapses nothing: the explorer keeps its keys inside JupyterLab."""
    page = chapter03
    explorer = page.locator(".jp-OutputArea .calf-benefits")
    explorer.get_by_role("radio", name=re.compile(r"^All")).check()
    _kernel_agrees(explorer.get_by_role("radiogroup", name=BENEFITS_QUESTION, exact=True))
    menu = explorer.get_by_role("combobox", name="Benefit:")
    expect(menu).to_be_enabled()  # the grade left by a test before may have emptied the menu
    before = menu.input_value()
    collapsed = _collapsed_sections(page)
    _keyboard_to(page, menu)
    page.keyboard.press("ArrowDown")
    expect(menu).not_to_have_value(before)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(menu).to_be_focused()
    assert _collapsed_sections(page) == collapsed, "ArrowLeft collapsed a section"


@pytest.fixture(scope="module")
def chapter04(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 04 opened in JupyterLab, every cell run."""
    yield from _chapter(jupyter_lab, open_page, "04_techniques")


def test_techniques_explorer_says_a_choice_in_one_live_line(chapter04: Page) -> None:
    """A setting chosen with the keyboard is heard once: the explorer's one live region names
    the setting and the technique shown; its cards (long) are shown, not read out."""
    page = chapter04
    explorer = page.locator(".jp-OutputArea .calf-techniques")
    explorer.scroll_into_view_if_needed()
    library = load_techniques()
    group = explorer.get_by_role("radiogroup", name="Setting: how will the massage be done?")
    roller = library.settings[Setting.ROLLER]
    radio = group.get_by_role("radio", name=roller.name, exact=True)
    _keyboard_to(page, group.get_by_role("radio").first)
    for _ in library.settings:  # the arrow keys move the choice, as in any radio group
        if radio.is_checked():
            break
        page.keyboard.press("ArrowRight")
    expect(radio).to_be_checked()
    status = explorer.locator(f".calf-techniques-status {LIVE}")
    expect(status).to_contain_text(f"{roller.name}: {len(roller.steps)} steps", use_inner_text=True)
    # Whatever marks a region as spoken: only the status line does, not the cards.
    spoken = "[role=status], [role=alert], [role=log], [aria-live]:not([aria-live=off])"
    expect(explorer.locator(spoken)).to_have_count(1)
    # A technique chosen from the menu (keyboard): the line names only it.
    menu = explorer.get_by_role("combobox", name="Technique:")
    # ipywidgets writes an option's spaces as no-break spaces.
    names = [n.replace("\xa0", " ") for n in menu.evaluate("s => [...s.options].map(o => o.text)")]
    now = names[menu.evaluate("s => s.selectedIndex")]
    other = next(t for t in library.used_in(Setting.ROLLER) if t.name != now)
    _keyboard_to(page, menu)
    menu.select_option(index=names.index(other.name))
    expect(status).to_have_text(f"Showing {other.name}.", use_inner_text=True)


@pytest.fixture(scope="module")
def chapter05(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 05 opened in JupyterLab, every cell run, with speech recorded, not spoken."""
    page = open_page()
    page.add_init_script(
        "window.calfSaid = [];"
        "if ('speechSynthesis' in window) {"
        "  window.speechSynthesis.speak = (u) => window.calfSaid.push(u.text);"
        "}"
    )
    yield from _chapter_on(page, jupyter_lab, "05_plan_your_session")


def _chapter_on(page: Page, lab: JupyterLabServer, name: str) -> Iterator[Page]:
    open_notebook(page, lab, f"notebooks/{name}.ipynb")
    run_all_cells(page)
    yield page
    close_page(page)
    lab.shut_down_kernels()


def test_planner_minutes_slider_has_a_name(chapter05: Page) -> None:
    """The planner's Minutes slider is found by its name, and its arrow keys change it."""
    page = chapter05
    planner = page.locator(".jp-OutputArea .calf-planner")
    planner.scroll_into_view_if_needed()
    slider = planner.get_by_role("slider", name="Minutes")
    expect(slider).to_have_count(1)
    before = slider.get_attribute("aria-valuenow")
    collapsed = _collapsed_sections(page)
    _keyboard_to(page, slider)
    page.keyboard.press("ArrowRight")
    expect(slider).not_to_have_attribute("aria-valuenow", before or "")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert _collapsed_sections(page) == collapsed, "ArrowLeft collapsed a section"


def test_player_announces_steps_not_seconds(chapter05: Page) -> None:
    """The player's live region names the step and whether it runs; it does not change while
    the seconds count down. Start and Next step work from the keyboard; sound and reading
    aloud are off until ticked, and once ticked the next step's cue is read aloud."""
    page = chapter05
    player = page.locator(".jp-OutputArea-output > .calf-player").first
    player.scroll_into_view_if_needed()
    sound = player.get_by_role("checkbox", name="Gentle sound at each new step")
    speak = player.get_by_role("checkbox", name="Read each step aloud")
    expect(sound).not_to_be_checked()
    expect(speak).not_to_be_checked()
    expect(player.get_by_role("group", name="Hands busy?")).to_be_visible()
    status = player.locator(f".calf-player-status {LIVE}")
    expect(status).to_contain_text("Step 1 of", use_inner_text=True)

    _keyboard_to(page, speak)
    page.keyboard.press("Space")
    expect(speak).to_be_checked()
    _settle(page)
    start = player.locator(".calf-start")
    _keyboard_to(page, start)
    page.keyboard.press("Enter")
    expect(status).to_contain_text("running", use_inner_text=True)
    said = status.inner_text()
    remaining = player.locator(".calf-remaining")
    counting = remaining.inner_text()
    expect(remaining).not_to_have_text(counting)  # the clock moved on ...
    assert status.inner_text() == said  # ... and the live region stayed quiet
    assert remaining.locator("[aria-live='off']").count() == 1

    page.wait_for_function("() => window.calfSaid.length > 0")  # step 1, on Start
    before = page.evaluate("() => window.calfSaid.length")
    _keyboard_to(page, player.locator(".calf-next-step"))
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Step 2 of", use_inner_text=True)
    page.wait_for_function("n => window.calfSaid.length > n", arg=before)
    spoken = page.evaluate("() => window.calfSaid.at(-1)")
    cue = player.locator(".calf-cue").inner_text()
    assert spoken.split(". ", 1)[1][:40] in " ".join(cue.split()), spoken
    _keyboard_to(page, player.locator(".calf-pause"))
    page.keyboard.press("Enter")
    expect(status).to_contain_text("paused", use_inner_text=True)


@pytest.fixture(scope="module")
def chapter06(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 06 opened in JupyterLab, every cell run."""
    yield from _chapter(jupyter_lab, open_page, "06_questions_people_ask")


def test_a_red_flag_ticked_is_answered_beside_the_box(chapter06: Page) -> None:
    """Ticking a red flag (with the keyboard) shows "No massage" right under its group, in view
    and in a live region, not only in the card far from the box."""
    page = chapter06
    picker = page.locator(".jp-OutputArea .calf-pain-picker")
    feeling = pain_guide().feelings["breathless-chest-pain"]
    titles = {g.id: g.title for g in pain_guide().groups}
    group = picker.get_by_role("group", name=titles[feeling.group], exact=True)
    box = group.get_by_role("checkbox", name=feeling.label, exact=True)
    expect(box).to_have_accessible_description(feeling.help)
    box.scroll_into_view_if_needed()
    _keyboard_to(page, box)
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    near = picker.locator(f".calf-pain-nearby {LIVE}").filter(has_text="No massage")
    expect(near).to_have_count(1)
    expect(near).to_contain_text("No massage: call for help now", use_inner_text=True)
    expect(near).to_be_in_viewport()
    gap = near.bounding_box()["y"] - box.bounding_box()["y"]  # type: ignore[index]
    assert 0 < gap < 400, f"the answer is {gap:.0f} px from the box ticked"
    # That line is the one announcement: the card of reasons is shown, not read out too.
    quiet = picker.locator(
        ":is(.calf-pain-card, .calf-pain-card *):is([role=status], [role=alert], [aria-live])"
    )
    expect(quiet).to_have_count(0)
    # Clear all (from the keyboard) says what it did beside the button, and keeps focus.
    clear = picker.get_by_role("button", name="Clear all")
    _keyboard_to(page, clear)
    page.keyboard.press("Enter")
    expect(box).not_to_be_checked()
    cleared = picker.locator(f".calf-pain-note {LIVE}")
    expect(cleared).to_have_text("Every box unticked. Nothing ticked yet.", use_inner_text=True)
    expect(clear).to_be_focused()


# The colours a learner sees, read from the page: an element's text, border and outline colour,
# and the first background behind it that is not transparent (the page's own at the end).
_COLOURS = """el => {
    const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
    let node = el, back = null;
    while (node && node.nodeType === 1) {
        const c = rgb(getComputedStyle(node).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) { back = c.slice(0, 3); break; }
        node = node.parentElement;
    }
    const s = getComputedStyle(el);
    return {
        text: rgb(s.color),
        border: rgb(s.borderTopColor),
        outline: rgb(s.outlineColor),
        back: back || [255, 255, 255],
    };
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: list[float], two: list[float]) -> float:
    """WCAG contrast ratio of a colour (rgb or rgba, drawn over ``two``) against ``two``."""
    if len(one) == 4:  # a see-through colour: what shows is a mix with the background
        one = [c * one[3] + b * (1 - one[3]) for c, b in zip(one[:3], two, strict=True)]
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _theme(page: Page, name: str, light: bool) -> None:
    page.evaluate(
        "t => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", name
    )
    page.wait_for_function(
        "light => document.body.dataset.jpThemeLight === String(light)", arg=light
    )
    page.wait_for_timeout(500)  # the theme's stylesheet is swapped after the attribute


@pytest.mark.parametrize(
    ("theme", "light"), [("JupyterLab Light", True), ("JupyterLab Dark", False)]
)
def test_choices_have_enough_contrast_in_light_and_dark_themes(
    chapter03: Page, theme: str, light: bool
) -> None:
    """In either theme: option text >= 4.5:1, the chosen option's border >= 3:1 and the focus
    ring >= 3:1 against what is behind them (WCAG AA text and non-text contrast)."""
    page = chapter03
    _theme(page, theme, light)
    try:
        group = page.locator(".jp-OutputArea .calf-benefits .calf-benefits-filter")
        chosen = group.locator(".calf-choice-option").filter(has=page.locator("input:checked"))
        other = group.locator(".calf-choice-option").filter(has=page.locator("input:not(:checked)"))
        on = chosen.first.evaluate(_COLOURS)
        off = other.first.evaluate(_COLOURS)
        _keyboard_to(page, chosen.first.locator("input"))
        ring = chosen.first.evaluate(_COLOURS)
        measured = {
            "text": contrast(off["text"], off["back"]),
            "chosen border": contrast(on["border"], on["back"]),
            "option border": contrast(off["border"], off["back"]),
            "focus ring": contrast(ring["outline"], ring["back"]),
        }
        print(theme, {k: round(v, 2) for k, v in measured.items()})
        assert measured["text"] >= 4.5, measured
        assert measured["chosen border"] >= 3, measured
        assert measured["focus ring"] >= 3, measured
    finally:
        _theme(page, "JupyterLab Light", True)


_CLIPPED = """root => [...root.querySelectorAll('.calf-choice-option, button, .widget-label')]
    .filter(n => n.offsetParent !== null)
    .filter(n => n.scrollWidth > n.clientWidth + 1 || n.getBoundingClientRect().right > 321)
    .map(n => n.textContent.trim().slice(0, 60))"""


def test_at_phone_width_nothing_of_the_trainer_or_wells_is_cut_off(chapter02: Page) -> None:
    """At 320 CSS px (JupyterLab in single-document mode, side bars closed) every Wells item
    with its points, every trainer option and every button shows in full, each radio keeps its
    circle."""
    page = chapter02
    page.set_viewport_size({"width": 320, "height": 640})
    page.evaluate(
        """async () => {
            await window.jupyterapp.commands.execute('application:set-mode',
                                                     {mode: 'single-document'});
            window.jupyterapp.shell.collapseLeft();
            window.jupyterapp.shell.collapseRight();
        }"""
    )
    try:
        for css in (".calf-wells", ".calf-trainer"):
            widget = page.locator(f".jp-OutputArea {css}")
            widget.scroll_into_view_if_needed()
            page.wait_for_timeout(300)  # two frames for the narrow layout
            assert widget.evaluate(_CLIPPED) == [], css
        points = page.locator(".jp-OutputArea .calf-wells .calf-choice-option").first
        points.scroll_into_view_if_needed()
        expect(points).to_contain_text("points)", use_inner_text=True)
        circles = page.locator(".jp-OutputArea .calf-trainer input[type='radio']")
        sizes = circles.evaluate_all("ns => ns.map(n => n.getBoundingClientRect().width)")
        assert sizes and min(sizes) >= 16, sizes
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.evaluate(
            "() => window.jupyterapp.commands.execute('application:set-mode', "
            "{mode: 'multiple-document'})"
        )


def test_planner_headings_nest_and_its_live_region_says_the_plan(chapter05: Page) -> None:
    """Inside the planner no heading level is skipped (the questionnaire and the player sit one
    level under the planner's title, beside Step 2 and Step 3), and the polite region above the
    choices says the plan, or that there is none, in words."""
    planner = chapter05.locator(".jp-OutputArea .calf-planner")
    levels = planner.evaluate(
        "n => [...n.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1])"
    )
    assert levels and levels[0] == 3, levels
    skipped = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert skipped == [], levels
    assert levels.count(3) == 1, levels  # the player is no longer a sibling of the planner
    said = planner.locator(f".calf-plan-screening {LIVE}")
    expect(said).to_contain_text(re.compile(r"(No plan|Plan: .* minutes, .* steps?)\b"))


def test_planner_safety_check_section_opens_and_closes_with_the_keyboard(chapter05: Page) -> None:
    """The planner's "Step 1" section title is a button saying whether it is open; Enter and
    Space fold and unfold it, and JupyterLab takes neither key (no cell is collapsed)."""
    page = chapter05
    planner = page.locator(".jp-OutputArea .calf-planner")
    title = planner.get_by_role("button", name=re.compile(r"^Step 1: safety check"))
    expect(title).to_have_attribute("aria-expanded", "true")
    title.scroll_into_view_if_needed()
    collapsed = _collapsed_sections(page)
    _keyboard_to(page, title)
    page.keyboard.press("Enter")
    expect(title).to_have_attribute("aria-expanded", "false")
    expect(planner.locator(".calf-questionnaire")).to_be_hidden()
    page.keyboard.press("Space")
    expect(title).to_have_attribute("aria-expanded", "true")
    expect(planner.locator(".calf-questionnaire")).to_be_visible()
    expect(title).to_be_focused()
    assert _collapsed_sections(page) == collapsed, "a key went to JupyterLab"


@pytest.fixture(scope="module")
def chapter01(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 01 opened in JupyterLab, every cell run."""
    yield from _chapter(jupyter_lab, open_page, "01_the_calf")


def test_a_practice_step_done_is_a_named_group_ticked_with_the_keyboard(chapter01: Page) -> None:
    """Each self-practice step's "I did step n" box is in a group named for its step; Space
    ticks it (JupyterLab does not take the key) and the arrow keys of its rating menu stay in
    the menu."""
    page = chapter01
    practice = page.locator(".jp-OutputArea .calf-self-practice")
    group = practice.get_by_role("group", name="Step 1 done?", exact=True)
    box = group.get_by_role("checkbox", name="I did step 1", exact=True)
    box.scroll_into_view_if_needed()
    collapsed = _collapsed_sections(page)
    _keyboard_to(page, box)
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    _kernel_agrees(group)
    menu = practice.get_by_role("combobox", name="Step 1 discomfort (0 to 10):")
    if menu.count():  # only activities that ask for a rating have one
        before = menu.input_value()
        _keyboard_to(page, menu)
        page.keyboard.press("ArrowDown")
        expect(menu).not_to_have_value(before)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert _collapsed_sections(page) == collapsed, "ArrowLeft collapsed a section"


@pytest.fixture(scope="module")
def chapter07(jupyter_lab: JupyterLabServer, open_page: Callable[[], Page]) -> Iterator[Page]:
    """Chapter 07 opened in JupyterLab, every cell run."""
    yield from _chapter(jupyter_lab, open_page, "07_final_check")


def test_progress_widgets_keep_their_keys_and_announce_what_happened(chapter07: Page) -> None:
    """The final check, the dashboard and the progress manager keep their keys in JupyterLab;
    Space on "Start again" without the tick says why nothing changed in a polite live region,
    and Refresh says the table was read again."""
    page = chapter07
    for css in ("calf-final-check", "calf-dashboard", "calf-progress-manager"):
        expect(page.locator(f".jp-OutputArea .calf-keys.{css}")).to_have_attribute(
            "data-lm-suppress-shortcuts", "true"
        )
    manager = page.locator(".jp-OutputArea .calf-progress-manager")
    # An ipywidgets button's name starts with its icon's glyph: matched by its end.
    reset = manager.get_by_role("button", name=re.compile(r"\bStart again$"))
    reset.scroll_into_view_if_needed()
    collapsed = _collapsed_sections(page)
    _keyboard_to(page, reset)
    page.keyboard.press("Space")
    status = manager.locator(f".calf-progress-status {LIVE}")
    expect(status).to_contain_text("tick 'Yes, I want to start again' first", use_inner_text=True)
    dashboard = page.locator(".jp-OutputArea .calf-keys.calf-dashboard")
    refresh = dashboard.get_by_role("button", name=re.compile(r"\bRefresh$"))
    _keyboard_to(page, refresh)
    page.keyboard.press("Enter")
    expect(dashboard.locator(f".calf-dashboard-refreshed {LIVE}")).to_contain_text("Read again")
    assert _collapsed_sections(page) == collapsed, "a key went to JupyterLab"
