"""The JSON API (django-ninja): one NinjaAPI, one router per app."""

from django.http.multipartparser import MultiPartParserError
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

JSON_ERROR = {"application/json": {"schema": {"type": "object", "properties": {"detail": {"type": "string"}},
                                              "required": ["detail"]}}}
COMMON_ANSWERS = {
    400: "Invalid request: a parameter or the body is malformed or out of range (the reason, in the caller's "
           "language, is in `detail`; field by field in `errors`).",
    401: "A token is needed, or the token sent is unknown, revoked or expired.",
    414: "The address (path and query string) is longer than the server takes (4 KB with gunicorn's defaults); "
         "answered by the server before the application, without a JSON body.",
    429: "Too many requests from this client: wait the seconds of the Retry-After header.",
}


class OcopAPI(NinjaAPI):
    """The schema declares the answers every operation may give besides its own: 400 when its input does not
    validate (`_validation_error`), 414 for an address too long for the server, 401 when it reads a token (`caller`, `TokenAuth`), 429 when rate-limited
    (`ocop.core.clients.rate_limited`)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        answers, names = {}, {}
        for router in self._get_bound_routers():  # as ninja's schema does: operations with their auth
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    codes = [400, 414] if operation.models else []
                    codes += [401] if operation.auth_callbacks else []
                    codes += [429] if getattr(operation.view_func, "rate_scope", None) else []
                    operation_id = operation.operation_id or self.get_openapi_operation_id(operation)
                    answers[operation_id] = codes
                    names[operation_id] = operation.view_func.__name__.title().replace("_", "")
        for methods in schema["paths"].values():
            for details in methods.values():
                responses = details["responses"]
                for code in answers.get(details["operationId"], []):
                    responses.setdefault(code, {"description": COMMON_ANSWERS[code],
                                                **({} if code == 414 else {"content": JSON_ERROR})})
                _name_inline_body(details, names.get(details["operationId"], ""))
        return schema


def _name_inline_body(details: dict, name: str) -> None:
    """Ninja titles every form body "MultiPartBodyParams" (one name for different bodies): named after the
    operation instead, so request models have unique names in the schema."""
    for content in details.get("requestBody", {}).get("content", {}).values():
        body = content.get("schema", {})
        if "$ref" not in body and body.get("title", "").endswith("Params"):
            body["title"] = f"{name}Form"


api = OcopAPI(
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


@api.exception_handler(MultiPartParserError)
def _malformed_body(request, exc):
    """A multipart body without boundary (or otherwise unreadable) is the caller's mistake: 400, not 500."""
    return api.create_response(request, {"detail": _("The request body could not be read: %(reason)s")
                                         % {"reason": str(exc)[:200]}}, status=400)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):
    return api.create_response(request, {"detail": _("Invalid request."), "errors": exc.errors}, status=400)


for router in (stats_router, register_router, taxonomy_router, criteria_router, certificates_router, promotion_router,
               plans_router, evaluation_router):
    api.add_router("/", router)
