"""CACHE_URL chooses the default cache: local memory per process, or Redis shared by every
worker and app server. No Redis server is needed: nothing here connects to one."""
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from maillage.settings import cache_config


def test_empty_cache_url_keeps_the_local_memory_cache():
    assert cache_config("") == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    assert cache_config("  ") == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "rediss://cache.example.org:6380/2"])
def test_a_redis_url_gives_djangos_redis_backend(url):
    assert cache_config(url) == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


def test_an_unknown_cache_url_is_refused_with_a_french_message():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL « memcached://127.0.0.1:11211 » : adresse non reconnue"):
        cache_config("memcached://127.0.0.1:11211")


def test_the_environment_variable_reaches_the_settings_and_the_redis_client_loads(tmp_path):
    # A fresh process, as a server reads its environment; building the client imports the
    # `redis` package (a dependency) but opens no connection.
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.cache import cache\n"
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])\n"
        "print(type(cache._cache).__name__, cache._cache._lib.__name__, cache._cache._servers)\n"
    )
    env = {**os.environ, "CACHE_URL": "redis://127.0.0.1:6399/3", "MAILLAGE_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "maillage.settings"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first == "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6399/3"
    assert second == "RedisCacheClient redis ['redis://127.0.0.1:6399/3']"
