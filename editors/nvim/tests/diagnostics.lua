-- A real Neovim (0.11) drives specls: live diagnostics, incremental edits, undo, a custom request.
--
--   SPECLS_BIN=target/debug/specls nvim --headless -u NONE -i NONE -l editors/nvim/tests/diagnostics.lua
--
-- Exit status 0 when every check passed.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local repo, bin, TIMEOUT, log, check = H.repo, H.bin, H.TIMEOUT, H.log, H.check

vim.opt.rtp:prepend(repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.lsp.config('specls', { cmd = { bin, 'serve' } })
vim.lsp.enable('specls')

-- A scratch copy of a broken case, so that nothing in the repository is touched.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
local case = repo .. '/test-workspaces/syntax/broken-yaml'
-- The case's project file comes along (it turns the lint rules off: the syntax is under test).
vim.fn.writefile(vim.fn.readfile(case .. '/specls.toml'), dir .. '/specls.toml')
local src = case .. '/duplicate-key.yaml'
local file = dir .. '/openapi.yaml'
vim.fn.writefile(vim.fn.readfile(src), file)

vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

local function codes()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, string.format('%d:%d:%s', d.lnum + 1, d.col + 1, d.code or '?'))
  end
  table.sort(out)
  return table.concat(out, ' ')
end
local function wait_codes(want, what)
  local ok = vim.wait(TIMEOUT, function() return codes() == want end, 20)
  check(ok, what .. ' (want "' .. want .. '", got "' .. codes() .. '")')
end

check(vim.wait(TIMEOUT, function() return #vim.lsp.get_clients({ bufnr = buf }) > 0 end, 20), 'specls attached')
local client = vim.lsp.get_clients({ bufnr = buf })[1]
check(client and client.offset_encoding == 'utf-8' or client.offset_encoding == 'utf-16', 'position encoding negotiated: ' .. tostring(client and client.offset_encoding))

wait_codes('5:3:document/duplicate-key 8:3:document/duplicate-key', 'two duplicate keys on open')

-- Rename the second `title` (line 5): Neovim sends an incremental change.
vim.api.nvim_buf_set_text(buf, 4, 2, 4, 7, { 'description' })
wait_codes('8:3:document/duplicate-key', 'one duplicate key left after an edit')

-- A tab that indents a key: a syntax error on that line, and only there: the rest of the
-- document still reads (the duplicate `/a` below is still reported), and the schema check sees
-- that `info` lost its `title`.
vim.api.nvim_buf_set_text(buf, 2, 0, 2, 2, { '\t' })
wait_codes('2:1:schema/missing-field 3:1:syntax/tab-indent 8:3:document/duplicate-key', 'a tab in the indentation is reported, locally')

-- Undo both edits: back to the first state.
vim.cmd('silent undo')
vim.cmd('silent undo')
wait_codes('5:3:document/duplicate-key 8:3:document/duplicate-key', 'undo brings the first diagnostics back')

-- The custom request: the JSON pointer under the cursor.
local res = client:request_sync('specls/pointerAt', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 7, character = 3 },
}, TIMEOUT, buf)
check(res and res.result and res.result.pointer == '/paths/~1a', 'specls/pointerAt: ' .. vim.inspect(res and res.result))

-- The outline: the spec kind at its root, the top-level keys under it.
local sym = client:request_sync('textDocument/documentSymbol', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
}, TIMEOUT, buf)
local root = sym and sym.result and sym.result[1]
check(root and root.name == 'OpenAPI 3.0.0' and #root.children == 3,
  'documentSymbol: ' .. tostring(root and root.name) .. ' with ' .. tostring(root and #root.children) .. ' keys')

for _, c in ipairs(vim.lsp.get_clients()) do c:stop() end
vim.wait(3000, function() return #vim.lsp.get_clients() == 0 end, 20)
H.finish()
