import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The personas' six PBKDF2 hashes take seconds per test; the hash is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
