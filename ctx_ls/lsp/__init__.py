"""The language server: the LSP edge over the analysis library. Thin by design."""
