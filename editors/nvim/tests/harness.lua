-- What the Neovim tests share: where the repository and the binary under test are, PASS/FAIL
-- lines with their count, the exit status, and a scratch copy of a test workspace.
--
--   local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/harness.lua')
local H = {}
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
H.repo = vim.fn.fnamemodify(here .. '/../../..', ':p'):gsub('/$', '')
H.bin = os.getenv('SPECLS_BIN') or (H.repo .. '/target/debug/specls')
H.TIMEOUT = 20000
H.passes, H.failures = 0, 0
local t0 = vim.uv.hrtime()

function H.log(...)
  io.stdout:write(string.format('[%5.0f ms] ', (vim.uv.hrtime() - t0) / 1e6), string.format(...), '\n')
end

--- One check: a PASS or FAIL line; gives `ok`.
function H.check(ok, what)
  H.log('%s: %s', ok and 'PASS' or 'FAIL', what)
  if ok then H.passes = H.passes + 1 else H.failures = H.failures + 1 end
  return ok
end

--- Ends the test: the count, and exit status 0 when every check passed. `why` says why it ends
--- early (the test then fails).
function H.finish(why)
  H.log('%d passed, %d failed%s', H.passes, H.failures, why and (' (' .. why .. ')') or '')
  os.exit((H.failures == 0 and not why) and 0 or 1)
end

--- A scratch copy of a folder of test-workspaces/ (the tests write files), made the current
--- directory: with no root marker, the workspace root (lsp/specls.lua's root_dir).
function H.scratch(rel)
  local ws = vim.fn.tempname()
  vim.fn.mkdir(ws, 'p')
  vim.fn.system({ 'cp', '-R', H.repo .. '/test-workspaces/' .. rel .. '/.', ws })
  vim.fn.chdir(ws)
  return ws
end

return H
