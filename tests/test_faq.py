"""Tests for calflib.faq: the "why does it hurt?" picker's content, answers and card."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from content_files import copy_content, edit
from hypothesis import given
from hypothesis import strategies as st

from calflib.content_in_use import default_bank
from calflib.errors import ContentError, ContentProblems
from calflib.faq import (
    NO_MASSAGE,
    Concern,
    PainGuide,
    likely_reasons,
    load_pain_guide,
    pain_guide,
)
from calflib.faq_cards import pain_card
from calflib.model import Content
from calflib.packs import check_pack

GUIDE = pain_guide()
FEELINGS = list(GUIDE.feelings)
RED_FLAG_FEELINGS = [
    f.id
    for f in GUIDE.feelings.values()
    if any(GUIDE.reasons[r].concern.red_flag for r in f.reasons)
]
HOSTILE = "<img src=x onerror=alert(1)>"
# The same content with the reasons in the opposite file order: the built-in file happens to list
# them most serious first, and the answer must not depend on that.
REVERSED = replace(GUIDE, reasons=dict(reversed(GUIDE.reasons.items())))
GUIDES = st.sampled_from([GUIDE, REVERSED])


def visible_text(html: str) -> str:
    """The words a learner reads: icons (aria-hidden) and tags removed, spaces collapsed."""
    html = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_builtin_guide_has_every_part() -> None:
    """The built-in picker has all five concerns, its groups, and feelings pointing to reasons."""
    assert set(GUIDE.concerns) == set(Concern)
    assert len(GUIDE.groups) >= 4 and len(GUIDE.feelings) >= 15 and len(GUIDE.reasons) >= 8
    for feeling in GUIDE.feelings.values():
        assert feeling.reasons and feeling.label and feeling.group in {g.id for g in GUIDE.groups}


def test_every_reason_has_sources_that_resolve(content: Content) -> None:
    """Every reason cites at least one source, and every key (reasons and feelings) resolves."""
    for reason in GUIDE.reasons.values():
        assert reason.sources, reason.id
        assert set(reason.sources) <= set(content.sources), reason.id
    for feeling in GUIDE.feelings.values():
        assert set(feeling.sources) <= set(content.sources), feeling.id


def test_red_flag_titles_lead_with_no_massage() -> None:
    """The three red-flag concerns (like the questionnaire's REFER and EMERGENCY) are worded so
    that an answer led by them starts with 'No massage'; the milder two are not red flags."""
    for concern in (Concern.EMERGENCY, Concern.GET_CHECKED, Concern.SEE_CLINICIAN):
        assert concern.red_flag
        assert GUIDE.concerns[concern].title.startswith(NO_MASSAGE)
    for concern in (Concern.EASE_OFF, Concern.EVERYDAY):
        assert not concern.red_flag
        assert not GUIDE.concerns[concern].title.startswith(NO_MASSAGE)


@pytest.mark.parametrize(
    ("feeling", "concern", "first_reason"),
    [
        ("sore-after-workout", Concern.EVERYDAY, "doms"),
        ("night-cramps", Concern.EVERYDAY, "night-cramps"),
        ("ankles-puffy-evening", Concern.EVERYDAY, "end-of-day-puffiness"),
        ("pain-means-working", Concern.EASE_OFF, "too-much-pressure"),
        ("sudden-pain-recent", Concern.EASE_OFF, "fresh-strain"),
        ("old-injury-tender", Concern.EASE_OFF, "not-recovered"),
        ("back-of-knee", Concern.EASE_OFF, "sensitive-site"),
        ("heavy-aching-legs", Concern.EASE_OFF, "vein-problems"),
        ("itchy-skin-over-veins", Concern.EASE_OFF, "vein-problems"),
        ("ankles-stay-swollen", Concern.SEE_CLINICIAN, "swelling"),
        ("unexplained-pain-lump", Concern.SEE_CLINICIAN, "undiagnosed-pain"),
        ("lump-behind-knee", Concern.SEE_CLINICIAN, "bakers-cyst"),
        ("pain-on-walking", Concern.SEE_CLINICIAN, "poor-circulation"),
        ("fracture-healing", Concern.SEE_CLINICIAN, "healing-fracture"),
        ("fever-unwell", Concern.SEE_CLINICIAN, "fever"),
        ("one-calf-swollen", Concern.GET_CHECKED, "dvt"),
        ("deep-throbbing", Concern.GET_CHECKED, "dvt"),
        ("warm-red-one-calf", Concern.GET_CHECKED, "dvt"),
        ("hot-spreading-skin", Concern.GET_CHECKED, "cellulitis"),
        ("snap-cannot-walk", Concern.GET_CHECKED, "severe-injury"),
        ("pregnant-sudden-swelling", Concern.GET_CHECKED, "pre-eclampsia"),
        ("breathless-chest-pain", Concern.EMERGENCY, "clot-in-lungs"),
        ("tight-hard-calf", Concern.EMERGENCY, "compartment-syndrome"),
        ("leg-cold-pale", Concern.EMERGENCY, "blocked-artery"),
    ],
)
def test_one_feeling_gives_its_reason(feeling: str, concern: Concern, first_reason: str) -> None:
    """Each feeling leads to its expected reason and level of concern (the clinical table)."""
    answer = likely_reasons([feeling])
    assert answer.concern == concern
    assert answer.reasons[0].reason.id == first_reason
    assert answer.headline == GUIDE.concerns[concern].title


@given(st.lists(st.sampled_from(FEELINGS), unique=True), GUIDES)
def test_a_red_flag_anywhere_leads_with_no_massage(picked: list[str], guide: PainGuide) -> None:
    """Whatever else is ticked, a red flag makes the answer and its card lead with 'No massage',
    and no milder reason's advice is shown; without one, nothing says 'No massage' first."""
    answer = likely_reasons(picked, guide)
    card = pain_card(answer, guide)
    has_red_flag = any(f in RED_FLAG_FEELINGS for f in picked)
    assert answer.no_massage == has_red_flag
    assert answer.headline.startswith(NO_MASSAGE) == has_red_flag
    assert visible_text(card).startswith(NO_MASSAGE) == has_red_flag
    if has_red_flag:
        assert answer.reasons[0].reason.concern.red_flag
        assert "02_when_not_to_massage.ipynb" in card
        for item in answer.reasons:
            if not item.reason.concern.red_flag:
                assert item.reason.what_to_do not in visible_text(card)


@given(st.lists(st.sampled_from(FEELINGS), unique=True), GUIDES)
def test_reasons_come_most_serious_first_each_once(picked: list[str], guide: PainGuide) -> None:
    """Reasons are ordered by concern (most serious first), each listed once with its feelings."""
    answer = likely_reasons(picked, guide)
    concerns = [item.reason.concern for item in answer.reasons]
    assert concerns == sorted(concerns, reverse=True)
    expected = {r for f in picked for r in GUIDE.feelings[f].reasons}
    assert [item.reason.id for item in answer.reasons] == list(
        dict.fromkeys(item.reason.id for item in answer.reasons)
    )
    assert {item.reason.id for item in answer.reasons} == expected
    for item in answer.reasons:
        pointing = {f for f in picked if item.reason.id in GUIDE.feelings[f].reasons}
        assert {f.id for f in item.because} == pointing
    assert answer.concern == (max(concerns) if concerns else None)


@given(st.lists(st.sampled_from(FEELINGS), unique=True), st.sampled_from(FEELINGS))
def test_ticking_more_never_lowers_the_concern(picked: list[str], extra: str) -> None:
    """Ticking one more box can raise the level of concern but never lower it."""
    before = likely_reasons(picked).concern
    after = likely_reasons([*picked, extra]).concern
    assert after is not None
    assert before is None or after >= before


def test_nothing_ticked() -> None:
    """With nothing ticked the answer has no concern and the card asks the learner to tick."""
    answer = likely_reasons([])
    assert answer.concern is None and not answer.reasons and not answer.no_massage
    assert "Nothing ticked yet" in pain_card(answer)


def test_unknown_feeling_is_refused_with_a_hint() -> None:
    """An unknown feeling id raises ValueError suggesting the closest one."""
    with pytest.raises(
        ValueError, match=r"unknown feeling 'night-cramp'.*did you mean 'night-cramps'"
    ):
        likely_reasons(["night-cramp"])


# --- Broken and hostile content -------------------------------------------------------------------


@pytest.fixture
def faq_dir(tmp_path: Path) -> Path:
    """A writable copy of faq.toml."""
    return copy_content(tmp_path, "faq.toml")


def _edit(folder: Path, old: str, new: str) -> None:
    edit(folder / "faq.toml", old, new)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'reasons = ["doms"]',
            'reasons = ["dom"]',
            r"faq.toml: feeling 'sore-after-workout': field 'reasons': unknown reason 'dom' "
            r"\(did you mean 'doms'\?\)",
        ),
        (
            'sources = ["S17", "S18", "S28"]',
            'sources = ["S17", "S18", "S2"]',
            r"reason 'doms': field 'sources': unknown source key 'S2'",
        ),
        (
            'title = "Soreness after exercise (DOMS)"\nconcern = "everyday"',
            'title = "Soreness after exercise (DOMS)"\nconcern = "everday"',
            r"reason 'doms': field 'concern': 'everday' is not one of .*did you mean 'everyday'",
        ),
        (
            'group = "end-of-day"\nlabel = "Cramps',
            'group = "end-of-days"\nlabel = "Cramps',
            r"feeling 'night-cramps': field 'group': unknown group 'end-of-days' "
            r"\(did you mean 'end-of-day'\?\)",
        ),
        (
            'id = "doms"\ntitle',
            'id = "doms"\ntitel = "x"\ntitle',
            r"reason 'doms': field 'titel': unknown field \(did you mean 'title'\?\)",
        ),
        (
            'title = "No massage: get it checked today"',
            'title = "Get it checked today"',
            r"concern 'get_checked': field 'title': .*must start with 'No massage'",
        ),
        (
            'title = "No massage for now: see a clinician first (not an emergency)"',
            'title = "See a clinician first (not an emergency)"',
            r"concern 'see_clinician': field 'title': .*must start with 'No massage'",
        ),
        (
            'id = "everyday"\nicon',
            'id = "ease_off"\nicon',
            r"concern 'ease_off': field 'id': concern 'ease_off' is defined twice",
        ),
        (
            'id = "night-cramps"\ngroup',
            'id = "ankles-puffy-evening"\ngroup',
            r"feeling 'ankles-puffy-evening': field 'id': feeling 'ankles-puffy-evening' is used "
            "twice",
        ),
    ],
)
def test_broken_content_names_file_entry_and_field(
    faq_dir: Path, old: str, new: str, message: str
) -> None:
    """Mistakes in faq.toml are reported with the file, the entry, the field and a hint."""
    _edit(faq_dir, old, new)
    with pytest.raises(ContentError, match=message):
        load_pain_guide(faq_dir)


