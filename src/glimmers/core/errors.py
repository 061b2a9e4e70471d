"""Errors a person may see. Each carries one readable sentence."""


class GlimmersError(Exception):
    """Something the person can act on; shown as one line, never a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(GlimmersError):
    """A value out of range, too long, or otherwise not acceptable."""

    exit_code = 2


class NotFound(GlimmersError):
    exit_code = 3


class ImportProblem(GlimmersError):
    """An import file that cannot be taken in whole; nothing was written."""

    exit_code = 4

    def __init__(self, message: str, *, line: int | None = None):
        if line is not None:
            message = f"Line {line}: {message}"
        super().__init__(message)
        self.line = line


class OutputProblem(GlimmersError):
    """A file or the terminal could not be written (disk full, read-only, closed)."""

    exit_code = 74  # EX_IOERR
