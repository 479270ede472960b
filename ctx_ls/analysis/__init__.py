"""Pure facts about Go source, shared by the rules. No LSP here."""
