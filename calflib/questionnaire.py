"""The questionnaire's shape: one "Any of these?" question per group, and the answers it stands for.

A healthy person should not have to answer every question one by one, and nobody with a warning
sign may be let through by a shortcut. The rules, each pinned by ``tests/test_questionnaire.py``:

* Every group has a lead-in question ("Do you have any of these?") listed with all of its
  questions' labels. **No** to the lead-in answers every question of the group "no" at once.
* **Yes** or **Not sure** opens the group's own questions, and their own answers count; a question
  left open is "not sure", which is never read as "no".
* **Yes** to the lead-in with no question of the group answered "yes" is a contradiction (one of
  these applies, but which?). The group's questions then count as "not sure", never as "no", and
  :func:`contradictions` names the group so the questionnaire can ask which one applies.
* :func:`group_choices` goes the other way (from answers to what the form shows), so a saved or
  given set of answers fills in the form exactly.
* :func:`questionnaire_outline` is the form's structure as plain data (what the browser draws):
  every group with questions, in content order; a group with one question has no lead-in, since
  asking "any of these?" first would only add a click.

Pure standard library, like the rest of the core; the widget in :mod:`calflib.widgets.screening`
only shows what these functions decide.
"""

from __future__ import annotations

from collections.abc import Mapping

from calflib.errors import did_you_mean
from calflib.model import Content
from calflib.screening import ANSWER_CHOICES, check_choice

__all__ = ["answers_from_form", "contradictions", "group_choices", "questionnaire_outline"]


def _check(choices: Mapping[str, str], known: Mapping[str, object], what: str) -> None:
    for key, choice in choices.items():
        if key not in known:
            raise ValueError(f"unknown {what} id {key!r}{did_you_mean(str(key), known)}")
        check_choice(key, choice, what)


def _group_ids(content: Content) -> dict[str, None]:
    return dict.fromkeys(g.id for g in content.groups)


def contradictions(
    content: Content, groups: Mapping[str, str], findings: Mapping[str, str]
) -> tuple[str, ...]:
    """Group ids answered "Yes" whose questions have no "Yes" among them, in questionnaire order."""
    _check(groups, _group_ids(content), "group")
    _check(findings, content.findings, "finding")
    return tuple(
        g.id
        for g in content.groups
        if groups.get(g.id) == "Yes"
        and not any(findings.get(f.id) == "Yes" for f in content.members(g.id))
    )


def answers_from_form(
    content: Content, groups: Mapping[str, str], findings: Mapping[str, str]
) -> dict[str, bool]:
    """The answers for :func:`calflib.screening.assess` from the lead-ins and the questions.

    ``groups`` maps group ids to "Yes" / "No" / "Not sure" (a group left out is "Not sure");
    ``findings`` maps finding ids the same way. A finding left out of the result is "not sure".
    """
    unclear = set(contradictions(content, groups, findings))
    result: dict[str, bool] = {}
    for group in content.groups:
        lead = groups.get(group.id, "Not sure")
        for finding in content.members(group.id):
            choice = "No" if lead == "No" else findings.get(finding.id, "Not sure")
            if group.id in unclear or choice == "Not sure":
                continue
            result[finding.id] = choice == "Yes"
    return result


def group_choices(content: Content, answers: Mapping[str, bool]) -> dict[str, str]:
    """What each lead-in shows for a set of answers: "No" when every question of the group is
    answered no, "Yes" when any is yes, otherwise "Not sure"."""
    shown: dict[str, str] = {}
    for group in content.groups:
        values = [answers.get(f.id) for f in content.members(group.id)]
        if any(v is True for v in values):
            shown[group.id] = "Yes"
        elif values and all(v is False for v in values):
            shown[group.id] = "No"
        else:
            shown[group.id] = "Not sure"
    return shown


def questionnaire_outline(content: Content) -> dict[str, object]:
    """The questionnaire as plain data (JSON-ready): the answer choices, and each group with its
    title, intro, lead-in (empty for a one-question group) and questions, in content order."""
    groups: list[dict[str, object]] = []
    for group in content.groups:
        members = content.members(group.id)
        if not members:
            continue
        groups.append(
            {
                "id": group.id,
                "title": group.title,
                "intro": group.intro,
                "lead_in": group.lead_in if len(members) > 1 else "",
                "questions": [
                    {
                        "id": f.id,
                        "label": f.label,
                        "question": f.question,
                        "help": f.help,
                        "timed": f.timing is not None,
                    }
                    for f in members
                ],
            }
        )
    return {"choices": list(ANSWER_CHOICES), "groups": groups}
