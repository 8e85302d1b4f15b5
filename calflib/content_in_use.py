"""The content in use: the built-in content and questions plus every teacher's pack in use.

This sits on top of what it is built from, so the package is one straight stack::

    loader (built-in content)  ->  screening, trainer  ->  quiz_loader (built-in questions)
        ->  packs (a teacher's pack, checked against all of these)  ->  content_in_use

Packs add stories, questions and the sources they cite, never findings or rules. So the
screening engine, the Wells score and every chapter's built-in material default to the built-in
content (:func:`calflib.loader.builtin_content`); what shows a pack's material (the scenario
trainer, the self-checks, progress and the teacher's answer key) uses the functions here.
"""

from __future__ import annotations

from calflib.loader import builtin_content
from calflib.model import Content
from calflib.packs import pack_folders, packs_in_use
from calflib.quiz import QuestionBank
from calflib.quiz_loader import builtin_bank

__all__ = ["default_bank", "default_content"]


def default_content() -> Content:
    """The built-in content plus the scenarios and sources of every pack in use that loaded.

    Never raises for a broken pack: it is left out (see :func:`calflib.packs.pack_problems`).
    """
    folders = pack_folders()
    # No pack: the built-in content alone, without reading the question bank too.
    return builtin_content() if not folders else packs_in_use(folders).content


def default_bank() -> QuestionBank:
    """The built-in questions plus those of every pack in use that loaded (never raises)."""
    folders = pack_folders()
    return builtin_bank() if not folders else packs_in_use(folders).bank
