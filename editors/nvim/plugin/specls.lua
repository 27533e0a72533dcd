-- The user commands (:SpeclsFixAll, :SpeclsRestart), also for those who only `vim.lsp.enable('specls')`.
if vim.g.loaded_specls then return end
vim.g.loaded_specls = true
require('specls').commands()
