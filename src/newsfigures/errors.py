"""The one error type the pipeline raises for bad input.

Its message is a single line naming the file, the row or field, and what is wrong, so the
command line can print it as is and exit non-zero.
"""


class NewsfiguresError(Exception):
    """Bad input or a failed step: the message is one line, fit to show a journalist."""

    def __init__(self, message: str):
        # Folding newlines keeps the promise of a one-line message whatever the input held.
        super().__init__(" ".join(str(message).split()))
