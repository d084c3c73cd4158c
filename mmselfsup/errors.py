"""The one base class of the errors the entry points report in one line.

A fault of the input or of the environment (a bad option, a locked work
dir, a corrupted checkpoint, a diverged loss) is fully explained by its
message; a traceback would only bury it. The training and evaluation
scripts print such an error as ``error: <message>`` (also into the run's
log once there is one) and exit with status 1.
"""


class ToolboxError(Exception):
    """An error whose message names what is wrong and how to proceed."""


class ConversionError(ToolboxError):
    """A checkpoint or dataset converter cannot convert its input; the
    message names the file (and the key, line or value) and what was
    expected."""
