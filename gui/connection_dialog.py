"""数据库连接: choose a shared PostgreSQL server (or this computer's database) for the next start.

The URL is kept in the app's settings file under ``database/url``. The password is stored only
if the clerk ticks "在本机保存密码" (plain text in that file); otherwise :func:`startup_url` asks
for it at each start. The choice takes effect at the next start (one engine per run).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.logic.connection_presenter import ConnectionPresenter, ServerForm
from gui.settings import SERVER_URL_KEY, app_settings
from models.services.connection import ConnectionService
from models.storage.connection_settings import (
    ConnectionForm,
    is_server_url,
    needs_password,
    with_password,
)

URL_KEY = SERVER_URL_KEY
REMEMBER_KEY = "database/remember_password"


class StartupCancelled(Exception):
    """The clerk cancelled the password question at start-up (quit without opening anything)."""


def saved_url(settings: QSettings) -> str | None:
    """The server URL stored for start-up (maybe without password), or ``None`` (local file)."""
    value = settings.value(URL_KEY, "")
    return str(value) if value and is_server_url(str(value)) else None


def store_connection(settings: QSettings, form: ConnectionForm, remember_password: bool) -> str:
    """Keep the connection for the next start; returns the URL to use (with the password)."""
    settings.setValue(URL_KEY, form.url(with_password=remember_password))
    settings.setValue(REMEMBER_KEY, remember_password)
    settings.sync()
    return form.url()


def clear_connection(settings: QSettings) -> None:
    """Go back to this computer's database at the next start."""
    settings.remove(URL_KEY)
    settings.remove(REMEMBER_KEY)
    settings.sync()


def startup_url(settings: QSettings, ask: Callable[[str], str | None]) -> str | None:
    """The ``--db`` value for a start without ``--db``: the stored server or ``None`` (local).

    ``ask(url)`` is asked for the password when none is stored.

    Raises:
        StartupCancelled: the clerk cancelled the password question.
    """
    url = saved_url(settings)
    if url is None or not needs_password(url):
        return url
    password = ask(url)
    if password is None:
        raise StartupCancelled
    return with_password(url, password)


def database_arg_for_start(
    db_arg: str | None,
    settings: QSettings | None = None,
    ask: Callable[[str], str | None] | None = None,
) -> str | None:
    """What ``run_app`` should open: ``--db`` if given, else the stored server, else ``None``.

    Raises:
        StartupCancelled: the clerk cancelled the password question (quit quietly).
    """
    if db_arg:
        return db_arg
    if settings is None:
        settings = app_settings()
    return startup_url(settings, ask or (lambda url: ask_password(None, url)))


def ask_password(parent: QWidget | None, url: str) -> str | None:
    """Ask for the server password (``None``: cancelled)."""
    form = ConnectionForm.from_url(url)
    text, ok = QInputDialog.getText(
        parent,
        "数据库密码",
        f"请输入登录名“{form.user}”在服务器 {form.host} 上的密码：",
        QLineEdit.EchoMode.Password,
    )
    return text if ok else None


class ConnectionDialog(QDialog):
    """Server, port, database, user, password; 测试连接; save for the next start."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("数据库连接")
        self.settings = settings
        self.chosen_url: str | None = None
        self.presenter = ConnectionPresenter(ConnectionService(), self)
        stored = ConnectionForm.from_url(saved_url(settings) or "")
        self.host = QLineEdit(stored.host)
        self.host.setPlaceholderText("例如 192.168.1.10 或 db.example.gov.cn")
        self.port = QLineEdit(stored.port)
        self.database = QLineEdit(stored.database)
        self.user = QLineEdit(stored.user)
        self.password = QLineEdit(stored.password)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(
            "在本机保存密码（以明文保存在设置文件中，不建议在共用电脑上勾选）"
        )
        self.remember.setChecked(bool(stored.password))
        self.status = QLabel("多人共用数据库时填写管理员提供的服务器信息。设置在下次启动时生效。")
        self.status.setWordWrap(True)
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.run_test)
        self.local_button = QPushButton("改用本机数据库")
        self.local_button.clicked.connect(self.use_local)

        fields = QFormLayout()
        fields.addRow("服务器：", self.host)
        fields.addRow("端口：", self.port)
        fields.addRow("数据库：", self.database)
        fields.addRow("用户名：", self.user)
        fields.addRow("密码：", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.local_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.remember)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def form(self) -> ConnectionForm:
        """The fields as entered."""
        return ConnectionForm(
            self.host.text(),
            self.port.text(),
            self.database.text(),
            self.user.text(),
            self.password.text(),
        )

    # ----- the view the presenter talks to ------------------------------------------------
    def say(self, text: str, ok: bool | None = None) -> None:
        colour = {True: "#1a7f37", False: "#c0392b", None: ""}[ok]
        self.status.setStyleSheet(f"color: {colour}" if colour else "")
        self.status.setText(text)

    def waiting(self, on: bool) -> None:
        if on:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QGuiApplication.restoreOverrideCursor()

    def keep(self, form: ServerForm) -> str:
        assert isinstance(form, ConnectionForm)
        return store_connection(self.settings, form, self.remember.isChecked())

    def forget(self) -> None:
        clear_connection(self.settings)

    def close_with(self, url: str) -> None:
        self.chosen_url = url
        self.accept()

    # ----- forwarded to the presenter ------------------------------------------------------
    def run_test(self) -> bool:
        """Try to log in with the fields; shows and returns the result."""
        return self.presenter.run_test()

    def save(self) -> None:
        """Store the connection (after a successful test) and close."""
        self.presenter.save()

    def use_local(self) -> None:
        """Forget the server: the next start opens this computer's database."""
        self.presenter.use_local()


def open_connection_dialog(parent: QWidget | None, settings: QSettings | None = None) -> str | None:
    """Run the 数据库连接 dialog; the URL to use from the next start, or ``None`` if cancelled."""
    if settings is None:
        settings = app_settings()
    dialog = ConnectionDialog(settings, parent)
    dialog.exec()
    return dialog.chosen_url
