"""The error every layer may raise for bad input the user can fix (exit status 2).

Kept apart from the stages so that a plain value (`project`) can raise it
without importing one."""


class InputError(Exception):
    """Bad input the user can fix: the message is one line and names the file."""
