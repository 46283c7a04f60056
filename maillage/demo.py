"""The demonstration set: who can log in to a demo instance, with which role.

Every demo account shares the password DEMO_PASSWORD, printed by `maillage demo` and
documented in the README. Never load the demo on a production database: these passwords
are public.
"""
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from territories.models import Collectivity, Kind, Side

DEMO_PASSWORD = "demo-maillage"
DEMO_EMAIL_DOMAIN = "demo.maillage.invalid"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    role: str  # shown in the command's output (lazy translation)
    flags: dict = field(default_factory=dict)
    # (side, kind, code) of the collectivities this user edits
    memberships: tuple = ()


DEMO_USERS = (
    DemoUser(
        "secretariat", "Secrétariat", _("secrétariat (administration, Django admin)"),
        {"is_secretariat": True, "is_staff": True},
    ),
    DemoUser("comite", "Comité", _("membre du comité technique"), {"is_committee_member": True}),
    DemoUser("evaluateur", "Évaluateur", _("évaluateur du Fonds (FFQCD)"), {"is_fund_reviewer": True}),
    DemoUser(
        "editeur-lyon", "Éditrice Lyon", _("éditrice de la commune de Lyon (69123)"),
        memberships=((Side.FRANCE, Kind.COMMUNE, "69123"),),
    ),
    DemoUser(
        "editeur-trois-rivieres", "Éditeur Trois-Rivières",
        _("éditeur de la ville de Trois-Rivières (37067)"),
        memberships=((Side.QUEBEC, Kind.MUNICIPALITE, "37067"),),
    ),
)

ROLE_FLAGS = ("is_secretariat", "is_staff", "is_committee_member", "is_fund_reviewer")


@transaction.atomic
def ensure_demo_users() -> list:
    """Creates or refreshes the demo accounts: flags, password and memberships are reset to
    what DEMO_USERS says. The collectivities they edit must already exist (ValueError in
    French otherwise). Returns the users in DEMO_USERS order."""
    User = get_user_model()
    users = []
    for spec in DEMO_USERS:
        flags = {flag: spec.flags.get(flag, False) for flag in ROLE_FLAGS}
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": "(démo)",
                "email": f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
                "is_active": True,
                "is_superuser": False,
                **flags,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        wanted = []
        for side, kind, code in spec.memberships:
            collectivity = Collectivity.objects.current().filter(side=side, kind=kind, code=code).first()
            if collectivity is None:
                raise ValueError(
                    f"Compte de démonstration « {spec.username} » : la collectivité "
                    f"{side}/{kind}/{code} est absente du registre."
                )
            Membership.objects.get_or_create(user=user, collectivity=collectivity)
            wanted.append(collectivity.pk)
        user.memberships.exclude(collectivity_id__in=wanted).delete()
        users.append(user)
    return users
