"""The committed gettext catalogues: Québec's differences, the fallback to French, and
compiled files that match their sources (run scripts/messages after editing a .po)."""
import ast
import re
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def read_po(path: Path) -> dict[str, str]:
    """(msgctxt, msgid) → msgstr of the translated, non-fuzzy singular entries of a .po file."""
    entries, current, field, fuzzy = {}, {}, None, False

    def flush():
        if current.get("msgid") and current.get("msgstr") and not fuzzy:
            entries[current.get("msgctxt"), current["msgid"]] = current["msgstr"]

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            flush()
            current, field, fuzzy = {}, None, False
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            field, _space, value = line.partition(" ")
            current[field] = ast.literal_eval(value)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        elif line.startswith(("msgid_plural", "msgstr[")):
            field = None  # plural entries: checked through gettext below
    return entries


@pytest.mark.parametrize("language", ["fr", "fr_CA", "en"])
def test_compiled_catalogue_matches_its_source(language):
    directory = LOCALE / language / "LC_MESSAGES"
    with open(directory / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for (context, msgid), msgstr in read_po(directory / "django.po").items():
        found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        assert found == msgstr, f"{language} : « {msgid} » — lancez scripts/messages"


def test_french_catalogue_is_complete():
    po = (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in po.split("\n\n", 1)[1] + "\n", "locale/fr : lancez scripts/messages"


@pytest.mark.parametrize(
    ("french", "quebec"),
    [
        # In France a "sommaire" is a table of contents; in Québec, a summary.
        ("Sommaire du plan", "Table des matières du plan"),
        # OQLF typography: no space before a question mark.
        ("Mot de passe oublié ?", "Mot de passe oublié?"),
    ],
)
def test_quebec_says_some_things_differently(french, quebec):
    with translation.override("fr"):
        assert translation.gettext(french) == french
    with translation.override("fr-ca"):
        assert translation.gettext(french) == quebec


def test_quebec_falls_back_to_french_for_the_rest():
    with translation.override("fr-ca"):
        assert translation.gettext("Collectivités") == "Collectivités"
        # Django's own strings come from Django's French catalogue.
        assert translation.gettext("This field is required.") == "Ce champ est obligatoire."


@pytest.mark.django_db
def test_the_login_page_speaks_quebec_french_to_a_quebec_browser(client):
    page = client.get("/comptes/connexion/", headers={"accept-language": "fr-CA"}).content.decode()
    assert "Mot de passe oublié?" in page
    page = client.get("/comptes/connexion/", headers={"accept-language": "fr-FR"}).content.decode()
    assert "Mot de passe oublié ?" in page


def test_english_translates_the_layout_and_the_registry():
    with translation.override("en"):
        assert translation.gettext("Aller au contenu") == "Skip to content"
        assert translation.gettext("Collectivités") == "Collectivities"
        assert translation.ngettext("%(formatted)s collectivité", "%(formatted)s collectivités", 2) == "%(formatted)s collectivities"


def test_english_catalogue_is_complete():
    """Every entry of locale/en translated (plural forms included), none left fuzzy: English
    is offered in the menu, so no page may fall back to French."""
    blocks = (LOCALE / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").split("\n\n")[1:]
    fuzzy, empty = [], []
    for block in blocks:
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        msgid = next((line for line in lines if line.startswith("msgid ")), "")
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            fuzzy.append(msgid)
        for i, line in enumerate(lines):
            if re.match(r'msgstr(\[\d+\])? ""$', line) and not (i + 1 < len(lines) and lines[i + 1].startswith('"')):
                empty.append(msgid)
    assert not fuzzy, f"locale/en : {len(fuzzy)} entrées à revoir (fuzzy), dont {fuzzy[:3]}"
    assert not empty, f"locale/en : {len(empty)} entrées sans traduction, dont {empty[:3]}"


@pytest.mark.django_db
def test_an_english_browser_gets_the_interface_in_english_and_english_is_offered(client):
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="en">' in page
    assert "Skip to content" in page and "Aller au contenu" not in page
    assert '<option value="en" selected>English</option>' in page and 'Français (Québec)</option>' in page
    page = client.get("/", headers={"accept-language": "fr-FR"}).content.decode()
    assert '<html lang="fr">' in page and '<option value="en">English</option>' in page


@pytest.mark.django_db
def test_choosing_english_in_the_menu_keeps_it(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/collectivites/"})
    assert response.status_code == 302 and response["Location"] == "/collectivites/"
    page = client.get("/collectivites/").content.decode()
    assert '<html lang="en">' in page and "Collectivities" in page
