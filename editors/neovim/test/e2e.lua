-- End-to-end check of editors/neovim with Neovim's built-in LSP client, run by
-- lsp/nvim_e2e_test.go as:
--   nvim --headless --clean -u NONE -c "luafile editors/neovim/test/e2e.lua"
-- Environment: SOAPLINT_BIN (the built binary), SOAPLINT_NVIM_DIR (editors/neovim),
-- SOAPLINT_NOTE (a note with an impairment-based goal), SOAPLINT_OUT (result file).
-- It opens the note, waits for diagnostics, runs vim.lsp.buf.code_action() on the
-- goal and picks the first functional-goal template, then writes the buffer.
local out = assert(os.getenv("SOAPLINT_OUT"))
local function finish(status, lines)
  local f = assert(io.open(out, "w"))
  f:write(status, "\n")
  for _, l in ipairs(lines or {}) do
    f:write(l, "\n")
  end
  f:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(assert(os.getenv("SOAPLINT_NVIM_DIR")))
  require("soaplint").setup({
    cmd = { assert(os.getenv("SOAPLINT_BIN")), "lsp" },
    filetypes = { "soapnote", "text" },
    init_options = { debounceMs = 20 },
  })
  vim.cmd("edit " .. vim.fn.fnameescape(assert(os.getenv("SOAPLINT_NOTE"))))
  local bufnr = vim.api.nvim_get_current_buf()

  local function lsp_code(d)
    if d.code then
      return d.code
    end
    local ud = d.user_data and d.user_data.lsp
    return ud and ud.code
  end
  local goal
  local got = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if lsp_code(d) == "goal/impairment-based" then
        goal = d
        return true
      end
    end
    return false
  end, 20)
  if not got then
    local codes = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(codes, tostring(lsp_code(d)))
    end
    finish("FAIL no goal/impairment-based diagnostic; got: " .. table.concat(codes, ", "))
    return
  end

  -- Choose the first functional-goal template from the code action menu.
  local chosen
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      local action = item[2] or item.action or item
      local title = action.title or ""
      if title:lower():find("functional") and not title:find("lexicon") then
        chosen = title
        on_choice(item, i)
        return
      end
    end
    on_choice(nil, nil)
  end
  local before = vim.api.nvim_buf_get_lines(bufnr, goal.lnum, goal.lnum + 1, false)[1]
  vim.api.nvim_win_set_cursor(0, { goal.lnum + 1, goal.col })
  vim.lsp.buf.code_action()
  local changed = vim.wait(10000, function()
    return vim.api.nvim_buf_get_lines(bufnr, goal.lnum, goal.lnum + 1, false)[1] ~= before
  end, 20)
  if not changed then
    finish("FAIL code action did not change the goal line (chosen: " .. tostring(chosen) .. ")")
    return
  end
  local lines = { "TITLE " .. tostring(chosen), "LINE " .. goal.lnum }
  for _, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    table.insert(lines, l)
  end
  finish("OK", lines)
end)
if not ok then
  finish("FAIL " .. tostring(err))
end
