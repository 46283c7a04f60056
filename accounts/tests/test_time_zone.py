import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.urls import path

from maillage.urls import urlpatterns as project_urlpatterns

EVENT = datetime.datetime(2026, 11, 27, 14, 30, tzinfo=ZoneInfo("UTC"))


def show_event(request):
    from django.http import HttpResponse

    return HttpResponse(Template("{{ event|time:'H:i' }}").render(Context({"event": EVENT})))


urlpatterns = [path("test-heure/", show_event), *project_urlpatterns]


def test_a_montreal_user_sees_times_in_montreal_time(client, personas, settings):
    settings.ROOT_URLCONF = __name__
    user = personas["trois_rivieres"]
    client.force_login(user)
    assert client.get("/test-heure/").content.decode() == "15:30"  # Paris by default (UTC+1)
    response = client.post("/comptes/profil/", {"time_zone": "America/Toronto"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "America/Toronto"
    assert client.get("/test-heure/").content.decode() == "09:30"  # Montréal (UTC-5)


def test_an_unknown_time_zone_is_refused(client, personas):
    client.force_login(personas["lyon"])
    response = client.post("/comptes/profil/", {"time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    personas["lyon"].refresh_from_db()
    assert personas["lyon"].time_zone == "Europe/Paris"
