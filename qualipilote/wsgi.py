import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualipilote.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # A variable missing or malformed (qualipilote/settings.py): its French sentence, without a
    # traceback, stops gunicorn (which loads the application before forking its workers).
    if not getattr(error, "for_the_operator", False):
        raise
    sys.stderr.write(f"Configuration incomplète : {error}\n")
    sys.exit(4)
