-- specls for Neovim.
--
-- Neovim >= 0.11: `vim.lsp.enable('specls')` is enough (lsp/specls.lua), and `setup()` adds the
-- user commands. Neovim 0.10: `require('specls').setup({ ... })` starts the server for YAML and
-- JSON buffers. Options are the fields of `vim.lsp.config` (cmd, filetypes, root_markers,
-- settings = { specls = { ... } }, on_attach, ...).
local M = {}

M.name = 'specls'

-- Client methods are called with `:` on 0.11 and with `.` on 0.10.
local function call(client, method, ...)
  if vim.fn.has('nvim-0.11') == 1 then return client[method](client, ...) end
  return client[method](...)
end

--- The defaults: lsp/specls.lua from 'runtimepath'.
local function defaults()
  local file = vim.api.nvim_get_runtime_file('lsp/specls.lua', false)[1]
  return file and dofile(file) or {}
end

--- The options given to setup(), merged over the defaults (as vim.lsp.config would).
M.options = nil

--- The effective configuration: vim.lsp.config's on 0.11+, else setup()'s.
function M.config()
  if vim.lsp.config and vim.lsp.config[M.name] then
    return vim.lsp.config[M.name]
  end
  return M.options or defaults()
end

--- The running specls client of a buffer (default: the current one), if any.
function M.client(bufnr)
  return vim.lsp.get_clients({ name = M.name, bufnr = bufnr or vim.api.nvim_get_current_buf() })[1]
end

--- Applies the server's `source.fixAll` code actions (every safe fix) to a buffer. When there is
--- none, it says so (the other quick-fixes are in `vim.lsp.buf.code_action()`).
function M.fix_all(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    vim.notify('specls: not running for this buffer', vim.log.levels.WARN)
    return
  end
  local last = math.max(vim.api.nvim_buf_line_count(bufnr) - 1, 0)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = last + 1, character = 0 } },
    context = { only = { 'source.fixAll' }, diagnostics = {} },
  }
  call(client, 'request', 'textDocument/codeAction', params, function(err, actions)
    if err then
      vim.notify('specls: fix all: ' .. err.message, vim.log.levels.ERROR)
      return
    end
    local applied = 0
    for _, a in ipairs(actions or {}) do
      if a.kind and vim.startswith(a.kind, 'source.fixAll') then
        if a.edit then vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding) end
        if a.command then vim.lsp.buf_request(bufnr, 'workspace/executeCommand', a.command) end
        applied = applied + 1
      end
    end
    if applied == 0 then
      vim.notify('specls: no fix-all action for this file (the quick-fixes are in vim.lsp.buf.code_action())')
    end
  end, bufnr)
end

--- Sends new settings (the content of `settings.specls`) to the running servers: no restart.
function M.update_settings(specls_settings)
  local problems = require('specls.settings').validate(specls_settings)
  if #problems > 0 then
    vim.notify('specls: ' .. table.concat(problems, '; '), vim.log.levels.ERROR)
    return false
  end
  for _, client in ipairs(vim.lsp.get_clients({ name = M.name })) do
    client.settings = vim.tbl_deep_extend('force', client.settings or {}, { specls = specls_settings })
    call(client, 'notify', 'workspace/didChangeConfiguration', { settings = { specls = specls_settings } })
  end
  return true
end

function M.commands()
  vim.api.nvim_create_user_command('SpeclsFixAll', function() M.fix_all() end,
    { desc = 'specls: apply the fix-all actions to the buffer' })
  vim.api.nvim_create_user_command('SpeclsRestart', function()
    for _, client in ipairs(vim.lsp.get_clients({ name = M.name })) do
      local bufs = vim.tbl_keys(client.attached_buffers)
      call(client, 'stop')
      vim.defer_fn(function()
        for _, b in ipairs(bufs) do
          if vim.api.nvim_buf_is_valid(b) then
            vim.api.nvim_exec_autocmds('FileType', { buffer = b })
          end
        end
      end, 500)
    end
  end, { desc = 'specls: restart the server' })
  vim.api.nvim_create_user_command('SpeclsBreakingChanges', function(o)
    M.breaking_changes(nil, o.args ~= '' and o.args or nil)
  end, { nargs = '?', desc = 'specls: the breaking-change report of the buffer against a git revision' })
end

--- Shows the breaking-change report of a buffer (default: the current one) against `rev` (default:
--- the `breakingBaseline` setting, `HEAD` unless set), as the server writes it (Markdown), in a
--- scratch buffer in a new window.
function M.breaking_changes(bufnr, rev)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = M.name })[1]
  if not client then
    vim.notify('specls: not running for this buffer', vim.log.levels.WARN)
    return
  end
  local args = { vim.uri_from_bufnr(bufnr) }
  if rev then table.insert(args, rev) end
  call(client, 'request', 'workspace/executeCommand', { command = 'specls.breakingReport', arguments = args },
    function(err, result)
      if err then
        vim.notify('specls: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
        return
      end
      vim.cmd('new')
      local buf = vim.api.nvim_get_current_buf()
      vim.bo[buf].buftype = 'nofile'
      vim.bo[buf].bufhidden = 'wipe'
      vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(tostring(result), '\n'))
      vim.bo[buf].filetype = 'markdown'
      vim.bo[buf].modifiable = false
    end, bufnr)
end

--- Starts specls for YAML and JSON buffers, with `opts` over the defaults of lsp/specls.lua.
function M.setup(opts)
  opts = opts or {}
  M.commands()
  if vim.lsp.config then
    -- Neovim 0.11+.
    vim.lsp.config(M.name, opts)
    vim.lsp.enable(M.name)
    return
  end
  -- Neovim 0.10: a FileType autocommand and vim.lsp.start.
  M.options = vim.tbl_deep_extend('force', defaults(), opts)
  local cfg = M.options
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('specls', { clear = true }),
    pattern = cfg.filetypes,
    callback = function(ev)
      local root = type(cfg.root_dir) == 'string' and cfg.root_dir or cfg.root_of(ev.buf)
      vim.lsp.start(vim.tbl_extend('force', cfg, { name = M.name, root_dir = root }), { bufnr = ev.buf })
    end,
  })
end

return M
