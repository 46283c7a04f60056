"""The columns of the practices' exports (CSV and XLSX through core.exports)."""
from django.utils.translation import gettext_lazy as _

COLUMNS = [
    (_("Numéro"), lambda p: p.pk),
    (_("Titre"), lambda p: p.title),
    (_("Résumé"), lambda p: p.summary),
    (_("Thème"), lambda p: p.theme.title),
    (_("Piste"), lambda p: p.piste.code if p.piste else ""),
    (_("Collectivités"), lambda p: ", ".join(c.name for c in p.collectivities.all())),
    (_("État"), lambda p: p.get_status_display()),
    (_("Résultats"), lambda p: p.results),
    (_("Chiffres clés"), lambda p: p.figures),
    (_("Ce qui a marché"), lambda p: p.worked),
    (_("Ce qu'il faut éviter"), lambda p: p.to_avoid),
    (_("Contact"), lambda p: p.contact_name),
]
