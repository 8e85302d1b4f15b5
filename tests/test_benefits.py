"""Tests for calflib.benefits: content pinned to the fact sheet, validation and the filter."""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources
from pathlib import Path

import pytest
from content_files import copy_content, edit
from hypothesis import given
from hypothesis import strategies as st

from calflib.benefits import Benefit, BenefitCatalogue, Grade, filter_by_grade, load_benefits
from calflib.errors import ContentError
from calflib.model import Content

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_benefits.ipynb"

#: The benefits the issue asks for: the source article's five, plus DOMS, clots and warming.
ARTICLE_CLAIMS = {"circulation", "pain_relief", "flexibility", "injury_prevention", "scar_tissue"}
ISSUE_CLAIMS = ARTICLE_CLAIMS | {"doms", "dvt_prevention", "warms_muscle"}


@pytest.fixture(scope="module")
def catalogue() -> BenefitCatalogue:
    """The built-in benefits."""
    return load_benefits()


@pytest.fixture
def benefits_dir(tmp_path: Path) -> Path:
    """A writable copy of the whole built-in content folder (benefits cite sources.toml)."""
    return copy_content(tmp_path / "content")


def _edit(folder: Path, old: str, new: str) -> None:
    edit(folder / "benefits.toml", old, new)


# --- Content pinned to the fact sheet ------------------------------------------------------------


def test_every_benefit_in_the_issue_exists(catalogue: BenefitCatalogue) -> None:
    """The article's five claims, DOMS, DVT prevention and warming are all there."""
    assert set(catalogue.ids) >= ISSUE_CLAIMS
    assert {b.id for b in catalogue.benefits if b.from_article} == ARTICLE_CLAIMS
    assert {"trigger_points", "performance_recovery", "massage_guns", "compression_boots"} <= set(
        catalogue.ids
    )


@pytest.mark.parametrize(
    ("benefit_id", "grade"),
    [
        ("circulation", Grade.CONTRADICTED),
        ("doms", Grade.MODERATE),
        ("injury_prevention", Grade.NONE),
        ("pain_relief", Grade.NONE),
        ("flexibility", Grade.MODERATE),
        ("scar_tissue", Grade.NONE),
        ("dvt_prevention", Grade.LIMITED),
        ("warms_muscle", Grade.LIMITED),
        ("trigger_points", Grade.LIMITED),
        ("performance_recovery", Grade.LIMITED),
        ("massage_guns", Grade.LIMITED),
        ("compression_boots", Grade.LIMITED),
    ],
)
def test_grades_match_the_fact_sheet(
    catalogue: BenefitCatalogue, benefit_id: str, grade: Grade
) -> None:
    """Each main grade is the fact sheet's verdict for the claim as popularly made.

    "Reduces pain" is the article's claim about pain left after an injury: no study tested it, so
    it is "none"; soreness after exercise (moderate) is its own row and does not lend its grade.
    """
    assert catalogue.get(benefit_id).grade == grade


@pytest.mark.parametrize(
    ("benefit_id", "grade", "words"),
    [
        ("circulation", Grade.LIMITED, "skin"),
        ("flexibility", Grade.LIMITED, "lasting"),
        ("scar_tissue", Grade.LIMITED, "skin"),
        ("dvt_prevention", Grade.STRONG, "IPC"),
        ("warms_muscle", Grade.NONE, "warming the muscle"),
    ],
)
def test_split_grades_match_the_fact_sheet(
    catalogue: BenefitCatalogue, benefit_id: str, grade: Grade, words: str
) -> None:
    """Where the fact sheet splits a grade, the differently graded part is kept beside it."""
    splits = catalogue.get(benefit_id).splits
    assert [(s.grade, words in s.label) for s in splits] == [(grade, True)]


@pytest.mark.parametrize(
    ("benefit_id", "numbers"),
    [
        ("circulation", ["3,178", "4,203", "10 people", "13 people", "12 people"]),
        ("doms", ["504", "\N{MINUS SIGN}1.16", "1,012", "99 studies", "24, 48 and 72 hours"]),
        ("flexibility", ["0.74", "0.82", "4%", "g = 0.34", "3 \N{MULTIPLICATION SIGN} 60 seconds"]),
        ("dvt_prevention", ["2,876", "12.1%", "8.5%", "165", "0.79%", "6.52%"]),
        ("warms_muscle", ["5%", "d = \N{MINUS SIGN}0.66", "3 minutes", "18 people"]),
        ("trigger_points", ["0.67", "\N{MINUS SIGN}0.22", "28%", "198"]),
        ("scar_tissue", ["144 patients", "10 publications"]),
        ("performance_recovery", ["22 randomised", "5 to 12 minutes"]),
        ("massage_guns", ["13 and 11 studies"]),
        ("compression_boots", ["17 studies", "319"]),
    ],
)
def test_studies_carry_the_fact_sheet_numbers(
    catalogue: BenefitCatalogue, benefit_id: str, numbers: list[str]
) -> None:
    """What studies measured is given with the fact sheet's numbers (n, SMD, %, durations)."""
    benefit = catalogue.get(benefit_id)
    text = " ".join(f"{s.design} {s.found}" for s in benefit.studies)
    assert [n for n in numbers if n not in text] == []


