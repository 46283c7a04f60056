"""Slowing down password guessing and password-reset mail floods.

- Logins: django-axes counts failed logins in the database (axes.models.AccessAttempt) and
  locks out an account, and separately an IP address, after AXES_FAILURE_LIMIT failures
  within AXES_COOLOFF_TIME (settings LOGIN_FAILURE_LIMIT, LOGIN_COOLOFF_MINUTES). The lockout
  answer is the login page itself, with a French message saying when to try again
  (`lockout_response`). The secretariat unlocks an account from the admin (`unlock`).
- Password-reset mails: a fixed-window counter in Django's cache, per e-mail address and per
  IP address (`password_reset_wait`). Requests are counted whether or not an account has
  that address, so being throttled reveals nothing about which addresses exist.
"""
from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PASSWORD_RESET_WINDOW_SECONDS = 3600


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as the proxy in front saw it when TRUST_X_FORWARDED_FOR
    is on (the last entry of X-Forwarded-For is the one that proxy appended; earlier entries
    come from the client and may be forged), REMOTE_ADDR otherwise."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def _in_minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}


def lockout_message() -> str:
    return _(
        "Trop de tentatives de connexion. Réessayez dans %(delay)s, "
        "ou demandez au secrétariat de débloquer le compte."
    ) % {"delay": _in_minutes(settings.AXES_COOLOFF_TIME.total_seconds())}


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """Axes' AXES_LOCKOUT_CALLABLE: the login page again, in the site's layout, saying when to
    try again (429). Every failed attempt during a lockout starts the cool-off again
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT, axes' default), so the full cool-off is
    the true delay."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {
        "form": form,
        "lockout_message": lockout_message(),
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=429)


def unlock(usernames: Iterable[str]) -> int:
    """Forget the failed logins of these accounts (from every address); returns how many
    records were removed. A lock on an IP address alone is lifted in the admin, from the
    list of access attempts."""
    return sum(axes_reset(username=username) for username in usernames)


def _hit(scope: str, value: str, limit: int) -> float:
    """Counts one request for `value` in the current window; returns the seconds until the
    window ends if the count is over `limit`, 0 otherwise."""
    now = time.time()
    window = int(now // PASSWORD_RESET_WINDOW_SECONDS)
    digest = hashlib.sha256(value.encode()).hexdigest()
    key = f"accounts:password-reset:{scope}:{digest}:{window}"
    # add() then incr(): atomic on Redis; one process's memory otherwise.
    cache.add(key, 0, PASSWORD_RESET_WINDOW_SECONDS + 60)
    count = cache.incr(key)
    if count <= limit:
        return 0
    return (window + 1) * PASSWORD_RESET_WINDOW_SECONDS - now


def password_reset_wait(request: HttpRequest, email: str) -> str:
    """Counts a password-reset request for this address and from this IP address. Returns
    the French message saying when to try again if either is over its hourly limit
    (PASSWORD_RESET_LIMIT_PER_EMAIL, PASSWORD_RESET_LIMIT_PER_IP), an empty string when the
    mail may be sent."""
    wait = max(
        _hit("email", email.strip().lower(), settings.PASSWORD_RESET_LIMIT_PER_EMAIL),
        _hit("ip", client_ip(request), settings.PASSWORD_RESET_LIMIT_PER_IP),
    )
    if not wait:
        return ""
    return _(
        "Trop de demandes de réinitialisation pour cette adresse ou depuis votre connexion : "
        "aucun courriel n'a été envoyé. Réessayez dans %(delay)s."
    ) % {"delay": _in_minutes(wait)}
