"""The JSON API (django-ninja): one NinjaAPI, one router per app."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from ocop.accounts.api_auth import ApiAuthError, caller
from ocop.catalogue.api import router as register_router
from ocop.certificates.api import router as certificates_router
from ocop.criteria.api import router as criteria_router
from ocop.evaluation.api import router as evaluation_router
from ocop.plans.api import router as plans_router
from ocop.promotion.api import router as promotion_router
from ocop.stats.api import router as stats_router
from ocop.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="OCOP API",
    version="1",
    description=(
        "Register of OCOP products, producers and recognitions (Vietnam's One Commune One Product programme). "
        "Public data needs no login; API clients authenticate with `Authorization: Bearer <token>` "
        "(create one with `ocop api_token USERNAME`)."
    ),
    urls_namespace="api",
    auth=caller,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ApiAuthError)
def _auth_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=401)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):
    return api.create_response(request, {"detail": _("Invalid request."), "errors": exc.errors}, status=400)


for router in (stats_router, register_router, taxonomy_router, criteria_router, certificates_router, promotion_router,
               plans_router, evaluation_router):
    api.add_router("/", router)
