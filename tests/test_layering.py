"""Tests for the layering: the core is stdlib-only; the widgets layer adds ipywidgets only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import calflib

PACKAGE = Path(calflib.__file__).parent
STDLIB = set(sys.stdlib_module_names)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_modules_import_only_the_standard_library() -> None:
    """Every core module imports only stdlib modules and calflib itself."""
    core = [p for p in PACKAGE.rglob("*.py") if "widgets" not in p.relative_to(PACKAGE).parts]
    assert len(core) >= 8
    for path in core:
        extra = _imports(path) - STDLIB - {"calflib"}
        assert not extra, f"{path.name} imports {sorted(extra)}"


def test_widgets_layer_imports_only_ipywidgets_beyond_the_stdlib() -> None:
    """The widgets layer needs ipywidgets (with its traitlets) and nothing else from outside the
    stdlib: not even anywidget, whose front end the one-model widgets use without its Python side
    (calflib/widgets/_anymodel.py), which would cost every new kernel its start-up time."""
    for path in (PACKAGE / "widgets").glob("*.py"):
        extra = _imports(path) - STDLIB - {"calflib", "ipywidgets", "traitlets"}
        assert not extra, f"{path.name} imports {sorted(extra)}"


def test_importing_the_core_loads_no_ipywidgets_or_ipython() -> None:
    """In a fresh interpreter, using the core never pulls in ipywidgets or IPython."""
    code = (
        "import sys, calflib, calflib.screening, calflib.wells, calflib.cards, calflib.trainer;"
        "import calflib.plan_compare, calflib.plan_compare_cards, calflib.practice;"
        "import calflib.technique_diagrams;"
        "calflib.screening.assess({});"
        "bad = [m for m in ('ipywidgets', 'IPython') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_exported_widget_can_be_imported() -> None:
    """Each name in calflib.widgets.__all__ resolves to a widget class (lazy import works)."""
    import calflib.widgets as w

    assert sorted(w.__all__) == sorted(w._WHERE)
    for name in w.__all__:
        assert isinstance(getattr(w, name), type), name
    assert set(w.__all__) <= set(dir(w))


def _module_name(path: Path) -> str:
    parts = ("calflib", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Which calflib modules each calflib module imports, counting imports anywhere in it
    (in functions and under ``if TYPE_CHECKING:`` too: a local import hides a cycle, it does not
    remove it)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                # "from calflib import loader" imports the module calflib.loader
                targets |= {
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                }
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles, e.g. [a, b, a]: for each module, the shortest way back to it, if any (a
    module already on a reported cycle is not started from again)."""
    cycles: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        # Breadth-first from start: the shortest way back to start, if there is one.
        came_from: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in came_from:
            following = []
            for node in frontier:
                for target in sorted(graph.get(node, ())):
                    if target not in came_from:
                        came_from[target] = node
                        following.append(target)
            frontier = following
        if start in came_from:
            cycle = [start]
            while (previous := came_from[cycle[-1]]) != start:
                cycle.append(previous)
            cycle = [start, *reversed(cycle[1:]), start]
            cycles.append(cycle)
            done |= set(cycle)
    return cycles


def test_calflib_has_no_import_cycle() -> None:
    """No calflib module imports, even from inside a function, a module that leads back to it:
    the package is one straight stack (content -> core -> cards -> widgets)."""
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_cycle_check_sees_local_imports_and_names_the_cycle() -> None:
    """The graph counts imports inside functions, and a cycle is reported by its modules."""
    graph = import_graph()
    assert "calflib.packs" in graph["calflib.teacher_cli"]  # imported inside a function
    assert "calflib.widgets._common" in graph["calflib.widgets.screening"]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []
