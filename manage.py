#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualipilote.settings")
    try:
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management import execute_from_command_line
    except ImportError:
        sys.exit(
            "Django est introuvable pour cet interpréteur Python. Lancez les commandes avec celui "
            'du projet : .venv/bin/python manage.py … (ou make manage ARGS="…"), après make '
            "install ou make run."
        )
    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A variable missing or malformed (qualipilote/settings.py): the sentence says which
        # and how to set it; a traceback would only bury it.
        if not getattr(error, "for_the_operator", False):
            raise
        sys.exit(f"Configuration incomplète : {error}")
