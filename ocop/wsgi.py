import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
application = get_wsgi_application()

from ocop.certificates.signing import signing_key  # noqa: E402  (needs the app registry loaded above)

signing_key()  # refuse to serve when certificates exist and their signing key is missing
