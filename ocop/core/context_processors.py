from ocop.accounts.access import scope_for


def ocop(request):
    user = getattr(request, "user", None)
    scope = scope_for(user)
    unread = 0
    if user is not None and user.is_authenticated:
        from ocop.notifications.models import Notification

        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"user_can_import": scope.can_write and (scope.everything or bool(scope.provinces)), "unread_notices": unread,
            "user_is_office": scope.everything or bool(scope.provinces)}