@pytest.mark.parametrize(
    ("old", "new", "entry", "field", "message"),
    [
        (
            'findings = ["doms_both_calves"]',
            'findings = ["doms_both_calf"]',
            "feeling 'sore-after-workout'",
            "findings",
            "unknown finding 'doms_both_calf' (did you mean 'doms_both_calves'?)",
        ),
        (
            'findings = ["doms_both_calves"]',
            'findings = "doms_both_calves"',
            "feeling 'sore-after-workout'",
            "findings",
            "expected a list of texts in quotes",
        ),
        (
            "days_since_injury = 21",
            "days_since_injury = -1",
            "feeling 'old-injury-tender'",
            "days_since_injury",
            "must be at least 0",
        ),
        (
            'findings = ["doms_both_calves"]',
            'findings = ["doms_both_calves"]\ndays_since_injury = 2',
            "feeling 'sore-after-workout'",
            "days_since_injury",
            "only a feeling whose findings include a timed finding (recent_strain)",
        ),
    ],
)
def test_broken_findings_name_the_feeling_and_field(
    faq_dir: Path, old: str, new: str, entry: str, field: str, message: str
) -> None:
    """A feeling's screening findings must exist (with a hint), and days since an injury only go
    with a timed finding; the error names the entry and the field."""
    _edit(faq_dir, old, new)
    with pytest.raises(ContentError) as caught:
        load_pain_guide(faq_dir)
    assert (caught.value.file, caught.value.entry, caught.value.field) == (
        "faq.toml",
        entry,
        field,
    )
    assert message in caught.value.problem


