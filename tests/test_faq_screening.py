"""Tests for calflib.faq_screening: the "Why does it hurt?" picker agrees with the questionnaire."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from content_files import copy_content, edit
from hypothesis import given
from hypothesis import strategies as st

from calflib.faq import Concern, likely_reasons, load_pain_guide, pain_guide
from calflib.faq_screening import (
    SCREENING_MATCH,
    agrees,
    disagreements,
    screening_answers,
    screening_verdict,
)
from calflib.model import Content, Level

GUIDE = pain_guide()
FEELINGS = list(GUIDE.feelings)


def _agrees(picked: tuple[str, ...]) -> tuple[Concern | None, Level, bool, bool]:
    concern = likely_reasons(picked).concern
    verdict = screening_verdict(picked)
    assert concern is not None
    return (
        concern,
        verdict.level,
        verdict.urgent,
        agrees(concern, verdict.level, verdict.urgent),
    )


@pytest.mark.parametrize("feeling", FEELINGS)
def test_each_feeling_agrees_with_the_questionnaire(feeling: str) -> None:
    """Ticking one feeling gives the advice the questionnaire gives for its findings: never less
    cautious, never needlessly more."""
    concern, level, urgent, ok = _agrees((feeling,))
    assert ok, f"{feeling}: picker '{concern}', questionnaire {level.key} (urgent={urgent})"


def test_every_pair_of_feelings_agrees_with_the_questionnaire() -> None:
    """Every pair of ticked feelings agrees too (disagreements() checks singles and all pairs)."""
    assert len(list(itertools.combinations(FEELINGS, 2))) > 300
    found = disagreements()
    assert not found, "\n".join(str(d) for d in found)


@given(st.sets(st.sampled_from(FEELINGS), min_size=1, max_size=6))
def test_any_set_of_feelings_agrees_with_the_questionnaire(picked: set[str]) -> None:
    """Beyond pairs: any handful of ticked feelings still agrees with the questionnaire."""
    concern, level, urgent, ok = _agrees(tuple(sorted(picked)))
    assert ok, f"{sorted(picked)}: picker '{concern}', questionnaire {level.key} ({urgent=})"


@pytest.mark.parametrize(
    ("picked", "level", "urgent", "concern"),
    [
        # Puffy ankles at the end of a long day, gone by morning: ordinary, not "no massage".
        (["ankles-puffy-evening"], Level.CLEAR, False, Concern.EVERYDAY),
        (["ankles-stay-swollen"], Level.REFER, False, Concern.SEE_CLINICIAN),
        (["pregnant-sudden-swelling"], Level.REFER, True, Concern.GET_CHECKED),
        (["ankles-puffy-evening", "one-calf-swollen"], Level.REFER, True, Concern.GET_CHECKED),
        # Night cramps are common and usually without a cause: not put down to vein problems.
        (["night-cramps"], Level.CLEAR, False, Concern.EVERYDAY),
        (["night-cramps", "itchy-skin-over-veins"], Level.MODIFY, False, Concern.EASE_OFF),
        (["pain-on-walking"], Level.REFER, False, Concern.SEE_CLINICIAN),
        (["lump-behind-knee"], Level.REFER, False, Concern.SEE_CLINICIAN),
        (["tight-hard-calf"], Level.EMERGENCY, True, Concern.EMERGENCY),
        (["leg-cold-pale"], Level.EMERGENCY, True, Concern.EMERGENCY),
        (["sudden-pain-recent"], Level.WAIT, False, Concern.EASE_OFF),
        (["old-injury-tender"], Level.MODIFY, False, Concern.EASE_OFF),
        (["old-injury-tender", "sudden-pain-recent"], Level.WAIT, False, Concern.EASE_OFF),
        (["fever-unwell"], Level.REFER, False, Concern.SEE_CLINICIAN),
        (["fever-unwell", "hot-spreading-skin"], Level.REFER, True, Concern.GET_CHECKED),
        (["hurts-under-firm-pressure"], Level.CLEAR, False, Concern.EASE_OFF),
        (["sore-after-workout"], Level.CLEAR, False, Concern.EVERYDAY),
        # After the clinical review: dark urine after an extreme session is never DOMS, and a sore
        # that has not healed in 2 weeks is a GP's, not a reason to work around it.
        (["dark-urine-weak-muscles"], Level.EMERGENCY, True, Concern.EMERGENCY),
        (
            ["sore-after-workout", "dark-urine-weak-muscles"],
            Level.EMERGENCY,
            True,
            Concern.EMERGENCY,
        ),
        (["sore-not-healing"], Level.REFER, False, Concern.SEE_CLINICIAN),
        (["skin-changes-sore"], Level.MODIFY, False, Concern.EASE_OFF),
    ],
)
def test_clinical_cases(picked: list[str], level: Level, urgent: bool, concern: Concern) -> None:
    """The fixed cases of issue 10 and the clinical review: what the questionnaire and the picker
    each say."""
    verdict = screening_verdict(picked)
    assert (verdict.level, verdict.urgent) == (level, urgent)
    assert likely_reasons(picked).concern == concern


def test_screening_answers_leave_nothing_unsure(content: Content) -> None:
    """A feeling answers every question: its findings "yes", all the others "no"."""
    for feeling in GUIDE.feelings.values():
        answers, _ = screening_answers([feeling.id])
        assert set(answers) == set(content.findings)
        assert {fid for fid, yes in answers.items() if yes} == set(feeling.findings)
        assert screening_verdict([feeling.id]).complete


def test_days_since_injury_take_the_most_recent_injury() -> None:
    """A strain weeks ago gives its days; with a strain in the last 3 days the day is asked for."""
    assert screening_answers(["old-injury-tender"])[1] == 21
    assert screening_answers(["sudden-pain-recent"])[1] is None
    assert screening_answers(["old-injury-tender", "sudden-pain-recent"])[1] is None
    assert screening_answers(["old-injury-tender", "night-cramps"])[1] == 21
    assert screening_answers(["night-cramps"])[1] is None


def test_every_verdict_has_a_concern_and_concerns_rank_like_verdicts() -> None:
    """Every questionnaire verdict fits some concern, and a more serious concern never stands for
    a milder verdict than a less serious one does (so ticking more keeps them in step)."""
    # Only REFER and EMERGENCY can be urgent.
    verdicts = [
        (lv, urgent) for lv in Level for urgent in (False, True) if lv >= Level.REFER or not urgent
    ]
    for level, urgent in verdicts:
        assert any(agrees(c, level, urgent) for c in Concern), (level, urgent)
    ranked = {c: [v for v in verdicts if agrees(c, *v)] for c in Concern}
    for lower, higher in itertools.pairwise(sorted(Concern)):
        assert max(ranked[lower]) <= min(ranked[higher]), (lower, higher)
    assert set(SCREENING_MATCH) == set(Concern)
    assert SCREENING_MATCH[Concern.EVERYDAY][0] == {Level.CLEAR}


@pytest.mark.parametrize(
    ("old", "new", "picked", "concern", "more_cautious"),
    [
        # The issue's own fault: end-of-day puffiness sent to "swelling" (no massage).
        (
            'reasons = ["end-of-day-puffiness"]',
            'reasons = ["end-of-day-puffiness", "swelling"]',
            ("ankles-puffy-evening",),
            Concern.SEE_CLINICIAN,
            True,
        ),
        # A feeling that stands for a red-flag finding but is called harmless.
        (
            'reasons = ["end-of-day-puffiness"]\nsources = ["S51"]',
            'reasons = ["end-of-day-puffiness"]\nsources = ["S51"]\n'
            'findings = ["unexplained_swelling_both"]',
            ("ankles-puffy-evening",),
            Concern.EVERYDAY,
            False,
        ),
        # An urgent finding under a non-urgent concern.
        (
            'concern = "get_checked"\nwhy = "In pregnancy',
            'concern = "see_clinician"\nwhy = "In pregnancy',
            ("pregnant-sudden-swelling",),
            Concern.SEE_CLINICIAN,
            False,
        ),
    ],
)
def test_a_disagreement_is_found_and_explained(
    tmp_path: Path,
    old: str,
    new: str,
    picked: tuple[str, ...],
    concern: Concern,
    more_cautious: bool,
) -> None:
    """Content where the picker and the questionnaire disagree is caught, naming the feeling,
    both answers and which way the picker is wrong."""
    folder = copy_content(tmp_path, "faq.toml")
    edit(folder / "faq.toml", old, new)
    guide = load_pain_guide(folder)
    found = disagreements(guide)
    singles = [d for d in found if len(d.picked) == 1]
    assert [d.picked for d in singles] == [picked]
    (wrong,) = singles
    assert wrong.concern == concern and wrong.more_cautious == more_cautious
    message = str(wrong)
    assert message.startswith(f"faq.toml: feeling {picked[0]}: the picker leads with")
    assert ("more cautious" if more_cautious else "less cautious") in message
