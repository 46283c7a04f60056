"""/api/v1/matching."""
from ninja import Router

router = Router(tags=["matching"])
