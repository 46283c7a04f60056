"""A production configuration passes Django's deployment checks, and static files are
served by WhiteNoise when DEBUG is off, without collectstatic."""
import os
import re
import subprocess
import sys

import pytest

PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-checks-only-" + "y" * 20,
    "ALLOWED_HOSTS": "maillage.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://maillage.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "DEBUG": "0",
}


def deployment_warnings(tmp_path, **overrides) -> set[str]:
    env = {**os.environ, **PRODUCTION, "MAILLAGE_DATA_DIR": str(tmp_path), **overrides}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Set for the browser tests (tests/browser/fixtures.py); never in production.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "maillage", "check", "--deploy"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert "ERRORS" not in result.stderr, result.stderr
    # Every check id, not only Django's security.*: django-axes and django-csp have checks too.
    return set(re.findall(r"\((\w+\.[A-Z]\d+)\)", result.stderr + result.stdout))


def test_production_settings_leave_only_the_hsts_decision(tmp_path):
    # HSTS binds the domain for a long time: its owner turns it on (SECURE_HSTS_SECONDS).
    assert deployment_warnings(tmp_path) == {"security.W004"}


def test_debug_in_production_is_reported(tmp_path):
    assert "security.W018" in deployment_warnings(tmp_path, DEBUG="1")


def test_plain_http_cookies_are_reported(tmp_path):
    assert {"security.W012", "security.W016"} <= deployment_warnings(tmp_path, SECURE_COOKIES="0")


@pytest.mark.django_db
def test_static_files_are_served_without_debug_and_without_collectstatic(client, settings):
    assert settings.DEBUG is False
    css = client.get("/static/maillage/site.css")
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")


@pytest.mark.django_db
def test_api_documentation_loads_its_assets_from_this_server(client):
    page = client.get("/api/v1/docs").content.decode()
    # Scripts, images and stylesheets; the links back to the site and to the schema are not assets.
    assets = re.findall(r'src="([^"]+)"', page) + re.findall(r'<link[^>]*href="([^"]+)"', page)
    assert assets, page
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset


def test_the_wsgi_and_asgi_applications_freeze_what_startup_loaded(tmp_path):
    # Full garbage collections must not walk the modules, models and URL patterns of a
    # serving process (maillage/process.py); a fresh interpreter shows it.
    env = {**os.environ, **PRODUCTION, "MAILLAGE_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for module in ("maillage.wsgi", "maillage.asgi"):
        script = (
            "import gc, importlib, sys\n"
            "assert gc.get_freeze_count() == 0\n"
            f"importlib.import_module({module!r})\n"
            "assert 'projects.views' in sys.modules and 'dashboard.api' in sys.modules\n"
            "print(gc.get_freeze_count())\n"
        )
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        assert int(result.stdout) > 20_000, (module, result.stdout)


def test_session_length_and_throttling_limits_come_from_the_environment(tmp_path):
    env = {
        **os.environ, **PRODUCTION, "MAILLAGE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "maillage.settings",
        "SESSION_HOURS": "1.5", "LOGIN_FAILURE_LIMIT": "7", "LOGIN_COOLOFF_MINUTES": "30",
        "PASSWORD_RESET_LIMIT_PER_EMAIL": "2", "PASSWORD_RESET_LIMIT_PER_IP": "4",
    }
    script = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_AGE, s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()),"
        " s.PASSWORD_RESET_LIMIT_PER_EMAIL, s.PASSWORD_RESET_LIMIT_PER_IP, s.CSRF_COOKIE_HTTPONLY)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5400", "7", "1800", "2", "4", "True"]
