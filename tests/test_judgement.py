"""The workbook's judgement calls (calflib/judgement.py) and their table in the teacher's guide."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from content_files import copy_content, edit

from calflib.errors import ContentError, ContentProblems
from calflib.judgement import (
    AWAITING_REVIEW,
    GENERAL,
    NO_SOURCE,
    JudgementCall,
    judgement_table,
    load_judgement_calls,
)
from calflib.loader import load_content
from calflib.technique_loader import load_techniques

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "teachers-guide.md"
SCRIPT = ROOT / "scripts" / "update_guide.py"
FILE = "judgement_calls.toml"
FIRST = 'id = "not-sure-is-not-no"'


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_guide", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def update_guide() -> ModuleType:
    """scripts/update_guide.py, imported as a module."""
    return _script()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A writable copy of every built-in content file."""
    return copy_content(tmp_path / "content")


def _rows(table: str) -> list[list[str]]:
    """The table's body rows, split on unescaped '|' into cells."""
    lines = table.strip().splitlines()[2:]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def _write_calls(folder: Path, text: str) -> None:
    (folder / FILE).write_text(text, encoding="utf-8")


# --- the built-in calls and the guide -------------------------------------------------------------


def test_the_guide_shows_the_tables_generated_from_the_content(update_guide: ModuleType) -> None:
    """The guide's judgement-call and source tables are exactly what the content generates."""
    text = GUIDE.read_text(encoding="utf-8")
    assert update_guide.updated(text) == text, (
        "docs/teachers-guide.md is out of date with calflib/content: run "
        f"{update_guide.COMMAND} and commit the result"
    )


def test_every_builtin_call_is_a_row_of_the_guide_with_its_review_status() -> None:
    """A teacher reading the guide sees every call, with its rule and whether it is reviewed."""
    calls = load_judgement_calls()
    assert len(calls) >= 14
    text = GUIDE.read_text(encoding="utf-8")
    rows = {row[0]: row for row in _rows(judgement_table(calls))}
    for call in calls:
        row = rows[f"`{call.id}`"]
        assert f"| {' | '.join(row)} |" in text
        assert row[1] == " ".join(call.rule.split())
        assert row[5] == (
            f"Reviewed by {call.reviewed_by}" if call.reviewed_by else AWAITING_REVIEW
        )


def test_builtin_calls_cover_the_lead_engineers_decisions() -> None:
    """The judgement calls of issue 10 are all recorded, each with what it applies to."""
    calls = {c.id: c for c in load_judgement_calls()}
    applies = {t.id for c in calls.values() for t in c.applies_to}
    for finding in (
        "recent_strain",
        "swelling_known_cause",
        "poor_circulation",
        "older_adult",
        "fragile_skin",
        "weak_bones",
        "blood_thinners_bleeding",
        "pregnancy",
        "reduced_sensation",
        "lump_behind_knee",
    ):
        assert finding in applies, f"no judgement call applies to {finding}"
    assert {"not-sure-is-not-no", "towards-the-heart", "tool-sets-30-to-60-seconds"} <= set(calls)


def test_builtin_calls_cover_the_clinical_review() -> None:
    """The choices made after the clinical review are recorded: the new findings without a
    guideline behind them, the strain-on-blood-thinners combination, 'not sure' about a change
    planned as 'yes', and no floor mats with age or weak bones."""
    calls = {c.id: c for c in load_judgement_calls()}
    applies = {t.id for c in calls.values() for t in c.applies_to}
    for finding in (
        "muscle_breakdown_signs",
        "recent_vein_treatment",
        "catching_skin_rash",
        "pregnancy_high_risk",
        "heart_kidney_liver_condition",
        "cancer_in_bone",
        "lymphoedema",
        "clot_being_treated",
        "deep_pain_no_cause",
    ):
        assert finding in applies, f"no judgement call applies to {finding}"
    combined = calls["strain-on-blood-thinners-refer"]
    assert {t.id for t in combined.applies_to} >= {"recent_strain", "blood_thinners_bleeding"}
    floor = {t.id for t in calls["no-floor-mats-older-or-weak-bones"].applies_to}
    assert floor >= {"older_adult", "weak_bones", "partner", "alone"}
    assert "not-sure-modify-planned-as-yes" in calls
    assert "planner makes no plan while any answer" not in calls["not-sure-is-not-no"].rule


def test_every_source_key_the_guide_cites_is_in_its_source_list() -> None:
    """A key cited in the guide's prose or its judgement-call table has a row in the source list."""
    text = GUIDE.read_text(encoding="utf-8")
    listed = text[text.index("<!-- guide-sources:start") :]
    prose = text[: text.index("<!-- guide-sources:start")]
    cited = {
        k.strip()
        for g in re.findall(r"\[(S\d+[a-z]?(?:, S\d+[a-z]?)*)\]", prose)
        for k in g.split(",")
    }
    cited |= {k for call in load_judgement_calls() for k in call.sources}
    assert {"S3", "S67", "S68d"} <= cited
    missing = sorted(k for k in cited if f"\n| {k} | " not in listed)
    assert not missing, f"not in the guide's source list: {missing}"


