"""/api/v1/agreements and /api/v1/twinnings."""
from ninja import Router

agreements_router = Router(tags=["agreements"])
twinnings_router = Router(tags=["twinnings"])
