"""The JSON API's authentication: `Authorization: Bearer <jeton>`, a token the secretariat
issues per person (accounts.models.ApiToken). A call with a token acts as its holder:
`request.user` is that person, for the permissions and for the history of what they change.

Writes require a token (`BearerToken()`); a session does not write through the API, so the
API needs no CSRF check. Reads take a token or not (`BearerToken(optional=True)`): without
one they read as the session's user, or as the public. A token that is unknown, revoked or
expired is refused (401, in French) on reads too, rather than read as the public.
"""
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .models import ApiToken, User, token_digest

SCHEME = "Bearer"


class BearerToken(HttpBearer):
    openapi_description = (
        "Jeton d'API personnel, délivré par le secrétariat (administration, « Jetons d'API ») et montré "
        "une seule fois : `Authorization: Bearer <jeton>`. Un appel muni d'un jeton agit au nom de son "
        "titulaire, avec ses droits. Les écritures l'exigent ; les lectures s'en passent (données "
        "publiées) ou lisent avec les droits du titulaire. Jeton inconnu, révoqué ou expiré : 401."
    )

    def __init__(self, *, optional: bool = False):
        self.optional = optional
        super().__init__()

    def __call__(self, request: HttpRequest):
        value = request.headers.get(self.header)
        if not value:
            if self.optional:
                return request.user  # the session's user, or AnonymousUser: both truthy
            raise AuthenticationError(401, _(
                "Cette opération demande un jeton d'API : en-tête « Authorization: Bearer <jeton> »."))
        scheme, _space, secret = value.partition(" ")
        if scheme.lower() != SCHEME.lower() or not secret.strip():
            raise AuthenticationError(401, _(
                "En-tête Authorization illisible : « Bearer <jeton> » attendu."))
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        """The token's holder, who the request then acts as; 401 if the token is refused."""
        found = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
        if found is None:
            raise AuthenticationError(401, _("Jeton d'API inconnu."))
        refusal = found.refusal()
        if refusal:
            raise AuthenticationError(401, refusal)
        found.mark_used()
        request.user = found.user
        return found.user
