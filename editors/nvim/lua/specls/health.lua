-- :checkhealth specls — the binary, its version, the settings.
local M = {}

function M.check()
  local specls = require('specls')
  local cfg = specls.config()
  vim.health.start('specls: server binary')
  local cmd = cfg.cmd
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    vim.health.error('no `cmd` in the specls configuration', { "vim.lsp.config('specls', { cmd = { '/path/to/specls', 'serve' } })" })
    return
  end
  local exe = vim.fn.exepath(cmd[1])
  if exe == '' then
    vim.health.error(('`%s` not found (cmd = %s)'):format(cmd[1], vim.inspect(cmd)), {
      'Build it: cargo build --release (target/release/specls), then put it on PATH',
      "or set its path: vim.lsp.config('specls', { cmd = { '/path/to/specls', 'serve' } })",
    })
  else
    vim.health.ok('found ' .. exe)
    local r = vim.system({ exe, '--version' }, { text = true }):wait(10000)
    local version = vim.trim(r.stdout or '')
    if r.code == 0 and version:match('^specls %d') then
      vim.health.ok('version: ' .. version)
    else
      vim.health.error(('`%s --version` failed (exit %s): %s'):format(exe, tostring(r.code), vim.trim((r.stderr or '') .. version)))
    end
  end

  vim.health.start('specls: settings')
  local s = (cfg.settings or {}).specls
  local problems = require('specls.settings').validate(s)
  if #problems == 0 then
    vim.health.ok('settings.specls is valid: ' .. vim.inspect(s or {}, { newline = ' ', indent = '' }))
  else
    for _, p in ipairs(problems) do vim.health.error(p) end
  end

  vim.health.start('specls: clients')
  local clients = vim.lsp.get_clients({ name = specls.name })
  if #clients == 0 then
    vim.health.info('no specls client running (open a YAML or JSON file of a spec)')
  end
  for _, c in ipairs(clients) do
    local info = c.server_info or {}
    vim.health.ok(('client %d: %s %s, root %s'):format(c.id, info.name or '?', info.version or '?', c.root_dir or '(none)'))
  end
end

return M
