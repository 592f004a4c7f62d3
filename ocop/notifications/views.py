from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from .models import Notification


@login_required
def inbox(request):
    notices = list(Notification.objects.filter(user=request.user)[:100])
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications:inbox")
    return render(request, "notifications/inbox.html", {"notices": notices})
