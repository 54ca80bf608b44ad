"""The 数据库连接 setting: fields and URL, password storage, connection test, start-up."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from gui.connection_dialog import (
    URL_KEY,
    ConnectionDialog,
    StartupCancelled,
    database_arg_for_start,
    saved_url,
    startup_url,
)
from models.storage.connection_settings import ConnectionForm, needs_password, with_password
from tests.pg_support import pg_admin_url, requires_pg


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_form_builds_and_reads_urls_with_special_characters() -> None:
    form = ConnectionForm("10.0.0.5", "5433", "nianbao", "张三", "p@ss:w/rd%")
    url = form.url()
    assert url.startswith("postgresql+psycopg://")
    parsed = make_url(url)
    assert (parsed.host, parsed.port, parsed.username, parsed.password) == (
        "10.0.0.5",
        5433,
        "张三",
        "p@ss:w/rd%",
    )
    assert ConnectionForm.from_url(url) == form
    assert make_url(form.url(with_password=False)).password is None
    assert needs_password(form.url(with_password=False)) and not needs_password(url)
    assert make_url(with_password(form.url(with_password=False), "x")).password == "x"
    assert ConnectionForm.from_url("sqlite:////tmp/a.sqlite3") == ConnectionForm()


def test_form_problems() -> None:
    assert ConnectionForm().problem() == "请填写服务器地址"
    assert "端口" in str(ConnectionForm("h", "abc", "d", "u").problem())
    assert "端口" in str(ConnectionForm("h", "70000", "d", "u").problem())
    assert ConnectionForm("h", "5432", "", "u").problem() == "请填写数据库名"
    assert ConnectionForm("h", "5432", "d", "").problem() == "请填写用户名"
    assert ConnectionForm("h", "5432", "d", "u").problem() is None


def _fill(dialog: ConnectionDialog, form: ConnectionForm) -> None:
    dialog.host.setText(form.host)
    dialog.port.setText(form.port)
    dialog.database.setText(form.database)
    dialog.user.setText(form.user)
    dialog.password.setText(form.password)


def test_dialog_reports_a_server_that_is_down_and_saves_nothing(
    qtbot: QtBot, settings: QSettings
) -> None:
    dialog = ConnectionDialog(settings)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.status.text() == "请填写服务器地址"
    _fill(dialog, ConnectionForm("127.0.0.1", str(_free_port()), "nianbao", "clerk", "pw"))
    dialog.test_button.click()
    assert dialog.status.text().startswith("无法连接数据库服务器")
    dialog.save()
    assert dialog.chosen_url is None and saved_url(settings) is None


def test_local_database_choice_forgets_the_server(qtbot: QtBot, settings: QSettings) -> None:
    settings.setValue(URL_KEY, "postgresql+psycopg://u@h:5432/nianbao")
    dialog = ConnectionDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.host.text() == "h" and dialog.user.text() == "u"
    dialog.local_button.click()
    assert saved_url(settings) is None
    assert dialog.chosen_url is not None and dialog.chosen_url.startswith("sqlite:///")


def test_startup_asks_for_a_password_that_was_not_stored(settings: QSettings) -> None:
    assert startup_url(settings, lambda _url: "never asked") is None
    settings.setValue(URL_KEY, "postgresql+psycopg://u@h:5432/nianbao")
    asked: list[str] = []
    url = startup_url(settings, lambda u: asked.append(u) or "secret")
    assert asked and make_url(str(url)).password == "secret"
    with pytest.raises(StartupCancelled):
        startup_url(settings, lambda _url: None)
    settings.setValue(URL_KEY, "postgresql+psycopg://u:kept@h:5432/nianbao")
    assert make_url(str(startup_url(settings, lambda _url: None))).password == "kept"
    assert database_arg_for_start("given.sqlite3", settings) == "given.sqlite3"  # --db wins
    assert database_arg_for_start(None, settings) == startup_url(settings, lambda _u: None)


@requires_pg
@pytest.mark.parametrize("remember", [False, True])
def test_dialog_tests_and_stores_a_real_server(
    qtbot: QtBot, settings: QSettings, remember: bool
) -> None:
    real = make_url(pg_admin_url())
    dialog = ConnectionDialog(settings)
    qtbot.addWidget(dialog)
    form = ConnectionForm(
        real.host or "", str(real.port), real.database or "", real.username or "", "wrong"
    )
    _fill(dialog, form)
    assert not dialog.run_test()
    assert dialog.status.text().startswith("数据库用户名或密码错误（服务器拒绝了登录）")
    dialog.password.setText(real.password or "")
    dialog.remember.setChecked(remember)
    dialog.save()
    assert "连接成功" in dialog.status.text()
    assert dialog.chosen_url is not None
    assert make_url(dialog.chosen_url).password == real.password
    stored = str(settings.value(URL_KEY))
    assert (make_url(stored).password == real.password) is remember
    assert (f":{real.password}@" in Path(settings.fileName()).read_text()) is remember
