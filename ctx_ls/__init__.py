"""ctx-ls: a language server and CI checker for Go context hygiene."""

__version__ = "0.1.0"
