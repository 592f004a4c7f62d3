"""Settings for the test suite: the base settings with test-friendly defaults."""

import os
import tempfile

os.environ.setdefault("OCOP_TESTING", "1")

from ocop.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ALLOWED_HOSTS = ["*"]
DATABASES["default"]["CONN_MAX_AGE"] = 0  # the live server thread must not keep connections past a test
OCOP_VERIFY_LOG_BATCH = 1  # every verification written at once, so tests can count them
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # one per test process
# Made-once downloads in a folder of this test process (parallel test processes never share one).
STORAGES = {**STORAGES, "downloads": {"BACKEND": "django.core.files.storage.FileSystemStorage",  # noqa: F405
                                      "OPTIONS": {"location": tempfile.mkdtemp(prefix="ocop-test-downloads-")}}}
# The suite asks the same pages thousands of times from one address: limits far above it (tests of the limits
# set their own with override_settings).
OCOP_RATE_LIMITS = {scope: (1_000_000, window) for scope, (_count, window) in OCOP_RATE_LIMITS.items()}  # noqa: F405
