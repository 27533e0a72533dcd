-- The server's settings (server/src/settings.rs), one to one, with their types and defaults.
-- editors/nvim/tests/workspace.lua fails when this table and editors/vscode/package.json drift,
-- and server/tests/editor_settings.rs when package.json and the server do.
local M = {}

M.kinds = {
  'openapi-2.0', 'openapi-3.0', 'openapi-3.1', 'openapi-3.2', 'asyncapi-2', 'asyncapi-3',
  'jsonschema-draft-04', 'jsonschema-draft-06', 'jsonschema-draft-07', 'jsonschema-2019-09',
  'jsonschema-2020-12', 'fragment',
}

M.schema = {
  maxFileSizeMb = { type = 'integer', default = 64, minimum = 0 },
  diagnosticsDelayMs = { type = 'integer', default = 0, minimum = 0 },
  kinds = { type = 'object', default = {}, values = M.kinds },
  schemaValidation = { type = 'boolean', default = true },
  remoteRefs = { type = 'array', default = {}, prefix = '^https?://' },
  remoteRefsTimeoutMs = { type = 'integer', default = 5000, minimum = 0 },
  rulesetPath = { type = 'string', default = '' },
  breakingBaseline = { type = 'string', default = 'HEAD' },
}

--- The problems of a `specls` settings table (the content of `settings.specls`), as messages.
---@param s table|nil
---@return string[]
function M.validate(s)
  local problems = {}
  if s == nil then return problems end
  if type(s) ~= 'table' then return { 'settings.specls must be a table, not ' .. type(s) } end
  for key, value in pairs(s) do
    local spec = M.schema[key]
    if not spec then
      local known = vim.tbl_keys(M.schema)
      table.sort(known)
      table.insert(problems, ('unknown setting `%s`; the settings are: %s'):format(key, table.concat(known, ', ')))
    elseif spec.type == 'integer' then
      if type(value) ~= 'number' or value % 1 ~= 0 or value < spec.minimum then
        table.insert(problems, ('`%s` must be an integer >= %d, not %s'):format(key, spec.minimum, vim.inspect(value)))
      end
    elseif spec.type == 'string' then
      if type(value) ~= 'string' then
        table.insert(problems, ('`%s` must be a string, not %s'):format(key, vim.inspect(value)))
      end
    elseif spec.type == 'boolean' then
      if type(value) ~= 'boolean' then
        table.insert(problems, ('`%s` must be true or false, not %s'):format(key, vim.inspect(value)))
      end
    elseif spec.type == 'array' then
      local ok = type(value) == 'table' and vim.islist(value)
      for _, v in ipairs(ok and value or {}) do
        if type(v) ~= 'string' or not v:match(spec.prefix) then ok = false end
      end
      if not ok then
        table.insert(problems, ('`%s` must be a list of URL prefixes (https://…), not %s'):format(key, vim.inspect(value)))
      end
    elseif spec.type == 'object' then
      if type(value) ~= 'table' then
        table.insert(problems, ('`%s` must be a table of glob = kind'):format(key))
      else
        for glob, kind in pairs(value) do
          if type(glob) ~= 'string' or not vim.tbl_contains(spec.values, kind) then
            table.insert(problems, ('`%s`: %s = %s: the kind must be one of %s'):format(
              key, vim.inspect(glob), vim.inspect(kind), table.concat(spec.values, ', ')))
          end
        end
      end
    end
  end
  table.sort(problems)
  return problems
end

return M
