"""Technique content says what its rules rest on: studies, safety sources, or convention.

Most how-to detail comes from massage businesses' pages, so the content must say plainly where a
rule is only the convention of the trade, and safety rules must not be weakened by the wording.
"""

from __future__ import annotations

import pytest

from calflib.model import Content
from calflib.technique_loader import load_techniques
from calflib.techniques import Setting, TechniqueLibrary


@pytest.fixture(scope="module")
def library() -> TechniqueLibrary:
    """The built-in techniques."""
    return load_techniques()


def test_friction_is_never_for_a_strain_even_after_72_hours(library: TechniqueLibrary) -> None:
    """Friction's caution counts 72 hours from the injury and never allows it on a strain."""
    (caution,) = [c for c in library.technique("friction").cautions if "72 hours" in c]
    assert "never on a strain, new or healing" in caution
    assert "hours from the injury" in caution and "52 hours" in caution
    assert "not on it" in caution


@pytest.mark.parametrize(
    ("tid", "field"),
    [
        ("effleurage", "direction"),
        ("petrissage", "pressure_note"),
        ("skin_rolling", "direction"),
        ("tapotement", "duration"),
    ],
)
def test_rules_from_business_pages_are_called_convention(
    library: TechniqueLibrary, tid: str, field: str
) -> None:
    """A rule resting on massage businesses' pages says it is convention or habit, not a finding."""
    text = getattr(library.technique(tid), field)
    assert "convention" in text or "habit" in text, text


def test_sources_behind_the_partner_strokes_are_named_for_what_they_are(
    library: TechniqueLibrary, content: Content
) -> None:
    """The partner setting says its how-to comes from business pages and cites the studies too."""
    guide = library.settings[Setting.parse("partner")]
    assert "businesses'" in guide.evidence and "convention" in guide.evidence
    assert {"S15", "S16"} <= set(guide.sources)
    assert content.sources["S36b"].kind == "business"


def test_back_of_the_knee_cautions_put_the_artery_deeper(library: TechniqueLibrary) -> None:
    """No caution says the artery lies close under the skin; the nerve and a vein do."""
    texts = [c for t in library.techniques.values() for c in t.cautions]
    texts += [c for g in library.settings.values() for c in g.cautions]
    assert not [c for c in texts if "an artery, a vein and nerves close under the skin" in c]
    assert any("the main artery deeper" in c for c in texts)
