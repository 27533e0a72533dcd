-- specls for Neovim >= 0.11: `vim.lsp.enable('specls')` with this folder on 'runtimepath'.
-- Override any field with vim.lsp.config('specls', { ... }).
local root_markers = { 'specls.toml', '.spectral.yaml', '.spectral.yml', '.spectral.json', '.git' }

--- The workspace root of a file: the nearest folder with a root marker; else the current
--- directory when the file is inside it (so that `$ref`s between its files are followed); else
--- the file's folder.
local function root_of(bufnr)
  local root = vim.fs.root(bufnr, root_markers)
  if root then return root end
  local file = vim.api.nvim_buf_get_name(bufnr)
  local cwd = vim.fn.getcwd()
  if file ~= '' and vim.startswith(file, cwd .. '/') then return cwd end
  return file ~= '' and vim.fs.dirname(file) or cwd
end

return {
  cmd = { 'specls', 'serve' },
  filetypes = { 'yaml', 'json' },
  root_markers = root_markers,
  root_dir = function(bufnr, on_dir) on_dir(root_of(bufnr)) end,
  -- Sent as initializationOptions; the same keys as specls.toml, in camelCase.
  init_options = { specls = vim.empty_dict() },
  settings = { specls = vim.empty_dict() },
  -- For require('specls').setup() on Neovim 0.10.
  root_of = root_of,
}
