#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reflex.settings")
    from reflex.startup import database_reachable_or_exit, settings_or_exit

    settings_or_exit()  # a malformed variable names itself in one line
    from django.core.management import execute_from_command_line

    with database_reachable_or_exit():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
