from .models import Notification


def unread(request):
    """How many notices wait for the person (shown in the menu)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}
    return {"unread_notices": Notification.objects.filter(user=user, read_at__isnull=True).count()}
