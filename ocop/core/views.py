from django.http import HttpResponse


def healthz(request):
    """A trivial view: for load balancers, and as the baseline of the verification benchmark."""
    return HttpResponse("ok", content_type="text/plain")