def test_several_broken_entries_are_all_reported(faq_dir: Path) -> None:
    """Two broken entries give one ContentProblems listing both."""
    _edit(faq_dir, 'reasons = ["doms"]', 'reasons = ["dom"]')
    _edit(faq_dir, 'reasons = ["fresh-strain"]', 'reasons = ["fresh-stain"]')
    with pytest.raises(ContentProblems) as caught:
        load_pain_guide(faq_dir)
    assert len(caught.value.problems) == 2


def test_a_reason_nothing_points_to_is_refused(faq_dir: Path) -> None:
    """A reason no feeling leads to is reported, so content never silently goes unused."""
    _edit(faq_dir, 'reasons = ["not-recovered"]', 'reasons = ["fresh-strain"]')
    with pytest.raises(ContentError, match="reasons no feeling points to: not-recovered"):
        load_pain_guide(faq_dir)


def hostile_guide(folder: Path) -> PainGuide:
    """The built-in guide with a label, help, title and advice replaced by markup."""
    for old, new in [
        ('label = "One calf newly swollen, or bigger than the other"', f'label = "{HOSTILE}"'),
        (
            'help = "Compare both legs; the swelling is often at the back of the calf. Swelling '
            'only around a fresh strain or knock belongs to the injury feelings."',
            f'help = "{HOSTILE}"',
        ),
        (
            'title = "A possible blood clot in the leg (deep vein thrombosis, DVT)"',
            f'title = "{HOSTILE}"',
        ),
    ]:
        _edit(folder, old, new)
    return load_pain_guide(folder)


