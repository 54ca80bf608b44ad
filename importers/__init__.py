"""Importers of report files into ReportData (Qt-free)."""
