"""Accessibility checks for the real-browser tests: axe-core scans, the host's baseline, reflow.

The workbook's own elements (what a chapter's code shows, its rendered Markdown, the Voila app's
main landmark) must have no axe-core violation at WCAG 2.2 AA. The host's own elements
(JupyterLab's toolbars, editors, side bars; Voila's page shell) fail some rules on every page;
those are recorded once in ``a11y_baseline.json`` beside this file and compared on every run, so
a JupyterLab or Voila upgrade shows up as a change to review, with a message saying what changed,
not as a failure of the workbook. To record the baseline again after reviewing a change, run the
scans with ``CALFLIB_A11Y_RECORD=1`` (``python -m pytest -m browser
tests/browser/test_a11y_scan.py tests/browser/test_voila_app.py``) and commit the file.

Reflow (WCAG 1.4.10): at 320 CSS px nothing of ours may stick out sideways, so no horizontal
scrolling is needed, except for data tables, which the criterion allows to scroll.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

__all__ = [
    "BASELINE",
    "PAGE_RULES",
    "WCAG_AA",
    "axe_scan",
    "baseline_changes",
    "describe",
    "host_summary",
    "reflow_problems",
    "scan_in_full",
    "scan_ours_and_host",
]

BASELINE = Path(__file__).with_name("a11y_baseline.json")
#: axe-core's rule tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
#: axe's page-structure rules (best practices, not WCAG tags): one main landmark, every element
#: inside a landmark, one h1, heading levels that do not skip.
PAGE_RULES = ["landmark-one-main", "region", "page-has-heading-one", "heading-order", "bypass"]
_RECORD = "CALFLIB_A11Y_RECORD"
_AXE = Axe()


def axe_scan(
    page: Page,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    rules: list[str] | None = None,
) -> list[dict[str, Any]]:
    """axe-core's violations on ``page`` (WCAG 2.x A/AA unless ``rules`` names rules), within the
    elements matched by the ``include`` selectors (the whole page if None) and outside those
    matched by ``exclude``. An ``include`` that matches nothing fails: a scan of nothing proves
    nothing."""
    context: dict[str, Any] = {}
    if include is not None:
        for selector in include:
            found = page.locator(selector).count()
            assert found, f"nothing on the page matches {selector!r}: the scan would be empty"
        context["include"] = [[selector] for selector in include]
    if exclude is not None:
        context["exclude"] = [[selector] for selector in exclude]
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_AA}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    response = _AXE.run(page, context=context or None, options=options).response
    violations: list[dict[str, Any]] = response["violations"]
    return violations


#: JupyterLab's body is 0 px high (its shell is positioned over it) and hides its overflow, so
#: axe-core takes everything in a notebook for clipped and skips the rules that need an element
#: on screen (colour contrast, target size): seen with axe 4.12, where not one colour-contrast
#: check ran in a chapter. As high as the window, the body clips nothing a learner sees.
_BODY_AS_HIGH_AS_THE_WINDOW = "body { min-height: 100vh; }"
#: Where a notebook's content ends, in px from the top of its scroller (JupyterLab adds space
#: below the last cell, so scrollHeight is no measure).
_CONTENT_HEIGHT = """scroller => {
    const box = document.querySelector(scroller);
    const cells = box.querySelectorAll('.jp-Notebook-cell');
    if (!cells.length) return box.scrollHeight;
    const last = cells[cells.length - 1].getBoundingClientRect().bottom;
    return Math.ceil(last - box.getBoundingClientRect().top + box.scrollTop);
}"""
_SCROLL_TO = """([scroller, top]) => new Promise(done => {
    const box = scroller ? document.querySelector(scroller) : document.scrollingElement;
    box.scrollTop = top;
    requestAnimationFrame(() => requestAnimationFrame(() => done(box.clientHeight)));
})"""
#: The tallest window used for a scan; a longer page is scanned in steps that overlap.
_TALLEST_PX = 20_000
_OVERLAP_PX = 400


def scan_in_full(
    page: Page,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    scroller: str | None,
    rules: list[str] | None = None,
    ours: list[str] | None = None,
) -> list[dict[str, Any]]:
    """axe-core's violations in ``include`` (the whole page if None) but not in ``exclude``, over
    the whole length of a page, not only what is in view: the window is made as tall as the
    content (in overlapping steps past 20,000 px) and each step is scanned, since axe-core skips
    elements off screen for the rules that need them on screen. ``scroller`` is the element that
    scrolls the content (JupyterLab's notebook), or None for the page itself (Voila). The
    window gets its size back afterwards. With ``ours`` (selectors), each element found gets
    ``"ours": True`` if it is inside one they match, told in the page at the step that found it
    (see :func:`scan_ours_and_host`)."""
    page.add_style_tag(content=_BODY_AS_HIGH_AS_THE_WINDOW)
    size = page.viewport_size
    assert size is not None
    if scroller is None:
        height = int(page.evaluate("() => document.documentElement.scrollHeight"))
    else:
        height = int(page.evaluate(_CONTENT_HEIGHT, scroller))
    page.set_viewport_size({"width": size["width"], "height": min(height + 200, _TALLEST_PX)})
    merged: dict[str, dict[str, Any]] = {}
    try:
        top = 0
        while True:
            shown = int(page.evaluate(_SCROLL_TO, [scroller, top]))
            for violation in axe_scan(page, include=include, exclude=exclude, rules=rules):
                if ours is not None:
                    _mark_ours(page, violation["nodes"], ours)
                kept = merged.setdefault(violation["id"], {**violation, "nodes": []})
                known = {str(node["target"]) for node in kept["nodes"]}
                kept["nodes"] += [n for n in violation["nodes"] if str(n["target"]) not in known]
            if top + shown >= height:
                break
            top += max(shown - _OVERLAP_PX, 1)
    finally:
        page.set_viewport_size(size)
        page.evaluate(_SCROLL_TO, [scroller, 0])
    return list(merged.values())


#: For each axe-core node target: whether its element is inside one matched by ``ours``, or
#: null if the page has no such element (then nobody can say whose it is).
_INSIDE = """([targets, ours]) => targets.map(target => {
    // A target is a selector, or a list of them (into shadow roots): the first names the
    // element in this document that holds the rest (axe-core scans no frame here).
    const first = Array.isArray(target) ? target[0] : target;
    const node = document.querySelector(Array.isArray(first) ? first[0] : first);
    return node ? !!node.closest(ours) : null;
})"""
_IMPACTS = ("minor", "moderate", "serious", "critical")


def _mark_ours(page: Page, nodes: list[dict[str, Any]], ours: list[str]) -> None:
    """Set each node's ``"ours"``, asked of the page as the scan left it; fail on an element the
    page does not have (counted as nobody's, a fault of ours could hide among the host's)."""
    flags = page.evaluate(_INSIDE, [[node["target"] for node in nodes], ", ".join(ours)])
    lost = [str(node["target"]) for node, flag in zip(nodes, flags, strict=True) if flag is None]
    assert not lost, f"axe-core reported elements the page does not have: {lost}"
    for node, flag in zip(nodes, flags, strict=True):
        node["ours"] = flag


def scan_ours_and_host(
    page: Page, ours: list[str], *, scroller: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One scan of the whole page (as :func:`scan_in_full`), its violations split in two: those
    on elements inside ``ours`` (the workbook's) and those outside (the host's), each with the
    impact of its own elements.

    The same as a scan including ``ours`` and one excluding it, for one scan's time, because
    each element's result does not depend on where the scan starts: true of axe-core 4.12's
    WCAG rules, where the rules that compare elements across the page (duplicate-id-aria,
    frame-title-unique) report for review, not as violations, and the page-level ones (bypass,
    document-title, html-has-lang) are on the host's html element. Check again on an upgrade."""
    for selector in ours:
        assert page.locator(selector).count(), f"nothing on the page matches {selector!r}"
    inside: list[dict[str, Any]] = []
    outside: list[dict[str, Any]] = []
    for violation in scan_in_full(page, scroller=scroller, ours=ours):
        for side, mine in ((inside, True), (outside, False)):
            nodes = [node for node in violation["nodes"] if node["ours"] is mine]
            if nodes:
                impacts = [node.get("impact") for node in nodes if node.get("impact")]
                impact = max(impacts, key=_IMPACTS.index) if impacts else violation["impact"]
                side.append({**violation, "impact": impact, "nodes": nodes})
    return inside, outside


def describe(violations: list[dict[str, Any]], per_rule: int = 3) -> list[str]:
    """One line per violation: rule, impact, what it asks, how many elements, the first few
    (axe's selector and the start of the element's HTML), so a failure says what to fix where."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        where = "; ".join(
            f"{' '.join(map(str, node['target']))} = {node['html'][:120]}"
            for node in nodes[:per_rule]
        )
        lines.append(
            f"{violation['id']} ({violation['impact']}, {len(nodes)} elements): "
            f"{violation['help']}: {where}"
        )
    return lines


_TAG = re.compile(r"<\s*([\w-]+)")
_CLASS = re.compile(r'\sclass="([^"]*)"')
_ROLE = re.compile(r'\srole="([^"]*)"')


def _element_summary(html: str) -> str:
    """A stable name for an element: its tag, role and class names, without the generated parts
    (ids, numbered or CodeMirror-generated classes) that change from run to run."""
    tag = _TAG.search(html)
    name = tag.group(1).lower() if tag else "?"
    role = _ROLE.search(html)
    if role:
        name += f"[role={role.group(1)}]"
    found = _CLASS.search(html)
    classes = sorted(
        c
        for c in (found.group(1).split() if found else [])
        if c.isascii() and not any(ch.isdigit() for ch in c)
    )
    return name + "".join(f".{c}" for c in classes)


def host_summary(violations: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The host's violations by rule: impact, what the rule asks, how many elements, and how
    many of each kind of element (tag, role, classes)."""
    summary: dict[str, dict[str, Any]] = {}
    for violation in violations:
        elements: dict[str, int] = {}
        for node in violation["nodes"]:
            key = _element_summary(node["html"])
            elements[key] = elements.get(key, 0) + 1
        summary[violation["id"]] = {
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": len(violation["nodes"]),
            "elements": dict(sorted(elements.items())),
        }
    return dict(sorted(summary.items()))


def _load() -> dict[str, Any]:
    if BASELINE.exists():
        loaded: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8"))
        return loaded
    return {"surfaces": {}}


def _pairs(summary: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    return {(rule, element) for rule, seen in summary.items() for element in seen["elements"]}


def baseline_changes(surface: str, summary: dict[str, dict[str, Any]], page: Page) -> list[str]:
    """How the host's violations on ``surface`` differ from the recorded baseline, in words (empty
    when they match: the same rules on the same kinds of element; counts may differ, as they grow
    with a chapter's cells). With ``CALFLIB_A11Y_RECORD=1`` the summary is recorded instead."""
    version = str(page.evaluate("() => window.axe ? axe.version : ''"))
    data = _load()
    if os.environ.get(_RECORD, "").strip() not in ("", "0"):
        data["about"] = (
            "axe-core violations of the host (JupyterLab, JupyterLite, Voila) outside the "
            "workbook's own elements, by surface and rule: recorded by tests/browser/"
            "a11y_support.py, compared by the browser tests. Re-record with CALFLIB_A11Y_RECORD=1 "
            "after reviewing a change."
        )
        surfaces = {**data.get("surfaces", {}), surface: summary}
        data = {"about": data["about"], "axe": version, "surfaces": dict(sorted(surfaces.items()))}
        BASELINE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
        return []
    recorded = data.get("surfaces", {}).get(surface)
    how = (
        f"This is the host's own page, not the workbook: review the change (a JupyterLab, "
        f"JupyterLite or Voila upgrade?) and, if it is accepted, record it again with "
        f"{_RECORD}=1 (see tests/browser/a11y_support.py)."
    )
    if recorded is None:
        return [f"{surface}: no baseline recorded in {BASELINE.name}. {how}"]
    changes = []
    for rule, element in sorted(_pairs(summary) - _pairs(recorded)):
        changes.append(f"{surface}: new host violation {rule} on {element}")
    for rule, element in sorted(_pairs(recorded) - _pairs(summary)):
        changes.append(f"{surface}: host violation {rule} on {element} is gone")
    if changes:
        recorded_axe = data.get("axe", "?")
        changes.append(f"(axe-core {version} now, {recorded_axe} when recorded.) {how}")
    return changes


#: What sticks out sideways from the visible width of ``scroller`` among the elements matched by
#: ``roots``, and which roots scroll sideways inside; data tables (WCAG 1.4.10's exception) are
#: reported apart.
_REFLOW = """([roots, scroller]) => {
    const box = document.querySelector(scroller);
    const limit = box.getBoundingClientRect().left + box.clientWidth + 1;
    const name = n => `${n.tagName.toLowerCase()}.${(n.getAttribute('class') || '').trim()
        .split(/\\s+/).slice(0, 4).join('.')} (right edge ${Math.round(
        n.getBoundingClientRect().right)} px, visible up to ${Math.round(limit - 1)} px)`;
    const problems = [], tables = [];
    // Read by a screen reader, never shown: inside a 1 px box that hides its overflow (the
    // usual "visually hidden" pattern, ours is .calf-sr-only). Its text is laid out on one long
    // line, but clipped to nothing: it makes nobody scroll. (A clipping box of any other size
    // is no excuse: content cut off there is a real reflow failure.)
    const hidden = n => {
        for (; n && n !== document.body; n = n.parentElement) {
            const r = n.getBoundingClientRect(), style = getComputedStyle(n);
            if (r.width <= 1 && r.height <= 1 && /hidden|clip/.test(style.overflow)) return true;
        }
        return false;
    };
    for (const root of document.querySelectorAll(roots)) {
        const seen = new Set();
        for (const node of [root, ...root.querySelectorAll('*')]) {
            const rect = node.getBoundingClientRect();
            if (rect.width === 0 || rect.height === 0 || rect.right <= limit) continue;
            if (hidden(node)) continue;
            if ([...seen].some(s => s.contains(node))) continue;
            seen.add(node);
            (node.closest('table') ? tables : problems).push(name(node));
        }
        // A word too long for the line sticks out of its paragraph, not as an element.
        const words = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let text = words.nextNode(); text; text = words.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(text);
            const right = Math.max(0, ...[...range.getClientRects()].map(r => r.right));
            if (right <= limit || [...seen].some(s => s.contains(text))) continue;
            if (hidden(text.parentElement)) continue;
            const where = text.parentElement;
            (where.closest('table') ? tables : problems).push(
                `text "${text.textContent.trim().slice(0, 40)}" in ${name(where)}`);
        }
        if (root.scrollWidth > root.clientWidth + 1) {
            const wide = [...root.querySelectorAll('table')].some(
                t => t.getBoundingClientRect().width > root.clientWidth);
            const style = getComputedStyle(root);  // past the content box is past the edge
            const edge = root.getBoundingClientRect().right + 1
                - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
            const wider = [...root.querySelectorAll('*')].filter(
                n => n.getBoundingClientRect().right > edge).slice(0, 3).map(name);
            const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let text = texts.nextNode(); text && wider.length < 3; text = texts.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(text);
                if ([...range.getClientRects()].some(r => r.right > edge)) {
                    wider.push(`text "${text.textContent.trim().slice(0, 40)}"`);
                }
            }
            const what = `${name(root)} scrolls sideways: ${root.scrollWidth} px of content in `
                + `${root.clientWidth} px` + (wider.length ? `, from ${wider.join(', ')}` : '');
            (wide ? tables : problems).push(what);
        }
    }
    return {problems: [...new Set(problems)], tables: [...new Set(tables)]};
}"""


def reflow_problems(page: Page, roots: str, scroller: str) -> tuple[list[str], list[str]]:
    """What of ``roots`` (a CSS selector) needs horizontal scrolling in ``scroller`` (the element
    that scrolls the page, e.g. JupyterLab's notebook or Voila's ``html``): the problems, and
    apart from them the data tables that do (allowed by WCAG 1.4.10)."""
    found: dict[str, list[str]] = page.evaluate(_REFLOW, [roots, scroller])
    return found["problems"], found["tables"]
