-- ctx-ls for Neovim 0.7 and later, without nvim-lspconfig.
--
--   require('ctx_ls').setup()                      -- defaults
--   require('ctx_ls').setup({
--     settings = { ctxLs = { ignore = { 'sleep-no-context' } } },
--     inlay_hints = true,                          -- show ctx-ls inlay hints (Neovim >= 0.10)
--     on_attach = function(client, bufnr) end,
--   })
--
-- `opts` is a partial client config (cmd, filetypes, root_markers, settings, init_options,
-- capabilities, on_attach, ...) merged over the defaults in lsp/ctx_ls.lua, plus `inlay_hints`.
-- When `init_options` is not given it is a copy of `settings`: the server reads the same
-- schema from both.
--
-- Neovim >= 0.11: delegates to vim.lsp.config('ctx_ls', ...) and vim.lsp.enable('ctx_ls').
-- Neovim 0.7-0.10: an autocmd on FileType starts one client per project root with
-- vim.lsp.start_client() and attaches every Go buffer of that root to it.
--
-- ctx-ls runs beside gopls; set gopls up as usual, this module does not touch it.

local M = {}

local NAME = 'ctx_ls'

-- The defaults live in one place: lsp/ctx_ls.lua on 'runtimepath' (it ships beside this file).
local function defaults()
  local files = vim.api.nvim_get_runtime_file('lsp/ctx_ls.lua', false)
  if #files == 0 then
    error("ctx_ls: lsp/ctx_ls.lua is not on 'runtimepath'; add the editors/neovim directory to it")
  end
  return dofile(files[1])
end

-- An empty Lua table is encoded as a JSON array; `severity` must stay an object.
local function fix_empty_objects(settings)
  local s = type(settings) == 'table' and settings.ctxLs or nil
  if type(s) == 'table' and type(s.severity) == 'table' and next(s.severity) == nil then
    s.severity = vim.empty_dict()
  end
end

local function build_config(opts)
  opts = vim.deepcopy(opts or {})
  local inlay_hints = opts.inlay_hints
  opts.inlay_hints = nil
  local cfg = vim.tbl_deep_extend('force', defaults(), opts)
  if opts.init_options == nil then
    cfg.init_options = vim.deepcopy(cfg.settings)
  end
  fix_empty_objects(cfg.settings)
  fix_empty_objects(cfg.init_options)

  local user_on_attach = cfg.on_attach
  cfg.on_attach = function(client, bufnr)
    if inlay_hints and vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable then
      -- Neovim 0.10+: enable(enable, filter); pcall in case the signature differs.
      pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
    end
    if user_on_attach then
      user_on_attach(client, bufnr)
    end
  end
  return cfg
end

-- Like vim.fs.root() on 0.11: the first marker (in list order) found upwards wins.
local function find_root(path, markers)
  local start = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers or {}) do
    local dir = start
    while true do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start -- no marker: the file's own directory
end

local clients = {} -- root_dir -> client id (Neovim < 0.11)
local warned = false

local function attach(cfg, bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then
    return
  end
  if vim.fn.executable(cfg.cmd[1]) ~= 1 then
    if not warned then
      warned = true
      vim.notify(('ctx_ls: %s is not executable (pip install ctx-ls)'):format(cfg.cmd[1]), vim.log.levels.WARN)
    end
    return
  end
  local root = find_root(path, cfg.root_markers)
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    local start_cfg = vim.tbl_extend('force', cfg, { name = NAME, root_dir = root })
    start_cfg.root_markers = nil
    start_cfg.filetypes = nil
    id = vim.lsp.start_client(start_cfg)
    if not id then
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

function M.setup(opts)
  local cfg = build_config(opts)

  if vim.fn.has('nvim-0.11') == 1 and vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(NAME, cfg)
    vim.lsp.enable(NAME)
    return
  end

  local group = vim.api.nvim_create_augroup('ctx_ls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    callback = function(args)
      attach(cfg, args.buf)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(cfg.filetypes, vim.bo[bufnr].filetype) then
      attach(cfg, bufnr)
    end
  end
end

return M
