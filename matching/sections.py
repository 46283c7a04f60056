"""Matching's section on each collectivity's page (territories.sections): its cooperation
profile when the reader may read it (one query), and the partners suggested for it on the
other side (a link: suggestions come from the registry and the projects even without a
profile)."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from territories.models import Side
from territories.sections import Section, SectionLink

from .models import Profile


def matching_section(collectivity, user) -> Section | None:
    if collectivity.side not in (Side.FRANCE, Side.QUEBEC) or not collectivity.is_current:
        return None
    profile = Profile.objects.visible_to(user).filter(collectivity=collectivity).only("pk").first()
    items = [SectionLink(_("Son profil de coopération"), profile.get_absolute_url(),
                         _("ce qu'elle offre, ce qu'elle cherche, ses contacts"))] if profile else []
    query = urlencode({"side": collectivity.side, "code": collectivity.code})
    return Section(_("Maillage"), [SectionLink(_("Partenaires suggérés de l'autre côté"),
                                               f"{reverse('matching:suggestions')}?{query}")],
                   items, _("Pas encore de profil de coopération publié."))