def test_the_file_is_shipped_as_package_data() -> None:
    """pyproject.toml's package data takes judgement_calls.toml into an installed calflib."""
    import fnmatch
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = project["tool"]["setuptools"]["package-data"]["calflib.content"]
    assert any(fnmatch.fnmatch(FILE, glob) for glob in globs)
    assert (ROOT / "calflib" / "content" / FILE).is_file()


# --- the table ----------------------------------------------------------------------------------


def test_applies_to_is_shown_in_words_from_the_content(folder: Path) -> None:
    """Finding ids show as their labels, settings and techniques as their names."""
    _write_calls(
        folder,
        '[[call]]\nid = "x"\nrule = "R."\nreason = "W."\nsources = ["S3"]\n'
        'applies_to = ["recent_strain", "roller", "massage_gun"]\n',
    )
    content = load_content(folder)
    library = load_techniques(folder, content=content)
    (call,) = load_judgement_calls(folder)
    (row,) = _rows(judgement_table([call]))
    assert row[4] == (
        f"finding '{content.findings['recent_strain'].label}'; "
        f"setting '{next(g.name for s, g in library.settings.items() if s.value == 'roller')}'; "
        f"technique '{library.techniques['massage_gun'].name}'"
    )


def test_unreviewed_calls_await_a_clinician_and_reviewed_ones_name_the_reviewer(
    folder: Path,
) -> None:
    """No reviewed_by (or an empty one) reads "Awaiting review by a clinician"; a name is shown."""
    _write_calls(
        folder,
        '[[call]]\nid = "a"\nrule = "R."\nreason = "W."\nsources = ["S3"]\n\n'
        '[[call]]\nid = "b"\nrule = "R."\nreason = "W."\nsources = ["S3"]\nreviewed_by = ""\n\n'
        '[[call]]\nid = "c"\nrule = "R."\nreason = "W."\nsources = ["S3"]\n'
        'reviewed_by = "Dr A. Example, GP, 2027-01-15"\n',
    )
    rows = _rows(judgement_table(load_judgement_calls(folder)))
    assert [row[5] for row in rows] == [
        AWAITING_REVIEW,
        AWAITING_REVIEW,
        "Reviewed by Dr A. Example, GP, 2027-01-15",
    ]


def test_empty_sources_and_applies_to_say_so_in_words(folder: Path) -> None:
    """sources = [] shows as the workbook's own design; no applies_to as a general rule."""
    _write_calls(folder, '[[call]]\nid = "x"\nrule = "R."\nreason = "W."\nsources = []\n')
    (row,) = _rows(judgement_table(load_judgement_calls(folder)))
    assert row[3:5] == [NO_SOURCE, GENERAL]


def test_a_pipe_or_line_break_in_the_text_cannot_break_the_table() -> None:
    """'|' is escaped and line breaks are joined, so every row keeps its six cells."""
    call = JudgementCall(id="x", rule="A | B\nC", reason="D || E", sources=("S3",))
    (row,) = _rows(judgement_table([call]))
    assert len(row) == 6
    assert row[1:3] == ["A \\| B C", "D \\|\\| E"]


# --- broken content -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            'sources = ["S3", "S50a"',
            'sorces = ["S3", "S50a"',
            "sorces",
            "(did you mean 'sources'?)",
        ),
        ('"S3", "S50a"', '"S3", "S50"', "sources", "unknown source key 'S50'"),
        ("", 'applies_to = ["recent_strian"]\n', "applies_to", "did you mean 'recent_strain'?"),
        ("", 'applies_to = ["rollers"]\n', "applies_to", "did you mean 'roller'?"),
        ('sources = ["S3", "S50a", "S7a"]\n', "", "sources", "missing; add sources"),
        (FIRST, 'id = "Not Sure"', "id", "not a valid id"),
        ("", "reviewed_by = true\n", "reviewed_by", "expected text in quotes"),
    ],
)
def test_a_broken_call_names_the_file_the_call_and_the_field(
    folder: Path, old: str, new: str, field: str, message: str
) -> None:
    """Each mistake is a ContentError at the right field, with a fix or a did-you-mean."""
    if old:
        edit(folder / FILE, old, new)
    else:
        edit(folder / FILE, f"{FIRST}\n", f"{FIRST}\n{new}")
    with pytest.raises(ContentError) as exc:
        load_judgement_calls(folder)
    assert exc.value.file == FILE
    assert exc.value.field == field
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('rule = " "\nreason = "W."\nsources = []\n', "rule", "is empty"),
        ('rule = "R."\nsources = []\n', "reason", "missing; add reason"),
    ],
)
def test_a_call_needs_a_rule_and_a_reason(
    folder: Path, text: str, field: str, message: str
) -> None:
    """An empty rule or a missing reason is refused at that field."""
    _write_calls(folder, f'[[call]]\nid = "x"\n{text}')
    with pytest.raises(ContentError) as exc:
        load_judgement_calls(folder)
    assert (exc.value.entry, exc.value.field) == ("call 'x'", field)
    assert message in str(exc.value)


