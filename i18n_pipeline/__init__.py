"""i18n-pipeline: segment articles, machine-translate them, keep the results in gettext catalogs."""

__version__ = "0.1.0"