def test_teacher_text_is_escaped_in_the_card(faq_dir: Path) -> None:
    """Markup in content is shown as text, never as HTML."""
    guide = hostile_guide(faq_dir)
    card = pain_card(likely_reasons(["one-calf-swollen"], guide), guide)
    assert HOSTILE not in card
    assert "&lt;img src=x onerror=alert(1)&gt;" in card


# --- Chapter 06 notebook and the teacher's guide ------------------------------------------------
# (Kept here because the picker, chapter 06 and the guide were written together; they check text
# files, not a module, and could move to a tests/test_docs.py.)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_questions_people_ask.ipynb"
GUIDE_MD = ROOT / "docs" / "teachers-guide.md"
_KEY_GROUP = re.compile(r"\[(S\d+[a-z]?(?:,\s*S\d+[a-z]?)*)\]")


def _cited(text: str) -> set[str]:
    return {k.strip() for group in _KEY_GROUP.findall(text) for k in group.split(",")}


def _markdown_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _plain(text: str) -> str:
    return " ".join(text.replace("'", '"').split())


def test_chapter_06_objectives_match_the_question_bank() -> None:
    """Every chapter-06 objective in the bank is stated word for word at the top of the chapter."""
    objectives = [o for o in default_bank().objectives.values() if o.chapter == NOTEBOOK.stem]
    assert len(objectives) >= 3
    stated = _plain(next(c for c in _markdown_cells(NOTEBOOK) if "## What you will learn" in c))
    for objective in objectives:
        assert _plain(objective.text) in stated, objective.id


def test_chapter_06_cites_only_listed_sources(content: Content) -> None:
    """Every key cited in chapter 06 resolves and appears in its Sources section."""
    cells = _markdown_cells(NOTEBOOK)
    sources_cell = next(c for c in cells if c.startswith("## Sources"))
    cited = set().union(*(_cited(c) for c in cells if c is not sources_cell))
    listed = set(re.findall(r"^- \*\*(S\d+[a-z]?)\*\*", sources_cell, flags=re.M))
    assert cited and cited <= set(content.sources)
    assert cited == listed


def _guide() -> str:
    return GUIDE_MD.read_text(encoding="utf-8")


def _outside_code(text: str) -> str:
    return re.sub(r"```.*?```", "", text, flags=re.S)


def test_guide_cites_only_known_sources_and_lists_them(content: Content) -> None:
    """Every key the guide cites resolves, and its closing table lists exactly those keys."""
    text = _guide()
    body, _, table = text.partition("## Sources used in this guide")
    cited = _cited(body)
    assert cited and cited <= set(content.sources)
    assert set(re.findall(r"^\| (S\d+[a-z]?) \|", table, flags=re.M)) == cited


def test_guide_headings_are_in_order_and_links_resolve() -> None:
    """One H1, no skipped heading levels, and every in-page link points to a heading."""
    text = _outside_code(_guide())
    headings = re.findall(r"^(#+) (.+)$", text, flags=re.M)
    levels = [len(h) for h, _ in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    slugs = {re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-") for _, title in headings}
    anchors = re.findall(r"\]\(#([^)]+)\)", text)
    assert anchors and set(anchors) <= slugs


def test_guide_tables_have_header_rows() -> None:
    """Every table starts with a header row and a separator, and every row has the same cells."""
    lines = _outside_code(_guide()).splitlines()
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|") and not (i and lines[i - 1].startswith("|")):
            tables += 1
            assert re.fullmatch(r"\|(---\|)+", lines[i + 1]), line
            width = line.count("|")
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                assert lines[j].count("|") == width, lines[j]
                j += 1
    assert tables >= 8


def test_guide_example_pack_passes_the_check(tmp_path: Path) -> None:
    """The scenario, question and source examples in the guide form a pack with no problems."""
    blocks = re.findall(r"```toml\n(.*?)```", _guide(), flags=re.S)
    files = {"scenarios": "[[scenario]]", "questions": "[[objective]]", "sources": "[[source]]"}
    pack = tmp_path / "guide-pack"
    pack.mkdir()
    for name, marker in files.items():
        (block,) = [b for b in blocks if b.startswith(marker)]
        (pack / f"{name}.toml").write_text(block, encoding="utf-8")
    assert check_pack(pack) == []
