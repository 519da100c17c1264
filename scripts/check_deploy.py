"""`manage.py check --deploy` against the production settings, with a throw-away secret from the environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
env = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "tanxin.config.settings_production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "tanxin.example.gov.cn",
}
result = subprocess.run(
    [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env
)
sys.exit(result.returncode)
