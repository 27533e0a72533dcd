-- A real Neovim (0.11) with the specls plugin (editors/nvim) on a multi-file spec: what a person
-- sees after each step. On a scratch copy of test-workspaces/editors/petstore:
--   the diagnostic of a broken $ref in paths/pets.yaml; go to definition of a $ref in another
--   file; the quick-fix changes the buffer and clears the diagnostic; rename a component and see
--   a setting changed without a restart; rename a component and see the other file change; no
--   diagnostic on an unrelated YAML file; :checkhealth specls;
--   :SpeclsFixAll; :SpeclsBreakingChanges against git's HEAD; the plugin's settings table equals
--   the VS Code extension's.
--
--   SPECLS_BIN=target/debug/specls nvim --headless -u NONE -i NONE -l editors/nvim/tests/workspace.lua
--
-- Exit status 0 when every check passed. With a SPECLS_BIN that does not work, checks fail.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local repo, bin, TIMEOUT, log, check = H.repo, H.bin, H.TIMEOUT, H.log, H.check

-- Messages shown to the user, as a person would read them.
local notes = {}
vim.notify = function(msg) table.insert(notes, msg) end

-- The scratch copy (the rename writes files), the current directory: with no root marker, the
-- workspace (lsp/specls.lua's root_dir).
local ws = H.scratch('editors/petstore')

-- The plugin as a user installs it: on 'runtimepath', set up with the binary's path.
vim.opt.rtp:prepend(repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.cmd('runtime plugin/specls.lua')
local indexed = false
vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(ev)
    local v = ev.data and ev.data.params and ev.data.params.value
    if v and v.kind == 'end' then indexed = true end
  end,
})
require('specls').setup({ cmd = { bin, 'serve' } })

local function open(rel)
  vim.cmd.edit(vim.fn.fnameescape(ws .. '/' .. rel))
  return vim.api.nvim_get_current_buf()
