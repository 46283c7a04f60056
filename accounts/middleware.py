from zoneinfo import ZoneInfo

from django.utils import timezone


class UserTimeZoneMiddleware:
    """Dates and times are shown in the time zone the user chose (Paris or Montréal);
    anonymous visitors get the server's (TIME_ZONE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            timezone.activate(ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)
