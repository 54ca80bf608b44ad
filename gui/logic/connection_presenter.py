"""The 数据库连接 dialog's presenter (Qt-free): check the fields, test the login, save or forget.

The dialog (:class:`gui.connection_dialog.ConnectionDialog`) implements :class:`ConnectionView`
(the fields, the status line, the settings file); the login test is the
:class:`ConnectionServices` given (:class:`models.services.connection.ConnectionService`).
"""

from __future__ import annotations

from typing import Protocol


class ServerForm(Protocol):
    """The fields of the dialog (:class:`models.storage.connection_settings.ConnectionForm`)."""

    def problem(self) -> str | None:
        """What is missing or wrong in the fields (``None``: nothing)."""

    def url(self, with_password: bool = True) -> str:
        """The SQLAlchemy URL the fields make."""


class ConnectionServices(Protocol):
    """Trying a login (:class:`models.services.connection.ConnectionService`)."""

    def check(self, url: str) -> tuple[bool, str]: ...
    def local_url(self) -> str: ...


class ConnectionView(Protocol):
    """What the presenter reads and shows in the dialog."""

    def form(self) -> ServerForm:
        """The fields as entered."""

    def say(self, text: str, ok: bool | None) -> None:
        """Show the status line (green when ``ok``, red when not ``ok``)."""

    def waiting(self, on: bool) -> None:
        """Show that a login is being tried (or no longer)."""

    def keep(self, form: ServerForm) -> str:
        """Store the connection for the next start; the URL to use (with the password)."""

    def forget(self) -> None:
        """Go back to this computer's database at the next start."""

    def close_with(self, url: str) -> None:
        """Close the dialog: ``url`` is the database to use from the next start."""


class ConnectionPresenter:
    """Test, save or forget a server connection."""

    def __init__(self, services: ConnectionServices, view: ConnectionView) -> None:
        self.services, self.view = services, view

    def run_test(self) -> bool:
        """Try to log in with the fields; shows and returns the result."""
        form = self.view.form()
        problem = form.problem()
        if problem is not None:
            self.view.say(problem, False)
            return False
        self.view.waiting(True)
        try:
            ok, message = self.services.check(form.url())
        finally:
            self.view.waiting(False)
        self.view.say(message, ok)
        return ok

    def save(self) -> None:
        """Store the connection (after a successful test) and close."""
        if not self.run_test():
            return
        self.view.close_with(self.view.keep(self.view.form()))

    def use_local(self) -> None:
        """Forget the server: the next start opens this computer's database."""
        self.view.forget()
        self.view.close_with(self.services.local_url())
