"""The one-page cards a learner keeps by the massage table: screening, stop rules, a session.

Pure functions from content to the body of a printable page (wrap it with
:func:`calflib.print_kit.document`). They use the widgets' own pieces (the level badge and icons of
:mod:`calflib.card_kit`, the plan's words of :mod:`calflib.planner_text`), so paper and screen say
the same thing. The rules, each pinned by ``tests/test_handouts.py``:

* The screening card asks every question of chapter 02 in its groups and order (the short label
  of each), tags each with the level a yes leads to in words, says what each level means and
  what to do, and carries the urgent-help box.
* A session card exists only for a plan that allows massage: :func:`session_card` returns None
  for a blocked plan (whole screening or this setting), so no sheet can ever show steps for it.
"""

from __future__ import annotations

from html import escape

from calflib.card_kit import level_badge
from calflib.icons import icon
from calflib.model import Content, Finding, Level
from calflib.planner import SessionPlan
from calflib.planner_text import clock, say_duration
from calflib.print_kit import urgent_help_box
from calflib.stop_rules import URGENCIES, DiscomfortBand, StopRules
from calflib.techniques import TechniqueLibrary

__all__ = ["screening_card", "session_card", "stop_rules_card", "stop_summary"]

_TAG_WORDS = {
    Level.EMERGENCY: "EMERGENCY",
    Level.REFER: "NO MASSAGE",
    Level.WAIT: "WAIT",
    Level.MODIFY: "CHANGES",
    Level.CLEAR: "GO AHEAD",
}
_URGENCY_ICON = {"emergency": "emergency", "today": "stop", "stop": "hand"}


def level_tag(level: Level) -> str:
    """A small boxed word for the level a yes leads to (black for no massage, so it prints)."""
    css = "tag stop" if level >= Level.REFER else "tag"
    return f'<span class="{css}">{_TAG_WORDS[level]}</span>'


def _question(finding: Finding) -> str:
    return f"<li>{level_tag(finding.level)}{escape(finding.label)}</li>"


def screening_card(content: Content) -> str:
    """The screening card: every question in chapter 02's groups, what each level means, help."""
    groups = "".join(
        f"<section><h3>{escape(group.title)}</h3>"
        f'<ul class="qs">{"".join(_question(f) for f in content.members(group.id))}</ul></section>'
        for group in content.groups
    )
    levels = "".join(
        f'<tr><th scope="row">{level_badge(level, content)}</th>'
        f"<td>{escape(content.levels[level].advice)}</td></tr>"
        for level in sorted(Level, reverse=True)
    )
    return (
        '<h1 class="keep">Screening card: before any calf massage</h1>'
        '<p class="lede">Ask every question, every time, before you start. A yes to any of them '
        "changes what happens, as the tag beside it says; the most serious answer decides. "
        '"Not sure" about a warning sign counts as a yes until someone has checked.</p>'
        f"{urgent_help_box()}"
        f'<div class="cols screening">{groups}</div>'
        '<h2 class="keep">What each result means and what to do</h2>'
        f'<table class="levels"><tbody>{levels}</tbody></table>'
    )


def _rules(rules: StopRules, urgency: str) -> str:
    items = "".join(
        f"<li><strong>{escape(_either(rule.when))}.</strong><br>{escape(rule.do)}"
        f"{_cite(rule.sources)}</li>"
        for rule in rules.rules
        if rule.urgency == urgency
    )
    return (
        f'<section class="keep"><h2>{icon(_URGENCY_ICON[urgency])} {escape(URGENCIES[urgency])}'
        f"</h2><ul>{items}</ul></section>"
    )


def _either(signs: tuple[str, ...]) -> str:
    """Signs joined as one sentence: 'A; or b; or c'."""
    rest = [s[:1].lower() + s[1:] for s in signs[1:]]
    return "; or ".join([*signs[:1], *rest])


def _cite(keys: tuple[str, ...]) -> str:
    return f' <span class="small">[{escape(", ".join(keys))}]</span>' if keys else ""


def _span(band: DiscomfortBand) -> str:
    return str(band.low) if band.low == band.high else f"{band.low} to {band.high}"


