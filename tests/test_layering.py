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
    """The widgets layer needs ipywidgets and nothing else from outside the stdlib."""
    for path in (PACKAGE / "widgets").glob("*.py"):
        extra = _imports(path) - STDLIB - {"calflib", "ipywidgets"}
        assert not extra, f"{path.name} imports {sorted(extra)}"


def test_importing_the_core_loads_no_ipywidgets_or_ipython() -> None:
    """In a fresh interpreter, using the core never pulls in ipywidgets or IPython."""
    code = (
        "import sys, calflib, calflib.screening, calflib.wells, calflib.cards, calflib.trainer;"
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
