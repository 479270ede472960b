-- ctx-ls for Neovim >= 0.11 (the `lsp/` config directory convention).
--
-- With this directory on 'runtimepath' (or this file copied to ~/.config/nvim/lsp/ctx_ls.lua):
--
--   vim.lsp.enable('ctx_ls')
--
-- and, to change anything, before or after that:
--
--   vim.lsp.config('ctx_ls', { settings = { ctxLs = { ignore = { 'sleep-no-context' } } } })
--
-- ctx-ls runs BESIDE gopls on Go buffers: enable both ('gopls' comes from nvim-lspconfig or
-- your own lsp/gopls.lua). It only serves diagnostics, code actions, hover and inlay hints.
--
-- The settings schema is the same in every editor (see editors/README.md). The server reads
-- it from `initializationOptions` and from `workspace/configuration` section `ctxLs`, so the
-- same table is given twice. `severity` is `vim.empty_dict()` so that it goes out as a JSON
-- object (`{}`), not as an empty array.

local function ctx_ls_settings()
  return {
    ctxLs = {
      select = {},
      ignore = {},
      severity = vim.empty_dict(),
      inlayHints = { effectiveDeadline = true },
    },
  }
end

---@type vim.lsp.Config
return {
  cmd = { 'ctx-ls', 'serve' },
  filetypes = { 'go' },
  root_markers = { 'go.mod', '.ctx-ls.toml', '.git' },
  settings = ctx_ls_settings(),
  init_options = ctx_ls_settings(),
}
