"""Where the app keeps its preferences: one INI file beside the default database."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from models.storage.database_files import default_data_dir

SETTINGS_FILE = "nianbao-settings.ini"
#: The server chosen under 数据库连接… (see gui.connection_dialog).
SERVER_URL_KEY = "database/url"


def app_settings() -> QSettings:
    """Window and export preferences, kept beside the default database (an INI file)."""
    path = default_data_dir() / SETTINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)
