import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
application = get_wsgi_application()

from ocop.certificates.signing import signing_key  # noqa: E402  (needs the app registry loaded above)

signing_key()  # refuse to serve when certificates exist and their signing key is missing

# Ready before the first request: the URLconf (every view and the API's routers) and the shared cache's client
# imported now, not by a visitor's request (the first verification of each process took 250 ms, importing redis);
# then what was loaded is moved out of the garbage collector's reach (gc.freeze), so that its full passes do not
# scan the whole framework again and again (45 ms each on this machine).
import gc  # noqa: E402

from django.urls import get_resolver  # noqa: E402

from ocop.core.shared_cache import redis_client  # noqa: E402

get_resolver().url_patterns
redis_client()  # the client only (Redis when it is the shared cache): no connection is opened here
gc.collect()
gc.freeze()
