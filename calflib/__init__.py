"""calflib: content, screening rules and widgets for the Calf Massage Workbook.

The core (everything except :mod:`calflib.widgets`) uses the Python standard library only, so it
runs anywhere, including in the browser (Pyodide). Start with :func:`calflib.screening.assess`.
"""

from __future__ import annotations

from calflib.errors import ContentError
from calflib.loader import builtin_content, load_content
from calflib.model import Level

__version__ = "0.1.0"

__all__ = ["ContentError", "Level", "__version__", "builtin_content", "load_content"]
