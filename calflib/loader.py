"""Load and cross-check the workbook's content files (TOML, read with the standard library).

Every problem raises :class:`~calflib.errors.ContentError` naming the file, the entry and the field,
with a "did you mean" hint for unknown ids, so a teacher editing a file can fix it without reading
Python. The built-in content is cached: :func:`builtin_content` parses it once per process.

This is the lowest content module: it knows nothing of teachers' packs. The content in use (the
built-in content plus the packs) is built on top of it, in :mod:`calflib.content_in_use`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calflib._schema import EntryReader, entries, known_tables, unique_ids
from calflib._toml_cache import parse_toml
from calflib.errors import ContentError, ProblemCollector
from calflib.model import (
    SOURCE_KINDS,
    Combination,
    Content,
    Finding,
    FindingGroup,
    Level,
    LevelInfo,
    Scenario,
    Source,
    Timing,
    WellsItem,
    WellsRules,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "CONTENT_FILES",
    "MAX_DEPTH",
    "builtin_content",
    "builtin_folder",
    "load_content",
    "parse_scenarios",
    "parse_sources",
    "read_toml",
]

CONTENT_FILES = ("sources.toml", "levels.toml", "findings.toml", "scenarios.toml", "wells.toml")
_SOURCE_FIELDS = ("key", "kind", "title", "url", "note")
_SCENARIO_FIELDS = (
    "id",
    "title",
    "story",
    "present",
    "not_sure",
    "days_since_injury",
    "expected",
    "teaching_point",
    "sources",
)
_SOURCE_KINDS = tuple(SOURCE_KINDS)
_LEVEL_KEYS = tuple(level.key for level in Level)


def read_toml(folder: Traversable | Path, name: str, label: str = "") -> dict[str, Any]:
    """Parse one TOML file, turning any problem with it into a ContentError that names the file.

    ``label`` goes before the name in errors (a pack's folder, e.g. "our-pack/"). A file parsed
    before (same bytes) comes from the parse cache (calflib/_toml_cache.py).
    """
    path = folder / name
    file = label + name
    try:
        if not path.is_file():
            raise ContentError(file, f"file not found in {folder}")
        # utf-8-sig: a byte-order mark (which some Windows editors add) is not part of the TOML
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(file, f"not UTF-8 text: {exc}") from None
    except OSError as exc:
        raise ContentError(file, f"could not be read: {exc.strerror or exc}") from None
    try:
        document = parse_toml(text, str(path))
    except ValueError as exc:  # tomllib.TOMLDecodeError, not imported here (see _toml_cache)
        raise ContentError(file, f"not valid TOML: {exc}") from None
    except RecursionError:  # tomllib reads nested brackets by recursion
        raise ContentError(file, _TOO_DEEP) from None
    if _depth(document) > MAX_DEPTH:
        raise ContentError(file, _TOO_DEEP)
    return document


#: How deeply tables and lists may nest in a content file. The built-in files need 7 (a point's
#: [x, y] in a technique's strokes); a runaway [a.b.c...] header or unclosed brackets need far
#: more, and every reader after this one may then assume a shallow document (no recursion limit).
MAX_DEPTH = 32
_TOO_DEEP = (
    f"tables or lists are nested more than {MAX_DEPTH} levels deep; a content file needs only a "
    "few (look for a [a.b.c...] header with many dots, or brackets that are never closed)"
)


def _depth(document: Mapping[str, object]) -> int:
    """How many tables and lists deep the document goes (found without recursion)."""
    deepest = 0
    stack: list[tuple[Mapping[str, object] | list[object], int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        children = node.values() if isinstance(node, Mapping) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _level(reader: EntryReader, field: str, default: str | None = None) -> Level:
    return Level.from_key(reader.choice(field, _LEVEL_KEYS, default))


def parse_sources(
    doc: Mapping[str, object],
    file: str = "sources.toml",
    known: Mapping[str, Source] | None = None,
) -> dict[str, Source]:
    """Read ``[[source]]`` entries; keys must be unique, also against ``known`` ones."""
    result: dict[str, Source] = {}
    collector = ProblemCollector()
    _collect_unknown_tables(file, doc, "source", collector)
    for i, data in enumerate(entries(file, doc, "source")):
        try:
            r = EntryReader(file, "source", data, i, fields=_SOURCE_FIELDS)
            key = r.text("key")
            if key in result or (known is not None and key in known):
                raise r.error("key", f"'{key}' is used twice; keys must be unique")
            result[key] = Source(
                key=key,
                kind=r.choice("kind", _SOURCE_KINDS),
                title=r.text("title"),
                url=r.text("url", ""),
                note=r.text("note", ""),
            )
            r.finish()
        except ContentError as exc:
            collector.add(exc)
    collector.check()
    return result


def _collect_unknown_tables(
    file: str, doc: Mapping[str, object], table: str, collector: ProblemCollector
) -> None:
    """Collect a misspelt table beside the entry problems; alone (a lone [[senario]], no
    [[scenario]]) it is the one problem to report, rather than "no entries"."""
    try:
        known_tables(file, doc, (table,))
    except ContentError as exc:
        collector.add(exc)
        if table not in doc:
            collector.check()


def _levels(doc: Mapping[str, object]) -> dict[Level, LevelInfo]:
    file = "levels.toml"
    known_tables(file, doc, ("level",))
    result: dict[Level, LevelInfo] = {}
    for i, data in enumerate(entries(file, doc, "level")):
        r = EntryReader(file, "level", data, i)
        level = _level(r, "id")
        result[level] = LevelInfo(
            level=level,
            icon=r.text("icon"),
            title=r.text("title"),
            meaning=r.text("meaning"),
            advice=r.text("advice"),
            advice_urgent=r.text("advice_urgent", ""),
        )
        r.finish()
    missing = [level.key for level in Level if level not in result]
    if missing:
        raise ContentError(file, f"no [[level]] entry for {', '.join(missing)}")
    return result


def _timing(r: EntryReader, level: Level) -> Timing | None:
    raw = r.table("timing")
    if raw is None:
        return None
    if level != Level.WAIT:
        raise r.error("timing", 'only a finding with level = "wait" can have a [timing] table')
    t = EntryReader(r.file, "timing", raw, entry=f"{r.entry} [timing]")
    then_level = _level(t, "then_level")
    if then_level >= Level.WAIT:
        raise t.error("then_level", "must be a milder level than wait (modify or clear)")
    timing = Timing(
        wait_until_day=t.integer("wait_until_day", minimum=1),
        then_level=then_level,
        then_action=t.text("then_action"),
        then_adaptations=t.text_list("then_adaptations", required=then_level == Level.MODIFY),
    )
    t.finish()
    return timing


def _findings(
    doc: Mapping[str, object], sources: Mapping[str, Source]
) -> tuple[tuple[FindingGroup, ...], dict[str, Finding]]:
    file = "findings.toml"
    groups: list[FindingGroup] = []
    for i, data in enumerate(entries(file, doc, "group")):
        r = EntryReader(file, "group", data, i)
        groups.append(
            FindingGroup(
                id=r.identifier(),
                title=r.text("title"),
                intro=r.text("intro"),
                lead_in=r.text("lead_in"),
            )
        )
        r.finish()
    unique_ids(file, "group", (g.id for g in groups))
    group_ids = [g.id for g in groups]
    findings: dict[str, Finding] = {}
    for i, data in enumerate(entries(file, doc, "finding")):
        r = EntryReader(file, "finding", data, i)
        fid = r.identifier()
        if fid in findings:
            raise r.error("id", f"'{fid}' is used twice; ids must be unique")
        group = r.text("group")
        r.check_refs("group", [group], group_ids, "group")
        level = _level(r, "level")
        refs = r.source_keys(sources)
        adaptations = r.text_list("adaptations", required=level == Level.MODIFY)
        if adaptations and level != Level.MODIFY:
            raise r.error("adaptations", 'only findings with level = "modify" have adaptations')
        urgent = r.flag("urgent", False)
        if urgent and level < Level.REFER:
            raise r.error("urgent", "only refer or emergency findings can be urgent")
        findings[fid] = Finding(
            id=fid,
            group=group,
            label=r.text("label"),
            question=r.text("question"),
            help=r.text("help", ""),
            level=level,
            urgent=urgent,
            why=r.text("why"),
            action=r.text("action"),
            adaptations=adaptations,
            if_unsure=r.text("if_unsure", ""),
            sources=refs,
            timing=_timing(r, level),
        )
        r.finish()
    return tuple(groups), findings


def _combinations(
    doc: Mapping[str, object], findings: Mapping[str, Finding], sources: Mapping[str, Source]
) -> tuple[Combination, ...]:
    file = "findings.toml"
    result: list[Combination] = []
    for i, data in enumerate(entries(file, doc, "combination")):
        r = EntryReader(file, "combination", data, i)
        cid = r.identifier()
        if cid in findings or cid in (c.finding.id for c in result):
            raise r.error("id", f"'{cid}' is already used; a combination needs an id of its own")
        when = r.refs("when", findings, "finding")
        if len(set(when)) < 2:
            raise r.error("when", "list at least two different finding ids")
        level = _level(r, "level")
        weakest = max(findings[fid].level for fid in when)
        if level <= weakest:
            raise r.error(
                "level",
                f"must be more serious than each finding alone (at least {weakest.key}), "
                "or the combination changes nothing",
            )
        urgent = r.flag("urgent", False)
        if urgent and level < Level.REFER:
            raise r.error("urgent", "only refer or emergency combinations can be urgent")
        finding = Finding(
            id=cid,
            group="combination",
            label=r.text("label"),
            question="",
            level=level,
            urgent=urgent,
            why=r.text("why"),
            action=r.text("action"),
            if_unsure=r.text("if_unsure", ""),
            sources=r.source_keys(sources),
        )
        r.finish()
        result.append(Combination(when=tuple(when), finding=finding))
    return tuple(result)


def parse_scenarios(
    doc: Mapping[str, object],
    sources: Mapping[str, Source],
    findings: Mapping[str, Finding],
    file: str = "scenarios.toml",
    taken: Iterable[str] = (),
) -> tuple[Scenario, ...]:
    """Read ``[[scenario]]`` entries, reporting every broken entry at once.

    ``taken`` holds scenario ids already in use (e.g. the built-in ones, for a teacher's pack).
    """
    result: list[Scenario] = []
    used = set(taken)
    collector = ProblemCollector()
    _collect_unknown_tables(file, doc, "scenario", collector)
    timed = [fid for fid, f in findings.items() if f.timing is not None]
    for i, data in enumerate(entries(file, doc, "scenario")):
        try:
            r = EntryReader(file, "scenario", data, i, fields=_SCENARIO_FIELDS)
            result.append(_scenario(r, sources, findings, timed, used))
        except ContentError as exc:
            collector.add(exc)
    collector.check()
    return tuple(result)


def _scenario(
    r: EntryReader,
    sources: Mapping[str, Source],
    findings: Mapping[str, Finding],
    timed: list[str],
    used: set[str],
) -> Scenario:
    ident = r.identifier()
    if ident in used:
        raise r.error("id", f"scenario id '{ident}' is used twice; ids must be unique")
    used.add(ident)
    present = r.text_list("present", required=False)
    not_sure = r.text_list("not_sure", required=False)
    r.check_refs("present", present, findings, "finding")
    r.check_refs("not_sure", not_sure, findings, "finding")
    both = set(present) & set(not_sure)
    if both:
        raise r.error("not_sure", f"{sorted(both)} also listed in 'present'; pick one")
    refs = r.source_keys(sources)
    days: int | None = None
    if "days_since_injury" in r.data:
        days = r.integer("days_since_injury", minimum=0)
        if not any(fid in present for fid in timed):
            raise r.error(
                "days_since_injury",
                f"only makes sense when 'present' lists one of {', '.join(timed)}",
            )
    scenario = Scenario(
        id=ident,
        title=r.text("title"),
        story=r.text("story"),
        present=present,
        not_sure=not_sure,
        days_since_injury=days,
        expected=_level(r, "expected"),
        teaching_point=r.text("teaching_point"),
        sources=refs,
    )
    r.finish()
    return scenario


def _wells(
    doc: Mapping[str, object], sources: Mapping[str, Source]
) -> tuple[tuple[WellsItem, ...], WellsRules]:
    file = "wells.toml"
    known_tables(file, doc, ("item", "rules"))
    items: list[WellsItem] = []
    for i, data in enumerate(entries(file, doc, "item")):
        r = EntryReader(file, "item", data, i)
        points = r.integer("points")
        refs = r.source_keys(sources)
        items.append(
            WellsItem(
                id=r.identifier(),
                label=r.text("label"),
                points=points,
                help=r.text("help", ""),
                sources=refs,
            )
        )
        r.finish()
    unique_ids(file, "item", (item.id for item in items))
    raw_rules = doc.get("rules")
    if not isinstance(raw_rules, dict):
        raise ContentError(file, "missing the [rules] table (threshold and next steps)")
    r = EntryReader(file, "rules", raw_rules, entry="[rules]")
    refs = r.source_keys(sources)
    rules = WellsRules(
        likely_at=r.integer("likely_at"),
        likely_title=r.text("likely_title"),
        likely_next_step=r.text("likely_next_step"),
        unlikely_title=r.text("unlikely_title"),
        unlikely_next_step=r.text("unlikely_next_step"),
        caution=r.text("caution"),
        sources=refs,
    )
    r.finish()
    return tuple(items), rules


def load_content(folder: Traversable | Path | None = None) -> Content:
    """Load every content file from ``folder`` (default: built-in content) and cross-check it."""
    root: Traversable | Path = folder if folder is not None else builtin_folder()
    sources = parse_sources(read_toml(root, "sources.toml"))
    levels = _levels(read_toml(root, "levels.toml"))
    findings_doc = read_toml(root, "findings.toml")
    known_tables("findings.toml", findings_doc, ("group", "finding", "combination"))
    groups, findings = _findings(findings_doc, sources)
    combinations = _combinations(findings_doc, findings, sources)
    scenarios = parse_scenarios(read_toml(root, "scenarios.toml"), sources, findings)
    wells_items, wells_rules = _wells(read_toml(root, "wells.toml"), sources)
    return Content(
        sources=sources,
        levels=levels,
        groups=groups,
        findings=findings,
        scenarios=scenarios,
        wells_items=wells_items,
        wells_rules=wells_rules,
        combinations=combinations,
    )


def builtin_folder() -> Traversable | Path:
    """The folder of the built-in content files.

    A plain folder when calflib is installed as files, as it always is (pip, uv, Pyodide);
    otherwise (e.g. from a zip) the import system is asked. ``importlib.resources`` is imported
    only then: it costs about 10 ms, a tenth of what importing calflib takes.
    """
    here = Path(__file__).with_name("content")
    if here.is_dir():
        return here
    from importlib import resources

    return resources.files("calflib.content")


@functools.cache
def builtin_content() -> Content:
    """The built-in content, loaded once per process."""
    return load_content()
