"""Presenters: terminal profiles, reports, plots and the web app. They compute no measure."""
