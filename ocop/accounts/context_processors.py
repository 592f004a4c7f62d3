from .access import is_office


def roles(request):
    """What the menu may offer the person."""
    office = is_office(getattr(request, "user", None))
    return {"user_can_import": office, "user_is_office": office}
