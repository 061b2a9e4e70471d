"""What every command is given, checked before it runs.

Wired in by the lazy group in ``glimmers.cli`` (once per command and its
subcommands), so each command module stays free of it.
"""

from __future__ import annotations

import functools
import os

import click


def has_surrogates(value: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in value)


# Commands that show what they can with whatever they are given: the crisis
# lines appear even when the country typed is not UTF-8 (it matches no country).
SHOWN_WHATEVER_IS_TYPED = frozenset({"help-now"})


def _label(param: click.Parameter) -> str:
    return max(param.opts, key=len) if isinstance(param, click.Option) else param.human_readable_name


def _home_expanded(param: click.Parameter, value):
    """A file name starting with ~ or ~user, expanded once for every command; an
    unknown user is refused in words (pathlib would raise RuntimeError later)."""
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value).startswith("~"):
        return value
    expanded = os.path.expanduser(os.fspath(value))
    if expanded.startswith("~"):
        from glimmers.core.errors import InvalidInput
        from glimmers.core.i18n import _

        raise InvalidInput(
            _("%(path)s starts with ~ but names no user on this computer; give the whole path.") % {"path": value},
            field=param.name,
        )
    return type(value)(expanded)


def check_arguments(command: click.Command) -> None:
    """Check what every command is given, before it runs (applied once to each
    command and its subcommands):

    * a text option or argument that is not UTF-8 is refused. Bytes that are
      not UTF-8 in a command line reach Python as lone surrogates: such text
      can be neither stored nor shown, so the command stops before it
      touches anything. File names are the exception: a file may well be
      called that, and the operating system takes the name back byte for byte;
    * a file name starting with ~ is expanded here, for every command alike.
    """
    if getattr(command, "_glimmers_arguments_checked", False):
        return
    command._glimmers_arguments_checked = True
    for sub in getattr(command, "commands", {}).values():
        check_arguments(sub)
    callback = command.callback
    if callback is None:
        return
    paths = [param for param in command.params if isinstance(param.type, click.Path)]
    texts = [param for param in command.params if not isinstance(param.type, (click.Path, click.File))]
    if command.name in SHOWN_WHATEVER_IS_TYPED:
        texts = []

    @functools.wraps(callback)
    def checked(*args, **kwargs):
        from glimmers.core.errors import InvalidInput
        from glimmers.core.text import unreadable_message

        for param in texts:
            given = kwargs.get(param.name)
            values = given if isinstance(given, (tuple, list)) else (given,)
            if any(isinstance(value, str) and has_surrogates(value) for value in values):
                raise InvalidInput(unreadable_message(_label(param)), field=param.name)
        for param in paths:
            given = kwargs.get(param.name)
            if isinstance(given, (tuple, list)):
                kwargs[param.name] = type(given)(_home_expanded(param, value) for value in given)
            else:
                kwargs[param.name] = _home_expanded(param, given)
        return callback(*args, **kwargs)

    command.callback = checked