def _scale(rules: StopRules) -> str:
    cells = "".join(
        f'<td class="n band-{band.id}">{n}</td>'
        for band in rules.bands
        for n in range(band.low, band.high + 1)
    )
    bands = "".join(
        f'<td colspan="{band.high - band.low + 1}" class="band-{band.id}">'
        f"<strong>{escape(band.label)}</strong></td>"
        for band in rules.bands
    )
    rows = "".join(
        f'<tr><th scope="row">{_span(band)}<br>{escape(band.label)}</th>'
        f"<td>{escape(band.do)}{_cite(band.sources)}</td></tr>"
        for band in rules.bands
    )
    return (
        '<table class="scale" aria-label="The 0 to 10 discomfort scale">'
        f"<tbody><tr>{cells}</tr><tr>{bands}</tr></tbody></table>"
        f'<table class="bands"><tbody>{rows}</tbody></table>'
    )


def stop_rules_card(rules: StopRules) -> str:
    """The stop rules card: the discomfort scale, when to stop (most urgent first), what next."""
    sections = "".join(_rules(rules, urgency) for urgency in URGENCIES)
    return (
        '<h1 class="keep">Stop rules: during any calf massage</h1>'
        '<p class="lede">Before you start, agree the 0 to 10 discomfort scale: 0 is nothing at '
        "all, 10 the worst pain imaginable. Ask for a number every minute or two, and whenever "
        "the person tenses, pulls away or goes quiet. More pain brings no more benefit.</p>"
        f"<h2>The 0 to 10 discomfort scale</h2>{_scale(rules)}{sections}"
        f"{urgent_help_box()}"
    )


def stop_summary(rules: StopRules) -> str:
    """The stop rules in three lines, for the foot of a session card."""
    items = "".join(
        f"<li><strong>{escape(URGENCIES[u])}:</strong> "
        f"{escape('; '.join(w for r in rules.rules if r.urgency == u for w in r.when))}.</li>"
        for u in URGENCIES
    )
    bands = "; ".join(f"{_span(b)}: {b.label.lower()}" for b in rules.bands)
    return (
        f'<section class="keep"><h2>{icon("stop")} Stop rules</h2><ul>{items}'
        f"<li><strong>Discomfort, 0 to 10:</strong> {escape(bands)}.</li></ul></section>"
    )


def session_card(
    plan: SessionPlan, library: TechniqueLibrary, content: Content, rules: StopRules
) -> str | None:
    """A plan as a timed sheet with its cues and changes; None for a blocked plan (no sheet)."""
    if plan.blocked or not plan.steps:
        return None
    guide = library.settings[plan.setting]
    rows = "".join(
        f'<tr class="{"rest" if s.is_rest else "step"}"><td class="box" aria-label="done">'
        f'&#9633;</td><td class="time">{clock(s.start)}&ndash;{clock(s.end)}</td>'
        f"<td>{escape(s.leg)}</td>"
        f"<td><strong>{escape(s.name)}</strong><br>{escape(s.region)}</td>"
        f"<td>{escape(s.pressure.key if s.pressure else 'rest')}</td>"
        f"<td>{escape(say_duration(s.seconds))}</td><td>{escape(s.cue)}</td></tr>"
        for s in plan.steps
    )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Done", "Time", "Calf", "Technique, where", "Pressure", "How long", "Cue")
    )
    extras = []
    if plan.adaptations:
        extras.append(
            f"<h2>{icon('warning')} Changes from the screening (already in the plan)</h2>"
            f"<ul>{''.join(f'<li>{escape(a)}</li>' for a in plan.adaptations)}</ul>"
        )
    if plan.avoid_areas:
        extras.append(
            f"<p><strong>Keep away from:</strong> {escape('; '.join(plan.avoid_areas))}</p>"
        )
    if plan.left_out:
        extras.append(f"<p><strong>Left out:</strong> {escape(', '.join(plan.left_out))}</p>")
    extras.extend(f"<p>{escape(note)}</p>" for note in plan.notes)
    return (
        f'<h1 class="keep">Session card: {escape(guide.name.lower())}, {plan.minutes} minutes, '
        f"{escape(plan.goal.label)}</h1>"
        f'<p class="lede">Screening result: {level_badge(plan.level, content)}. Screen again on '
        "the day: this sheet is only for the answers it was planned with.</p>"
        f"<p><strong>Position:</strong> {escape(plan.position or guide.position)}</p>"
        '<table class="steps"><colgroup><col style="width:5%"><col style="width:11%">'
        '<col style="width:6%"><col style="width:18%"><col style="width:9%">'
        '<col style="width:9%"><col class="cue"></colgroup>'
        f'<caption class="small">{len(plan.steps)} steps, '
        f"{escape(say_duration(plan.total_seconds))} in all. Tick each step as you finish it."
        f"</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"{''.join(extras)}{stop_summary(rules)}{urgent_help_box()}"
    )