def test_contradicted_only_where_a_study_found_the_opposite(catalogue: BenefitCatalogue) -> None:
    """A 'contradicted' grade names the study that found the opposite; 'no change' is not enough."""
    graded = [b for b in catalogue.benefits if b.grade == Grade.CONTRADICTED]
    graded += [b for b in catalogue.benefits for s in b.splits if s.grade == Grade.CONTRADICTED]
    assert graded, "no contradicted claim left to check"
    for b in graded:
        assert any(s.found.startswith("The opposite of the claim") for s in b.studies), b.id


def test_circulation_tells_arterial_inflow_from_venous_return(catalogue: BenefitCatalogue) -> None:
    """The circulation grade is about blood flowing into the muscle, not venous return."""
    b = catalogue.get("circulation")
    assert "arter" in b.grade_note and "venous return" in b.grade_note
    assert "venous return" in b.mechanism


def test_pain_relief_rests_on_evidence_about_injury_pain(catalogue: BenefitCatalogue) -> None:
    """'Reduces pain' is about pain after an injury; its grade note points to the DOMS row."""
    b = catalogue.get("pain_relief")
    assert "injury" in b.claim and "injury" in b.grade_note
    assert "own row" in b.grade_note and "doms" in b.related
    assert Grade.MODERATE not in {s.grade for s in b.splits}


#: The chapter's rule of thumb for standardised effect sizes (SMD, d, g, effect size).
_SIZE = re.compile(
    r"(?:SMD|ES|effect size|\bd =|\bg =)\s*"
    r"(?P<value>[\N{MINUS SIGN}-]?\d+\.\d+)[,:;]?\s*(?P<words>[^)]*)\)"
)


def _size_word(value: float) -> str:
    size = abs(value)
    return "large" if size >= 0.8 else "medium" if size >= 0.5 else "small"


def test_effect_sizes_are_described_by_the_rule_of_thumb(catalogue: BenefitCatalogue) -> None:
    """Every effect size in a study says small, medium or large, as the rule of thumb does."""
    seen = 0
    for b in catalogue.benefits:
        for s in b.studies:
            for m in _SIZE.finditer(s.found):
                value = float(m["value"].replace("\N{MINUS SIGN}", "-"))
                assert _size_word(value) in m["words"], (b.id, s.name, m.group(0))
                seen += 1
    assert seen >= 7


def test_moderate_grades_say_why_not_strong(catalogue: BenefitCatalogue) -> None:
    """A moderate grade whose pooled effect is large explains why (small trials, bias)."""
    doms = catalogue.get("doms")
    assert "large" in doms.grade_note and "small" in doms.grade_note
    assert "published" in doms.grade_note
    assert "not strong" in catalogue.get("flexibility").grade_note


def test_clot_prevention_says_what_helps_instead(catalogue: BenefitCatalogue) -> None:
    """Correcting 'massage prevents DVT' comes with the NHS advice on what to do instead."""
    b = catalogue.get("dvt_prevention")
    advice = b.worth_doing_for
    for words in ("every half hour", "10 times", "walk", "water", "stockings", "medicines"):
        assert words in advice, words
    assert {"S74", "S74b", "S34", "S35a", "S57"} <= set(b.all_sources)


def test_every_benefit_is_complete(catalogue: BenefitCatalogue) -> None:
    """Each benefit has a claim, mechanism, studies, bottom line and what it is worth doing for."""
    for b in catalogue.benefits:
        assert b.claim and b.mechanism and b.bottom_line and b.worth_doing_for, b.id
        assert b.studies and all(s.sources for s in b.studies), b.id
        assert b.sources, b.id


def test_every_source_key_resolves(catalogue: BenefitCatalogue, content: Content) -> None:
    """Benefits, studies, splits and myths cite only keys in the bibliography (never S5 etc.)."""
    used = {key for b in catalogue.benefits for key in b.all_sources}
    used |= {key for m in catalogue.myths for key in m.sources}
    assert used, "benefits cite no sources"
    assert used <= set(content.sources), sorted(used - set(content.sources))
    assert all(m.sources for m in catalogue.myths)


