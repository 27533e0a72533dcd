-- specls for Neovim >= 0.11: `vim.lsp.enable('specls')` with this folder on 'runtimepath'.
-- Override any field with vim.lsp.config('specls', { ... }).
return {
  cmd = { 'specls', 'serve' },
  filetypes = { 'yaml', 'json' },
  root_markers = { 'specls.toml', '.spectral.yaml', '.spectral.yml', '.spectral.json', '.git' },
  -- Sent as initializationOptions; the same keys as specls.toml, in camelCase.
  init_options = { specls = vim.empty_dict() },
  settings = { specls = vim.empty_dict() },
}
