"""Tests for calflib.questionnaire: lead-ins shorten the form and never let a sign through."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calflib.model import Content, Level
from calflib.questionnaire import (
    answers_from_form,
    contradictions,
    group_choices,
    questionnaire_outline,
)
from calflib.screening import ANSWER_CHOICES, answers_with, assess


def _questions_for_a_healthy_person(content: Content) -> int:
    """How many answers a healthy person gives: one per group (a lone question is its own)."""
    return len([g for g in content.groups if content.members(g.id)])


def test_a_healthy_person_answers_one_question_per_group(content: Content) -> None:
    """No to every lead-in answers the whole catalogue: CLEAR, complete, in ten answers or fewer."""
    groups = {g.id: "No" for g in content.groups if len(content.members(g.id)) > 1}
    singles = {
        f.id: "No"
        for g in content.groups
        if len(content.members(g.id)) == 1
        for f in content.members(g.id)
    }
    answers = answers_from_form(content, groups, singles)
    assert answers == answers_with()
    result = assess(answers)
    assert result.level == Level.CLEAR and result.complete
    assert len(groups) + len(singles) == _questions_for_a_healthy_person(content) <= 10
    assert len(content.finding_ids) >= 30  # ...instead of one answer per question


def test_every_group_has_a_lead_in_and_questions(content: Content) -> None:
    """Each group asks its own lead-in question and has at least one question under it."""
    for group in content.groups:
        assert group.lead_in.endswith("?") and content.members(group.id), group.id


def test_yes_to_a_group_opens_its_questions(content: Content) -> None:
    """Yes (or Not sure) to a lead-in: the group's own answers count; unanswered stay unsure."""
    answers = answers_from_form(content, {"clot": "Yes"}, {"calf_swelling_one_side": "Yes"})
    assert answers == {"calf_swelling_one_side": True}
    assert assess(answers).level == Level.REFER
    unsure = answers_from_form(content, {"clot": "Not sure"}, {"calf_swelling_one_side": "No"})
    assert unsure == {"calf_swelling_one_side": False}


def test_yes_to_a_group_with_every_question_no_counts_as_not_sure(content: Content) -> None:
    """'One of these applies' and then 'no' to each: the group's questions count as not sure
    (never as no), and the group is named so the form can ask which one applies."""
    clot = {f.id: "No" for f in content.members("clot")}
    everything_else = {g.id: "No" for g in content.groups if g.id != "clot"}
    groups = {**everything_else, "clot": "Yes"}
    assert contradictions(content, groups, clot) == ("clot",)
    answers = answers_from_form(content, groups, clot)
    assert not set(clot) & set(answers)
    assert assess(answers).level == Level.REFER


def test_no_to_a_group_overrides_its_questions(content: Content) -> None:
    """A group answered No stands for 'no' to each of its questions, whatever is hidden below."""
    answers = answers_from_form(content, {"clot": "No"}, {"calf_swelling_one_side": "Yes"})
    assert all(answers[f.id] is False for f in content.members("clot"))


@pytest.mark.parametrize(
    ("groups", "findings", "problem"),
    [
        ({"clots": "No"}, {}, "unknown group id 'clots'"),
        ({"clot": "no"}, {}, "must be one of Yes, No, Not sure"),
        ({}, {"calf_swollen": "Yes"}, "unknown finding id 'calf_swollen'"),
    ],
)
def test_bad_form_answers_are_named(
    content: Content, groups: dict[str, str], findings: dict[str, str], problem: str
) -> None:
    """A misspelt id or answer raises a ValueError naming it."""
    with pytest.raises(ValueError, match=problem):
        answers_from_form(content, groups, findings)


def test_group_choices_fill_the_form_back(content: Content) -> None:
    """From answers to lead-ins and back gives the same answers (a saved form fills exactly)."""
    answers = answers_with("pregnancy", "varicose_veins")
    del answers["risk_hormones"]
    shown = group_choices(content, answers)
    assert shown["history"] == "Yes" and shown["clot"] == "No" and shown["clot_risk"] == "Not sure"
    choices = {fid: {True: "Yes", False: "No"}[v] for fid, v in answers.items()}
    assert answers_from_form(content, shown, choices) == answers


@given(data=st.data())
def test_the_form_never_invents_a_no_or_a_yes(content: Content, data: st.DataObject) -> None:
    """Over every mix of lead-in and question answers: a question counts as 'no' only when it or
    its group was answered No (and its group is not contradicted); as 'yes' only when it was
    answered Yes under a group not answered No; and the verdict is never milder than answering
    every question one by one with the same answers would give."""
    pick = st.sampled_from(ANSWER_CHOICES)
    groups = {g.id: data.draw(pick) for g in content.groups if data.draw(st.booleans())}
    findings = {fid: data.draw(pick) for fid in content.finding_ids if data.draw(st.booleans())}
    answers = answers_from_form(content, groups, findings)
    unclear = set(contradictions(content, groups, findings))
    for fid, value in answers.items():
        finding = content.findings[fid]
        lead = groups.get(finding.group, "Not sure")
        assert finding.group not in unclear
        if value:
            assert findings.get(fid) == "Yes" and lead != "No"
        else:
            assert lead == "No" or findings.get(fid) == "No"
    if "No" not in groups.values():  # nothing answered for a whole group at once
        one_by_one = {
            fid: findings[fid] == "Yes" for fid in findings if findings[fid] != "Not sure"
        }
        assert assess(answers).level >= assess(one_by_one).level


def test_the_outline_asks_every_finding_once_in_content_order(content: Content) -> None:
    """The form's outline (what the browser draws) asks each finding once, in content order,
    with its label, question and help; only groups of several questions have a lead-in; it is
    plain JSON."""
    outline = questionnaire_outline(content)
    assert json.loads(json.dumps(outline)) == outline
    assert outline["choices"] == list(ANSWER_CHOICES)
    groups = outline["groups"]
    assert isinstance(groups, list)
    asked = [q for g in groups for q in g["questions"]]
    assert [q["id"] for q in asked] == list(content.finding_ids)
    for question in asked:
        finding = content.findings[question["id"]]
        assert (question["label"], question["question"], question["help"]) == (
            finding.label,
            finding.question,
            finding.help,
        )
        assert question["timed"] is (finding.timing is not None)
    for group in groups:
        several = len(content.members(group["id"])) > 1
        assert bool(group["lead_in"]) is several
