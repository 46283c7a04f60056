"""The matchmaking in a real browser: Lyon's editor creates and completes its cooperation
profile through the form (labels and keyboard only), gets its suggested partners, finds
Trois-Rivières among them and signals its interest; Trois-Rivières' editor, told by
e-mail, logs in, finds the interest in its space and accepts it; each then reads the
other's contacts, hidden until then. The profile form, the suggestions page, the
interest's form and page and the user's space have no serious or critical axe-core
violation, and no aria-describedby or aria-labelledby names a missing element."""
from playwright.sync_api import expect

from matching.models import Interest, Profile
from tests.browser.fixtures import log_in, serious_violations

# Every id an aria-describedby or aria-labelledby attribute names, missing from the page.
MISSING_ARIA_TARGETS = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')]
  .flatMap(el => ['aria-describedby', 'aria-labelledby']
    .flatMap(name => (el.getAttribute(name) || '').split(/\\s+/).filter(Boolean)
      .filter(id => !document.getElementById(id)).map(id => `${el.id || el.tagName} ${name} → ${id}`)))"""


def check_page(page) -> None:
    assert serious_violations(page) == [], page.url
    assert page.evaluate(MISSING_ARIA_TARGETS) == [], page.url


def log_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Se déconnecter").click()


def test_lyon_finds_trois_rivieres_signals_interest_and_trois_rivieres_accepts(page, personas, tr_profile, mailoutbox):
    log_in(page, "lyon")
    page.goto("/partenaires/mon-espace/")
    check_page(page)
    page.get_by_role("link", name="Créer le profil : Lyon").click()
    expect(page.locator("h1")).to_have_text("Nouveau profil de coopération")
    check_page(page)

    # The form, from the keyboard: boxes ticked with the space bar, sent with Enter.
    page.get_by_label("Culture et patrimoine").focus()
    page.keyboard.press("Space")
    page.get_by_label("Ce qu'elle a à faire partager").fill("Des résidences d'artistes dans nos ateliers municipaux.")
    page.get_by_label("Ce qu'elle cherche").fill("Un festival de poésie pour nos jeunes auteurs.")
    page.get_by_label("Langues de travail autres que le français").fill("EN, es")
    page.get_by_label("Élu ou élue à contacter").fill("Claire Martin")
    page.get_by_label("Courriel de l'élu").fill("claire.martin@lyon.example")
    page.get_by_label("Professionnel ou professionnelle à contacter").fill("Paul Girard")
    page.get_by_label("Publié").focus()
    page.keyboard.press("Space")
    page.get_by_label("Courriel du professionnel").fill("paul.girard@lyon.example")
    with page.expect_navigation():
        page.get_by_label("Courriel du professionnel").press("Enter")
    expect(page.locator("h1")).to_have_text("Lyon")
    expect(page.get_by_text("Le profil de coopération de Lyon est créé.")).to_be_visible()
    profile = Profile.objects.get(collectivity__code="69123")
    assert profile.is_published and profile.languages == "en, es"
    assert list(profile.themes.values_list("slug", flat=True)) == ["culture"]

    # Its suggestions, from its space: Trois-Rivières, with the reasons that are true of them.
    page.goto("/partenaires/mon-espace/")
    page.get_by_role("link", name="Partenaires suggérés : Lyon").click()
    check_page(page)
    first = page.locator("ol.suggestions > li").first
    expect(first).to_contain_text("Trois-Rivières")
    expect(first).to_contain_text("Thèmes d'intérêt en commun : Culture et patrimoine")
    expect(first).to_contain_text("Ce que vous offrez répond à ce qu'elle cherche : artistes, résidences")
    expect(first).to_contain_text("Elle offre ce que vous cherchez : festival, poésie")
    first.get_by_role("link", name="Trois-Rivières").click()
    expect(page.locator("h1")).to_have_text("Trois-Rivières")
    expect(page.get_by_text("Jean Lamontagne")).to_have_count(0)

    page.get_by_role("link", name="Signaler notre intérêt").click()
    check_page(page)
    page.get_by_label("Votre message").fill("Nos ateliers accueilleraient volontiers vos poètes.")
    with page.expect_navigation():
        page.get_by_role("button", name="Signaler notre intérêt").click()
    expect(page.locator("h1")).to_have_text("Lyon s'intéresse à Trois-Rivières")
    expect(page.get_by_text("En attente de réponse")).to_be_visible()
    check_page(page)
    interest = Interest.objects.get()
    assert (interest.sender, interest.recipient, interest.status) == (profile, tr_profile, Interest.Status.PENDING)
    assert [mail.to for mail in mailoutbox] == [["trois_rivieres@example.org"]]
    assert "Nos ateliers accueilleraient volontiers vos poètes." in mailoutbox[0].body

    # Trois-Rivières' editor finds it in its space and accepts.
    log_out(page)
    log_in(page, "trois_rivieres")
    page.goto("/partenaires/mon-espace/")
    check_page(page)
    page.get_by_role("link", name="En attente de réponse : Lyon → Trois-Rivières").click()
    expect(page.get_by_text("Claire Martin")).to_have_count(0)
    check_page(page)
    page.get_by_label("Accepter : nos contacts sont partagés").focus()
    page.keyboard.press("Space")
    page.get_by_label("Message (facultatif)").fill("Avec plaisir : parlons-en en janvier.")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_text("Vous êtes en relation : vos contacts sont partagés.")).to_be_visible()
    expect(page.get_by_text("Acceptée", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="claire.martin@lyon.example")).to_be_visible()
    expect(page.get_by_text("Paul Girard")).to_be_visible()
    check_page(page)
    interest.refresh_from_db()
    assert interest.status == Interest.Status.ACCEPTED and interest.answered_by == personas["trois_rivieres"]
    assert mailoutbox[-1].to == ["lyon@example.org"]

    # Lyon's editor now reads Trois-Rivières' contacts on its profile.
    log_out(page)
    log_in(page, "lyon")
    page.goto(tr_profile.get_absolute_url())
    expect(page.get_by_text("Jean Lamontagne, Conseiller municipal")).to_be_visible()
    expect(page.get_by_role("link", name="julie.cote@v3r.example")).to_be_visible()
