"""Two editors of Lyon open its form: the second save is refused, with the change, instead
of reverting the first (core/locking.py; the registry keeps no history, so the form carries
the values it showed)."""
import html
import re

from django.test import Client

LYON_EDIT = "/collectivites/fr/commune/69123/modifier/"


def hidden_fields(page: str) -> dict:
    """The form's hidden inputs (the CSRF token left out), an empty value when none."""
    fields = {}
    for name, attributes in re.findall(r'<input type="hidden" name="([\w-]+)"([^>]*)>', page):
        value = re.search(r'value="([^"]*)"', attributes)
        fields[name] = html.unescape(value[1]) if value else ""
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def _open(user):
    client = Client()
    client.force_login(user)
    return client, hidden_fields(client.get(LYON_EDIT).content.decode())


def test_a_stale_save_is_refused_with_what_changed_and_a_second_one_overwrites(personas, lyon_commune):
    secretariat, read_by_secretariat = _open(personas["secretariat"])
    lyon, read_by_lyon = _open(personas["lyon"])
    assert read_by_lyon == {"initial-website": "", "version": "1"}

    assert secretariat.post(LYON_EDIT, {**read_by_secretariat, "website": "https://www.lyon.fr"}).status_code == 302
    response = lyon.post(LYON_EDIT, {**read_by_lyon, "website": "https://lyon.example"})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Site web : « — » → « https://www.lyon.fr »" in page
    assert 'value="https://lyon.example"' in page
    lyon_commune.refresh_from_db()
    assert (lyon_commune.website, lyon_commune.version) == ("https://www.lyon.fr", 2)
    resent = hidden_fields(response.content.decode())
    assert resent == {"initial-website": "https://www.lyon.fr", "version": "2"}

    assert lyon.post(LYON_EDIT, {**resent, "website": "https://lyon.example"}).status_code == 302
    lyon_commune.refresh_from_db()
    assert (lyon_commune.website, lyon_commune.version) == ("https://lyon.example", 3)
