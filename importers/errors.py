"""The refusal raised for files that are not (readable) reports."""


class ImportRefused(Exception):
    """The file is not a report that can be imported; ``str(error)`` says why, in Chinese.

    Raised before anything is written.
    """