def test_an_unknown_table_is_named_with_a_suggestion(folder: Path) -> None:
    """A misspelt [[call]] table is refused by name."""
    edit(folder / FILE, f"[[call]]\n{FIRST}", f"[[cal]]\n{FIRST}")
    with pytest.raises(ContentError, match=r"unknown table 'cal' \(did you mean 'call'\?\)"):
        load_judgement_calls(folder)


def test_an_id_used_twice_is_refused(folder: Path) -> None:
    """Two calls with one id: the second is named."""
    edit(folder / FILE, 'id = "towards-the-heart"', 'id = "not-sure-is-not-no"')
    with pytest.raises(ContentError) as exc:
        load_judgement_calls(folder)
    assert exc.value.field == "id"
    assert "'not-sure-is-not-no' is used twice" in str(exc.value)


def test_every_broken_call_is_reported_in_one_pass(folder: Path) -> None:
    """Two broken calls give one error listing both, each at its own call."""
    edit(folder / FILE, 'id = "not-sure-is-not-no"\nrule', 'id = "not-sure-is-not-no"\nrul')
    edit(folder / FILE, 'applies_to = ["effleurage"]', 'applies_to = ["efleurage"]')
    with pytest.raises(ContentProblems) as exc:
        load_judgement_calls(folder)
    assert [(p.entry, p.field) for p in exc.value.problems] == [
        ("call 'not-sure-is-not-no'", "rul"),
        ("call 'towards-the-heart'", "applies_to"),
    ]


# --- scripts/update_guide.py ----------------------------------------------------------------------


def test_check_finds_a_stale_guide_and_a_rewrite_fixes_it(
    update_guide: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--check exits 1 (naming the command) without writing; without it the guide is rewritten."""
    guide = tmp_path / "teachers-guide.md"
    current = GUIDE.read_text(encoding="utf-8")
    stale = current.replace("| `towards-the-heart` |", "| `towards-the-feet` |")
    assert stale != current
    guide.write_text(stale, encoding="utf-8")
    assert update_guide.main(["--check", "--guide", str(guide)]) == 1
    assert "out of date: run .venv/bin/python scripts/update_guide.py" in capsys.readouterr().err
    assert guide.read_text(encoding="utf-8") == stale
    assert update_guide.main(["--guide", str(guide)]) == 0
    assert guide.read_text(encoding="utf-8") == current
    assert update_guide.main(["--check", "--guide", str(guide)]) == 0


def test_hand_written_text_outside_the_regions_is_kept(update_guide: ModuleType) -> None:
    """Only the text between the markers changes; a new citation joins the source list."""
    text = (
        "Intro [S27].\n<!-- judgement-calls:start (x) -->\nold\n<!-- judgement-calls:end -->\n"
        "Middle.\n<!-- guide-sources:start (x) -->\n| S1 | old |\n"
        "<!-- guide-sources:end -->\nEnd.\n"
    )
    new = update_guide.updated(text)
    assert new.startswith("Intro [S27].\n<!-- judgement-calls:start (x) -->\n| Id |")
    assert "<!-- judgement-calls:end -->\nMiddle.\n<!-- guide-sources:start (x) -->\n" in new
    assert new.endswith("<!-- guide-sources:end -->\nEnd.\n")
    assert "\n| S27 | " in new and "| S1 | old |" not in new


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("See [S999].\n", "cites unknown source key 'S999'"),
        ("No markers here.\n", "needs exactly one '<!-- judgement-calls:start"),
    ],
)
def test_a_guide_the_script_cannot_update_is_refused(
    update_guide: ModuleType,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    message: str,
) -> None:
    """An unknown source key or a missing marker: exit status 2 and the problem, nothing written."""
    regions = (
        "<!-- judgement-calls:start (x) -->\n<!-- judgement-calls:end -->\n"
        "<!-- guide-sources:start (x) -->\n<!-- guide-sources:end -->\n"
    )
    guide = tmp_path / "guide.md"
    guide.write_text(text + (regions if "[S" in text else ""), encoding="utf-8")
    before = guide.read_text(encoding="utf-8")
    assert update_guide.main(["--guide", str(guide)]) == 2
    assert message in capsys.readouterr().err
    assert guide.read_text(encoding="utf-8") == before
