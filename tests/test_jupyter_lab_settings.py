"""Tests for the workbook's JupyterLab settings in jupyter-config/ (on JUPYTER_CONFIG_PATH for
``make lab`` and the browser tests): no news pop-up and no update prompts over the notebook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "jupyter-config"
ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"

# Run in a child process: jupyter_core reads JUPYTER_CONFIG_PATH when it is asked, and the test
# run's own environment must not change.
_READ = """
import json
from jupyterlab.labapp import LabApp
from jupyterlab_server.config import get_static_page_config
from jupyter_core.paths import jupyter_config_path
from traitlets.config.loader import JSONFileConfigLoader

where = jupyter_config_path()[0]
config = JSONFileConfigLoader("jupyter_server_config.json", path=where).load_config()
lab = LabApp(config=config)
print(json.dumps({
    "page": get_static_page_config(),
    "news_url": lab.news_url,
    "checker": lab.check_for_updates_class.__name__,
}))
"""


def _settings() -> dict[str, object]:
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(CONFIG)}
    out = subprocess.run(
        [sys.executable, "-c", _READ], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_make_lab_shows_no_news_or_update_pop_up() -> None:
    """With jupyter-config/ on JUPYTER_CONFIG_PATH (as `make lab` sets it) the plugin that asks
    about Jupyter news and checks for updates is off, the news feed is unset and the server never
    checks for a newer JupyterLab."""
    settings = _settings()
    page = settings["page"]
    assert isinstance(page, dict)
    assert page["disabledExtensions"] == {ANNOUNCEMENTS: True}
    assert settings["news_url"] is None
    assert settings["checker"] == "NeverCheckForUpdate"


def test_make_lab_puts_the_settings_on_the_config_path() -> None:
    """`make lab` starts JupyterLab with jupyter-config/ on JUPYTER_CONFIG_PATH."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config' in makefile