end
local function attached(buf)
  return vim.wait(TIMEOUT, function() return #vim.lsp.get_clients({ bufnr = buf, name = 'specls' }) > 0 end, 20)
end
local function line(buf, n) return vim.api.nvim_buf_get_lines(buf, n - 1, n, false)[1] or '' end

-- 1. The diagnostic of the broken file.
local pets = open('paths/pets.yaml')
if not check(attached(pets), 'specls attached to paths/pets.yaml') then
  -- Nothing else can pass: say so now rather than after every timeout.
  H.finish('no server: the other checks are not run')
end
local root_dir = vim.lsp.get_clients({ bufnr = pets, name = 'specls' })[1].root_dir
check(root_dir == vim.fn.getcwd(), 'the workspace root, with no root marker, is the current directory: ' .. tostring(root_dir))
local got = vim.wait(TIMEOUT, function() return #vim.diagnostic.get(pets) > 0 end, 20)
local d = vim.diagnostic.get(pets)[1]
check(got and d and d.lnum == 3 and d.code == 'ref/missing-pointer'
  and d.message:find("did you mean 'Limit'", 1, true) ~= nil,
  'the broken $ref is diagnosed on line 4: ' .. (d and ('%s %s'):format(d.code, d.message) or 'no diagnostic'))

-- 2. Go to definition of a $ref to another file (line 13: `$ref: '../schemas/Pet.yaml'`).
vim.api.nvim_win_set_cursor(0, { 13, 22 })
vim.lsp.buf.definition()
local jumped = vim.wait(TIMEOUT, function() return vim.api.nvim_buf_get_name(0):match('schemas/Pet%.yaml$') ~= nil end, 20)
check(jumped, 'go to definition of ../schemas/Pet.yaml opens ' .. vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t'))
check(line(0, vim.api.nvim_win_get_cursor(0)[1]) == 'type: object', 'the cursor is on the target: ' .. line(0, vim.api.nvim_win_get_cursor(0)[1]))

-- 3. The quick-fix on the broken $ref changes the buffer and clears the diagnostic.
vim.api.nvim_set_current_buf(pets)
vim.api.nvim_win_set_cursor(0, { 4, 20 })
vim.lsp.buf.code_action({ apply = true, filter = function(a) return a.kind == 'quickfix' end })
local fixed = vim.wait(TIMEOUT, function() return line(pets, 4):find("parameters/Limit'", 1, true) ~= nil end, 20)
check(fixed, 'the quick-fix rewrote line 4: ' .. line(pets, 4))
check(vim.wait(TIMEOUT, function() return #vim.diagnostic.get(pets) == 0 end, 20),
  'no diagnostic left after the fix (' .. #vim.diagnostic.get(pets) .. ')')
vim.cmd('silent write')

-- 4. Settings reach the server without a restart: the schema error of openapi.yaml (a license
--    without its name) goes when schemaValidation is turned off, and comes back.
local openapi = open('openapi.yaml')
check(attached(openapi), 'specls attached to openapi.yaml')
local function schema_codes()
  local out = {}
  for _, x in ipairs(vim.diagnostic.get(openapi)) do table.insert(out, (x.lnum + 1) .. ':' .. tostring(x.code)) end
  return table.concat(out, ' ')
end
check(vim.wait(TIMEOUT, function() return schema_codes() == '5:schema/missing-field' end, 20),
  'openapi.yaml: the license without a name: ' .. schema_codes())
local client_id = vim.lsp.get_clients({ bufnr = openapi, name = 'specls' })[1].id
check(require('specls').update_settings({ schemaValidation = false }), 'update_settings accepts schemaValidation = false')
check(vim.wait(TIMEOUT, function() return schema_codes() == '' end, 20), 'no schema diagnostic once turned off: ' .. schema_codes())
require('specls').update_settings({})
check(vim.wait(TIMEOUT, function() return schema_codes() == '5:schema/missing-field' end, 20), 'back when turned on again: ' .. schema_codes())
check(vim.lsp.get_clients({ bufnr = openapi, name = 'specls' })[1].id == client_id, 'the same server all along (no restart)')

-- 4b. Completion and hover (issue 7): on a new line in the `get` operation of /pets/{petId},
--     the Operation keys not yet written are offered (`summary`, not `operationId`); hover on
--     `operationId` gives its documentation. The buffer is put back as it was.
local get_line = 0
for n, l in ipairs(vim.api.nvim_buf_get_lines(openapi, 0, -1, false)) do
  if l == '      operationId: getPet' then get_line = n end
end
check(get_line > 0, 'openapi.yaml has the operationId of getPet')
vim.api.nvim_buf_set_lines(openapi, get_line, get_line, false, { '      ' })
local uri = vim.uri_from_bufnr(openapi)
local answers = vim.lsp.buf_request_sync(openapi, 'textDocument/completion',
  { textDocument = { uri = uri }, position = { line = get_line, character = 6 } }, TIMEOUT) or {}
local labels = {}
for _, a in pairs(answers) do
  local items = a.result and (a.result.items or a.result) or {}
  for _, it in ipairs(items) do labels[it.label] = true end
end
check(labels['summary'] and labels['deprecated'] and not labels['operationId'] and not labels['tags'],
  'completion offers the missing Operation keys: ' .. table.concat(vim.tbl_keys(labels), ','))
vim.api.nvim_buf_set_lines(openapi, get_line, get_line + 1, false, {})
local hovers = vim.lsp.buf_request_sync(openapi, 'textDocument/hover',
  { textDocument = { uri = uri }, position = { line = get_line - 1, character = 8 } }, TIMEOUT) or {}
local shown = ''
for _, a in pairs(hovers) do
  local c = a.result and a.result.contents
  if type(c) == 'table' then shown = shown .. (c.value or '') end
end
check(shown:find('**operationId**', 1, true) ~= nil and shown:find('Operation Object', 1, true) ~= nil,
  'hover on operationId documents it: ' .. shown:sub(1, 80))

-- 5. Rename a component: `PetId` in common.yaml; openapi.yaml's $ref follows.
check(vim.wait(TIMEOUT, function() return indexed end, 20), 'the workspace index is built ($/progress end)')
local common = open('common.yaml')
check(attached(common), 'specls attached to common.yaml')
vim.wait(TIMEOUT, function()
  local c = vim.lsp.get_clients({ bufnr = common, name = 'specls' })[1]
  -- The server answers null until it has read the file.
  local r = c and c:request_sync('textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(common) } }, 2000, common)
  return r and r.result ~= nil
end, 50)
vim.api.nvim_win_set_cursor(0, { 3, 6 })
vim.lsp.buf.rename('PetKey')
local openapi_buf
local renamed = vim.wait(TIMEOUT, function()
  openapi_buf = vim.fn.bufnr(ws .. '/openapi.yaml')
  return openapi_buf > 0 and vim.api.nvim_buf_is_loaded(openapi_buf)
    and table.concat(vim.api.nvim_buf_get_lines(openapi_buf, 0, -1, false), '\n'):find("parameters/PetKey'", 1, true) ~= nil
end, 20)
check(renamed, 'the rename changed the $ref in openapi.yaml' .. (renamed and '' or ('; messages: ' .. vim.inspect(notes))))
check(line(common, 3):match('^    PetKey:') ~= nil, 'the rename changed the key in common.yaml: ' .. line(common, 3))
vim.cmd('silent wall')
local on_disk = table.concat(vim.fn.readfile(ws .. '/openapi.yaml'), '\n')
check(on_disk:find("./common.yaml#/components/parameters/PetKey'", 1, true) ~= nil
  and not on_disk:find('PetId', 1, true), 'openapi.yaml on disk after :wall has the new name only')

-- 6. An unrelated YAML file (a CI workflow): the server reads it and says nothing.
local ci = open('.github/workflows/ci.yaml')
check(attached(ci), 'specls attached to an unrelated YAML file')
local c = vim.lsp.get_clients({ bufnr = ci, name = 'specls' })[1]
local root
vim.wait(TIMEOUT, function()
  -- Nothing until the server has read the file.
  local sym = c and c:request_sync('textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(ci) } }, TIMEOUT, ci)
  root = sym and sym.result and sym.result[1]
  return root ~= nil
end, 50)
check(root and root.name == 'fragment', 'the workflow is read as: ' .. tostring(root and root.name))
vim.wait(500, function() return false end)
check(#vim.diagnostic.get(ci) == 0, 'no diagnostic on the workflow (' .. #vim.diagnostic.get(ci) .. ')')

-- 7. :SpeclsFixAll asks the server for source.fixAll actions; it offers none yet and says so.
vim.api.nvim_set_current_buf(pets)
notes = {}
vim.cmd('SpeclsFixAll')
check(vim.wait(TIMEOUT, function() return #notes > 0 end, 20) and notes[1]:find('no fix-all action', 1, true) ~= nil,
  ':SpeclsFixAll answers: ' .. tostring(notes[1]))

-- 7b. :SpeclsBreakingChanges: the report of unsaved edits against git's HEAD of the workspace.
local function git(...)
  return vim.fn.system(vim.list_extend({ 'git', '-C', ws, '-c', 'user.email=test@example.com', '-c', 'user.name=test' }, { ... }))
end
git('init', '-q')
git('add', '-A')
git('commit', '-q', '-m', 'baseline')
local spec = open('openapi.yaml')
local first, last
local spec_lines = vim.api.nvim_buf_get_lines(spec, 0, -1, false)
for i, l in ipairs(spec_lines) do
  if l == '  /pets/{petId}:' then first = i end
  if first and not last and i > first and l:match('^%S') then last = i - 1 end
end
if first and not last then last = #spec_lines end
check(first ~= nil and last ~= nil, 'openapi.yaml has the path /pets/{petId}')
vim.api.nvim_buf_set_lines(spec, first - 1, last, false, {})
-- Neovim sends the change after a short debounce: wait until the server has it.
vim.wait(TIMEOUT, function()
  local c = vim.lsp.get_clients({ bufnr = spec, name = 'specls' })[1]
  local r = c and c:request_sync('specls/documentText', { textDocument = { uri = vim.uri_from_bufnr(spec) } }, 2000, spec)
  local t = r and r.result and r.result.text
  return t ~= nil and not t:find('/pets/{petId}:', 1, true)
end, 20)
local before = vim.api.nvim_get_current_win()
vim.cmd('SpeclsBreakingChanges')
local report
vim.wait(TIMEOUT, function()
  if vim.api.nvim_get_current_win() == before then return false end
  report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  return report ~= ''
end, 20)
check(report and vim.bo.filetype == 'markdown' and report:find('api-path-removed-without-deprecation', 1, true) ~= nil
  and report:find('/pets/{petId}', 1, true) ~= nil,
  ':SpeclsBreakingChanges shows the removed path: ' .. tostring(report and report:sub(1, 200)))
vim.cmd('close')
vim.api.nvim_set_current_buf(spec)
vim.cmd('silent! undo')

-- 8. :checkhealth specls: the binary, its version, the settings.
vim.cmd('checkhealth specls')
local health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
local version = vim.trim(vim.fn.system({ bin, '--version' }))
check(health:find('OK found ' .. bin, 1, true) ~= nil, ':checkhealth specls finds the binary')
check(version:match('^specls %d') and health:find('OK version: ' .. version, 1, true) ~= nil, ':checkhealth specls shows ' .. version)
check(health:find('OK settings.specls is valid', 1, true) ~= nil, ':checkhealth specls: settings valid')
check(health:find('OK client %d+: specls') ~= nil, ':checkhealth specls lists the running client')
vim.cmd('tabclose')
local problems = require('specls.settings').validate({ maxFileSizeMb = -1, kinds = { ['*.json'] = 'openapi-9' }, lint = true, rulesetPath = 5 })
check(#problems == 4, 'bad settings are named: ' .. table.concat(problems, ' | '))

-- 9. The plugin's settings are the VS Code extension's (and so the server's: server/tests/editor_settings.rs).
local pkg = vim.json.decode(table.concat(vim.fn.readfile(repo .. '/editors/vscode/package.json'), '\n'))
local vscode = {}
for _, section in ipairs(pkg.contributes.configuration) do
  for key, p in pairs(section.properties) do
    local name = key:match('^specls%.(%w+)$')
    if name then vscode[name] = p end
  end
end
local schema = require('specls.settings').schema
local drift = {}
for name, p in pairs(vscode) do
  local s = schema[name]
  if not s then
    table.insert(drift, name .. ' missing in lua/specls/settings.lua')
  elseif s.type ~= p.type or not vim.deep_equal(s.default, p.default)
    or (s.values and not vim.deep_equal(s.values, p.additionalProperties.enum)) then
    table.insert(drift, name .. ' differs')
  end
end
for name in pairs(schema) do
  if not vscode[name] then table.insert(drift, name .. ' missing in editors/vscode/package.json') end
end
check(#drift == 0 and vim.tbl_count(schema) > 0, 'settings: Neovim = VS Code (' .. (#drift == 0 and 'same' or table.concat(drift, ', ')) .. ')')

for _, cl in ipairs(vim.lsp.get_clients()) do cl:stop() end
vim.wait(3000, function() return #vim.lsp.get_clients() == 0 end, 20)
vim.fn.delete(ws, 'rf')
H.finish()
