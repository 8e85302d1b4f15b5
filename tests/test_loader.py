"""Tests for calflib.loader: the built-in content validates, and broken content fails clearly."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from content_files import edit

from calflib import loader
from calflib.errors import ContentError
from calflib.loader import CONTENT_FILES, builtin_folder, load_content, read_toml
from calflib.model import Content, Level

FACT_SHEET = Path(__file__).resolve().parents[2] / "shared" / "reference" / "clinical-factsheet.md"


def test_built_in_content_loads(content: Content) -> None:
    """Every built-in file validates and the catalogue covers all five levels."""
    assert len(content.findings) >= 20
    assert {f.level for f in content.findings.values()} == set(Level)
    assert set(content.levels) == set(Level)
    assert len(content.scenarios) >= 15


def test_every_source_key_used_resolves(content: Content) -> None:
    """Findings, scenarios and the Wells rules cite only keys that exist in the bibliography."""
    used = {key for f in content.findings.values() for key in f.sources}
    used |= {key for s in content.scenarios for key in s.sources}
    used |= {key for item in content.wells_items for key in item.sources}
    used |= set(content.wells_rules.sources)
    assert used, "content cites no sources at all"
    assert used <= set(content.sources), sorted(used - set(content.sources))


def test_every_medical_statement_has_sources(content: Content) -> None:
    """No finding or scenario is without at least one source key."""
    assert all(f.sources for f in content.findings.values())
    assert all(s.sources for s in content.scenarios)


#: Keys the workbook adds to the fact sheet's source list, each with the reference the fact sheet
#: itself names in its text (so the addition is traceable to the sheet, never invented).
WORKBOOK_KEYS = {"S76": "349:1227-35", "S77": "295(2):199-207"}
#: ...of which the fact sheet names these in its text (S77 is the review the three-level figures
#: come from; its bibliography note says so and asks a clinician to confirm them).
SHEET_NAMED = {"S76"}


@pytest.mark.skipif(not FACT_SHEET.is_file(), reason=f"fact sheet not found at {FACT_SHEET}")
def test_bibliography_matches_the_fact_sheet(content: Content) -> None:
    """Bibliography keys are the fact sheet's source list plus the workbook's named additions."""
    sheet = FACT_SHEET.read_text(encoding="utf-8")
    listing = sheet.split("## Source list", 1)[1].split("**Gaps", 1)[0]
    sheet_keys = set(re.findall(r"\bS\d+[a-z]?\b", listing))
    assert not sheet_keys & set(WORKBOOK_KEYS)
    assert set(content.sources) == sheet_keys | set(WORKBOOK_KEYS)
    for key, reference in WORKBOOK_KEYS.items():
        assert reference in content.sources[key].title, key
        assert (reference in sheet) == (key in SHEET_NAMED), key
        assert "Added by the workbook" in content.sources[key].note, key


#: Sources the fact sheet tags [T] or [W] that are a business's own pages (spas, massage
#: businesses, clinics, a shop, a painkiller brand), and web critiques it files under a paper.
BUSINESS_PAGES = {"S7c", "S7d", "S12a", "S12b", "S36b", "S36c", "S36d", "S36e", "S37a", "S37b"}
BUSINESS_PAGES |= {"S39c", "S42a", "S50b"}
COMMENTARIES = {"S17b", "S19b"}


def test_source_kinds_say_what_a_source_is(content: Content) -> None:
    """Marketing pages are 'business web page' and web critiques 'commentary', never trade/paper."""
    kinds = {key: s.kind for key, s in content.sources.items()}
    assert {k for k, v in kinds.items() if v == "business"} == BUSINESS_PAGES
    assert {k for k, v in kinds.items() if v == "commentary"} == COMMENTARIES
    assert content.sources["S36b"].kind_label == "business web page"
    assert content.sources["S17b"].kind_label == "web commentary on a study"
    assert content.sources["S76"].kind == "paper"


def test_unknown_source_kind_lists_the_kinds(content_dir: Path) -> None:
    """A misspelt kind names the field and suggests the kind that was meant."""
    _edit(
        content_dir,
        "sources.toml",
        'key = "S36b"\nkind = "business"',
        'key = "S36b"\nkind = "busines"',
    )
    with pytest.raises(ContentError) as info:
        load_content(content_dir)
    assert info.value.field == "kind"
    assert "did you mean 'business'" in str(info.value)


def test_every_group_has_findings(content: Content) -> None:
    """No empty heading in the questionnaire."""
    used = {f.group for f in content.findings.values()}
    assert used == {g.id for g in content.groups}


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    edit(folder / name, old, new)


def test_unknown_finding_in_a_scenario_names_file_entry_field_and_suggests(
    content_dir: Path, content: Content
) -> None:
    """A misspelt finding id in a scenario says which file, scenario and field, with a hint."""
    first = content.scenarios[0]
    _edit(
        content_dir,
        "scenarios.toml",
        f'id = "{first.id}"',
        f'id = "{first.id}"\nnot_sure = ["calf_swollen_one_side"]',
    )
    with pytest.raises(ContentError) as info:
        load_content(content_dir)
    message = str(info.value)
    assert message.startswith(f"scenarios.toml: scenario '{first.id}': field 'not_sure'")
    assert "did you mean 'calf_swelling_one_side'" in message
    assert info.value.field == "not_sure"


def test_unknown_source_key_is_refused(content_dir: Path) -> None:
    """A source key missing from the bibliography is named, with the nearest real key."""
    _edit(content_dir, "findings.toml", 'sources = ["S3", "S5a", "S5c"]', 'sources = ["S3", "S5"]')
    with pytest.raises(
        ContentError,
        match=r"finding 'breathless_chest_pain': field 'sources': unknown source key 'S5'",
    ):
        load_content(content_dir)


def test_unknown_level_is_refused_with_a_suggestion(content_dir: Path) -> None:
    """A misspelt level names the allowed ones and suggests the closest."""
    _edit(content_dir, "findings.toml", 'level = "emergency"', 'level = "emergancy"')
    with pytest.raises(ContentError, match=r"field 'level'.*did you mean 'emergency'"):
        load_content(content_dir)


def test_misspelt_field_is_refused(content_dir: Path) -> None:
    """An unknown field is refused (never ignored), with the field it probably meant."""
    _edit(content_dir, "findings.toml", "urgent = true", "urgnet = true")
    with pytest.raises(
        ContentError, match=r"field 'urgnet': unknown field \(did you mean 'urgent'\?\)"
    ):
        load_content(content_dir)


def test_missing_required_field_says_what_to_add(content_dir: Path) -> None:
    """A missing field names itself and how to add it."""
    _edit(content_dir, "findings.toml", 'label = "One calf or leg swollen"\n', "")
    with pytest.raises(
        ContentError, match=r"finding 'calf_swelling_one_side': field 'label': missing"
    ):
        load_content(content_dir)


def test_wrong_type_is_reported(content_dir: Path) -> None:
    """A number where text is expected is reported with what was found."""
    _edit(content_dir, "findings.toml", "urgent = true", "urgent = 1")
    with pytest.raises(ContentError, match=r"field 'urgent': expected true or false, got int 1"):
        load_content(content_dir)


def test_duplicate_id_is_refused(content_dir: Path, content: Content) -> None:
    """Two scenarios with one id are refused."""
    first, second = content.scenarios[0], content.scenarios[1]
    _edit(content_dir, "scenarios.toml", f'id = "{second.id}"', f'id = "{first.id}"')
    with pytest.raises(ContentError, match=f"scenario id '{first.id}' is used twice"):
        load_content(content_dir)


def test_modify_finding_needs_adaptations(content_dir: Path) -> None:
    """A 'modify' finding must say what to change."""
    path = content_dir / "findings.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "varicose_veins"')
    block_start = text.index("adaptations = [", start)
    block_end = text.index("]\n", block_start) + 2
    path.write_text(text[:block_start] + text[block_end:], encoding="utf-8")
    with pytest.raises(
        ContentError, match=r"finding 'varicose_veins': field 'adaptations': missing"
    ):
        load_content(content_dir)


def test_toml_syntax_error_names_the_file(content_dir: Path) -> None:
    """Broken TOML gives the file name and the parser's line and column."""
    (content_dir / "wells.toml").write_text('[[item]]\nid = "x\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"^wells.toml: not valid TOML: .*line 2"):
        load_content(content_dir)


def test_missing_file_is_named(content_dir: Path) -> None:
    """A missing content file is named."""
    (content_dir / "levels.toml").unlink()
    with pytest.raises(ContentError, match=r"^levels.toml: file not found"):
        load_content(content_dir)


def test_days_only_with_a_strain(content_dir: Path, content: Content) -> None:
    """A scenario giving days since injury without a strain is refused."""
    clear = next(s for s in content.scenarios if "recent_strain" not in s.present)
    _edit(
        content_dir,
        "scenarios.toml",
        f'id = "{clear.id}"',
        f'id = "{clear.id}"\ndays_since_injury = 2',
    )
    with pytest.raises(ContentError, match=r"field 'days_since_injury': only makes sense"):
        load_content(content_dir)


def test_content_files_are_shipped_as_package_data() -> None:
    """Every content file is inside the installed package, so calflib works outside the repo."""
    from importlib import resources

    folder = resources.files("calflib.content")
    assert all((folder / name).is_file() for name in CONTENT_FILES)


def test_the_builtin_folder_is_the_packages_content_folder() -> None:
    """builtin_folder() is where the import system says calflib's content is."""
    from importlib import resources

    assert builtin_folder() == Path(str(resources.files("calflib.content")))
    assert (builtin_folder() / "findings.toml").is_file()


def test_loading_content_does_not_import_importlib_resources() -> None:
    """A new interpreter loads the built-in content without importlib.resources (about 10 ms
    of a kernel's start), as calflib is installed as plain files."""
    code = (
        "import sys; from calflib.content_in_use import default_content; default_content(); "
        "print('importlib.resources' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


#: Chapters whose "## Sources" list is one source a line: "- **S36b** title (kind)".
LISTED_CHAPTERS = (
    "00_start_here",
    "01_the_calf",
    "02_when_not_to_massage",
    "03_benefits",
    "04_techniques",
    "05_plan_your_session",
    "06_questions_people_ask",
    "07_final_check",
    "08_glossary",
)


@pytest.mark.parametrize("chapter", LISTED_CHAPTERS)
def test_chapter_source_lists_label_each_source_with_its_kind(
    chapter: str, content: Content
) -> None:
    """Each listed source ends with its bibliography kind, and the legend explains every kind."""
    path = Path(__file__).resolve().parents[1] / "notebooks" / f"{chapter}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    listing = text.split("## Sources", 1)[1]
    rows = re.findall(r"^- \*\*(S\d+[a-z]?)\*\* .*\((\w+)\)$", listing, re.M)
    assert rows and len(rows) == listing.count("\n- **")
    assert [kind for key, kind in rows] == [content.sources[key].kind for key, kind in rows]
    legend = listing.split("\n- **", 1)[0]
    assert all(f"**{kind}**" in legend for key, kind in rows)


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        (
            'when = ["recent_strain", "blood_thinners_bleeding"]',
            'when = ["recent_strain", "blood_thiners_bleeding"]',
            "when",
            "did you mean 'blood_thinners_bleeding'",
        ),
        (
            'when = ["recent_strain", "blood_thinners_bleeding"]',
            'when = ["recent_strain", "recent_strain"]',
            "when",
            "at least two different finding ids",
        ),
        (
            'when = ["recent_strain", "blood_thinners_bleeding"]\nlevel = "refer"',
            'when = ["recent_strain", "blood_thinners_bleeding"]\nlevel = "wait"',
            "level",
            "more serious than each finding alone",
        ),
        ('id = "strain_on_blood_thinners"', 'id = "pregnancy"', "id", "already used"),
        ("[[combination]]\nid =", "[[combinaton]]\nid =", None, "unknown table 'combinaton'"),
    ],
)
def test_a_broken_combination_is_named(
    content_dir: Path, old: str, new: str, field: str | None, problem: str
) -> None:
    """A combination naming an unknown finding, a single finding, a level no higher than its
    findings', a taken id, or a misspelt table is refused with file, entry and field."""
    _edit(content_dir, "findings.toml", old, new)
    with pytest.raises(ContentError, match=problem) as info:
        load_content(content_dir)
    assert info.value.file == "findings.toml" and info.value.field == field


