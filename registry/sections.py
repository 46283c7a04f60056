"""The registry's section on each collectivity's page (territories.sections): links to
its agreements and twinnings, those of its former records included (the lists filter
through today's entities). No query: the lists count."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from territories.sections import Section, SectionLink


def registry_section(collectivity, user) -> Section:
    query = "?" + urlencode({"collectivity": f"{collectivity.side}:{collectivity.kind}:{collectivity.code}"})
    return Section(_("Ententes et jumelages"), [
        SectionLink(_("Ses ententes de coopération"), reverse("registry:agreement_list") + query),
        SectionLink(_("Ses jumelages"), reverse("registry:twinning_list") + query),
    ])
