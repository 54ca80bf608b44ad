"""Qt-free view logic of the desktop app (presenters): testable without widgets.

Nothing in this package imports PySide6; the widgets in ``gui/`` stay thin and delegate here.
"""
