import os

from django.core.wsgi import get_wsgi_application

from reflex.startup import settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reflex.settings")
settings_or_exit()  # a malformed variable names itself in one line

application = get_wsgi_application()
