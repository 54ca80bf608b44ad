"""Building the installable bundle: the PyInstaller definition and the Linux/Windows packages."""
