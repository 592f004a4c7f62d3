from ocop.accounts.access import scope_for


def ocop(request):
    scope = scope_for(getattr(request, "user", None))
    return {"user_can_import": scope.can_write and (scope.everything or bool(scope.provinces))}