def test_notebook_source_keys_resolve(content: Content) -> None:
    """Every [S..] key cited in chapter 03 is in the bibliography."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    cited = set(re.findall(r"\bS\d+[a-z]?\b", text))
    assert len(cited) >= 20
    assert cited <= set(content.sources), sorted(cited - set(content.sources))


def test_myths_follow_section_six(catalogue: BenefitCatalogue) -> None:
    """The nine unsupported popular claims are listed, five of them tied to their benefit."""
    assert len(catalogue.myths) == 9
    tied = {m.benefit for m in catalogue.myths if m.benefit}
    assert tied == {
        "circulation",
        "scar_tissue",
        "warms_muscle",
        "injury_prevention",
        "dvt_prevention",
    }
    assert [m.id for m in catalogue.myths_for("circulation")] == ["flushes_toxins"]
    assert catalogue.myths_for("doms") == ()


def test_related_benefits_exist(catalogue: BenefitCatalogue) -> None:
    """'See also' links point at other benefits."""
    for b in catalogue.benefits:
        assert all(catalogue.get(ref) is not b for ref in b.related)


def test_every_grade_is_described_with_a_distinct_icon(catalogue: BenefitCatalogue) -> None:
    """All five grades have words, a meaning and their own icon shape."""
    assert set(catalogue.grades) == set(Grade)
    assert len({info.icon for info in catalogue.grades.values()}) == 5
    assert all(info.label and info.meaning for info in catalogue.grades.values())


def test_default_catalogue_is_cached() -> None:
    """The built-in benefits are parsed once."""
    assert load_benefits() is load_benefits()


# --- Grades --------------------------------------------------------------------------------------


def test_grades_are_ordered_by_support() -> None:
    """contradicted < none < limited < moderate < strong."""
    assert sorted(Grade, key=int) == [
        Grade.CONTRADICTED,
        Grade.NONE,
        Grade.LIMITED,
        Grade.MODERATE,
        Grade.STRONG,
    ]
    assert Grade.CONTRADICTED < Grade.NONE < Grade.STRONG


def test_grade_keys_parse_and_unknown_ones_suggest() -> None:
    """Grade names parse case-insensitively; a misspelt one gets a did-you-mean hint."""
    assert all(Grade.from_key(g.key.upper()) is g for g in Grade)
    with pytest.raises(ValueError, match=r"unknown grade 'moderat'.*did you mean 'moderate'"):
        Grade.from_key("moderat")


# --- Validation ----------------------------------------------------------------------------------


def test_copy_of_the_content_loads(benefits_dir: Path, catalogue: BenefitCatalogue) -> None:
    """A copied content folder loads to the same benefits."""
    assert load_benefits(benefits_dir).ids == catalogue.ids


def test_misspelt_grade_names_file_entry_field_and_suggests(benefits_dir: Path) -> None:
    """A misspelt grade says where it is and which grade was meant."""
    _edit(benefits_dir, 'grade = "contradicted"', 'grade = "contradictd"')
    with pytest.raises(ContentError) as info:
        load_benefits(benefits_dir)
    message = str(info.value)
    assert message.startswith("benefits.toml: benefit 'circulation': field 'grade'")
    assert "did you mean 'contradicted'" in message
    assert info.value.field == "grade"


def test_unknown_source_key_in_a_study_is_located(benefits_dir: Path) -> None:
    """A bad key inside [[benefit.study]] names the benefit, the study and the nearest key."""
    _edit(benefits_dir, 'sources = ["S16"]', 'sources = ["s16"]')
    with pytest.raises(
        ContentError,
        match=r"benefit 'circulation' \[\[study\]\] #1: field 'sources': unknown source key 's16'"
        r" \(did you mean 'S16'\?\)",
    ):
        load_benefits(benefits_dir)


def test_group_source_key_is_refused(benefits_dir: Path) -> None:
    """A group key such as S5 (not in the bibliography) is refused."""
    _edit(benefits_dir, '"S5a", "S5c", "S7a", "S3", "S74"', '"S5", "S7a", "S3", "S74"')
    with pytest.raises(ContentError, match=r"benefit 'dvt_prevention': field 'sources'.*'S5'"):
        load_benefits(benefits_dir)


def test_misspelt_field_is_refused(benefits_dir: Path) -> None:
    """An unknown field is never ignored."""
    _edit(benefits_dir, "bottom_line = ", "botom_line = ")
    with pytest.raises(
        ContentError, match=r"field 'botom_line': unknown field \(did you mean 'bottom_line'\?\)"
    ):
        load_benefits(benefits_dir)


def test_missing_field_says_what_to_add(benefits_dir: Path) -> None:
    """A missing required field names itself."""
    _edit(benefits_dir, 'name = "Improves circulation"\n', "")
    with pytest.raises(ContentError, match=r"benefit 'circulation': field 'name': missing"):
        load_benefits(benefits_dir)


def test_duplicate_id_is_refused(benefits_dir: Path) -> None:
    """Two benefits with one id are refused."""
    _edit(benefits_dir, 'id = "pain_relief"', 'id = "circulation"')
    with pytest.raises(ContentError, match=r"'circulation' is used twice"):
        load_benefits(benefits_dir)


def test_split_with_the_main_grade_is_refused(benefits_dir: Path) -> None:
    """A split that repeats the main grade says so."""
    _edit(
        benefits_dir,
        'label = "skin blood flow and warmth"\ngrade = "limited"',
        'label = "skin blood flow and warmth"\ngrade = "contradicted"',
    )
    with pytest.raises(ContentError, match=r"\[\[split\]\] #1: field 'grade': is the same"):
        load_benefits(benefits_dir)


def test_unknown_benefit_in_a_myth_or_related_is_refused(benefits_dir: Path) -> None:
    """Links between entries must point at real benefit ids."""
    _edit(benefits_dir, 'benefit = "circulation"', 'benefit = "circulaton"')
    with pytest.raises(
        ContentError,
        match=r"myth 'flushes_toxins': field 'benefit'.*did you mean 'circulation'",
    ):
        load_benefits(benefits_dir)


def test_unknown_related_benefit_is_refused(benefits_dir: Path) -> None:
    """A 'related' id that does not exist is named with a hint."""
    _edit(benefits_dir, 'related = ["doms", "trigger_points"]', 'related = ["dom"]')
    with pytest.raises(ContentError, match=r"field 'related': unknown benefit 'dom'.*'doms'"):
        load_benefits(benefits_dir)


def test_duplicate_grade_description_is_refused(benefits_dir: Path) -> None:
    """A grade described twice is refused."""
    _edit(benefits_dir, '[[grade]]\nid = "strong"', '[[grade]]\nid = "moderate"')
    with pytest.raises(ContentError, match=r"grade 'moderate' is described twice"):
        load_benefits(benefits_dir)


def test_missing_grade_description_is_named(benefits_dir: Path) -> None:
    """All five grades must be described."""
    path = benefits_dir / "benefits.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[grade]]\nid = "strong"')
    end = text.index("[[grade]]", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match=r"^benefits.toml: no \[\[grade\]\] entry for strong"):
        load_benefits(benefits_dir)


def test_a_benefit_needs_studies(benefits_dir: Path) -> None:
    """A benefit without any [[benefit.study]] is refused."""
    path = benefits_dir / "benefits.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[benefit.study]]\nname = "Weerapong 2005"')
    end = text.index("[[benefit]]", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match=r"benefit 'injury_prevention': field 'study': missing"):
        load_benefits(benefits_dir)


def test_toml_syntax_error_names_the_file(benefits_dir: Path) -> None:
    """Broken TOML names the file and the line."""
    (benefits_dir / "benefits.toml").write_text('[[benefit]]\nid = "x\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"^benefits.toml: not valid TOML: .*line 2"):
        load_benefits(benefits_dir)


def test_benefits_file_is_shipped_as_package_data() -> None:
    """benefits.toml is inside the installed package."""
    assert (resources.files("calflib.content") / "benefits.toml").is_file()


# --- Filtering -----------------------------------------------------------------------------------


def _fake(grades: list[Grade], template: Benefit) -> list[Benefit]:
    return [
        dataclasses.replace(template, id=f"b{i}", grade=g, splits=()) for i, g in enumerate(grades)
    ]


@given(
    grades=st.lists(st.sampled_from(list(Grade)), max_size=20),
    wanted=st.sets(st.sampled_from(list(Grade))),
    as_text=st.booleans(),
)
def test_filter_returns_exactly_the_benefits_with_those_grades(
    grades: list[Grade], wanted: set[Grade], as_text: bool
) -> None:
    """Filtering by any set of grades keeps exactly the matching benefits, in their order."""
    benefits = _fake(grades, load_benefits().benefits[0])
    query = [g.key for g in wanted] if as_text else wanted
    result = filter_by_grade(benefits, query)
    assert list(result) == [b for b in benefits if b.grade in wanted]


@given(wanted=st.sets(st.sampled_from(list(Grade))))
def test_filters_partition_the_catalogue(wanted: set[Grade]) -> None:
    """A set of grades and its complement split the built-in benefits between them."""
    benefits = load_benefits().benefits
    rest = set(Grade) - wanted
    kept, dropped = filter_by_grade(benefits, wanted), filter_by_grade(benefits, rest)
    assert len(kept) + len(dropped) == len(benefits)
    assert not set(kept) & set(dropped)


def test_filter_refuses_unknown_grade_names(catalogue: BenefitCatalogue) -> None:
    """A misspelt grade name in a filter gets a hint, not an empty list."""
    with pytest.raises(ValueError, match="did you mean 'limited'"):
        filter_by_grade(catalogue.benefits, ["limitted"])
