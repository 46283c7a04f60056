"""What other apps may follow in the registry."""
from django.dispatch import Signal

# Sent by an import that changed the registry, inside its transaction, once its changes are
# written: a receiver that fails undoes the import. Collectivities may have moved to
# another région (or parent), been renamed, closed or created.
collectivities_imported = Signal()