def test_a_combination_only_raises_the_level(content: Content) -> None:
    """Each built-in combination gives its level when all its findings are answered yes, its
    'not sure' reason (at most REFER) when one is 'not sure', and nothing when one is 'no'."""
    from calflib.screening import answers_with, assess

    assert content.combinations
    for combination in content.combinations:
        base = answers_with(content=content)
        together = assess({**base, **dict.fromkeys(combination.when, True)}, content=content)
        assert together.level == combination.finding.level
        assert together.reasons[0].finding is combination.finding
        for left_out in combination.when:
            alone = {**base, **{f: f != left_out for f in combination.when}}
            assert assess(alone, content=content).level < combination.finding.level
            unsure = {k: v for k, v in {**base, **dict.fromkeys(combination.when, True)}.items()}
            del unsure[left_out]
            maybe = assess(unsure, content=content)
            assert maybe.level == min(combination.finding.level, Level.REFER)
            assert any(r.finding is combination.finding and not r.sure for r in maybe.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "[" + ".".join(["deep"] * 1200) + "]\nx = 1\n",
        "[" + ".".join(["deep"] * 40) + "]\nx = 1\n",
        "x = " + "{a = " * 600 + "1" + "}" * 600 + "\n",
        "x = " + "[" * 600 + "1" + "]" * 600 + "\n",
    ],
    ids=["header-1200", "header-40", "inline-600", "array-600"],
)
@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_file_nested_too_deep_is_a_content_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, cache: str
) -> None:
    """However deeply a file nests tables or lists, reading it gives one ContentError naming the
    file (never a RecursionError), the second time too (through the parse cache)."""
    monkeypatch.setenv("CALFLIB_CACHE", str(tmp_path / "cache") if cache == "on" else "off")
    (tmp_path / "deep.toml").write_text(text, encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ContentError) as exc:
            read_toml(tmp_path, "deep.toml")
        assert exc.value.file == "deep.toml"
        assert "nested more than" in exc.value.problem


def test_the_built_in_files_are_well_within_the_depth_limit() -> None:
    """The depth limit leaves the built-in files (7 levels at most) plenty of room."""
    for item in builtin_folder().iterdir():
        if item.name.endswith(".toml"):
            assert loader._depth(read_toml(builtin_folder(), item.name)) <= loader.MAX_DEPTH // 4


def test_a_byte_order_mark_or_an_unreadable_file_is_handled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte-order mark (added by some Windows editors) is not an error; a file that cannot be
    read is a ContentError naming it."""
    (tmp_path / "bom.toml").write_text('\ufefftitle = "Calf"\n', encoding="utf-8")
    assert read_toml(tmp_path, "bom.toml") == {"title": "Calf"}

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(ContentError, match=r"^bom\.toml: could not be read: Permission denied"):
        read_toml(tmp_path, "bom.toml")
