-- soaplint for Neovim 0.7+: starts `soaplint lsp` with the built-in client
-- (vim.lsp.start_client) for therapy notes and attaches it to their buffers.
--
--   require("soaplint").setup({
--     filetypes = { "soapnote", "text", "markdown" }, -- which buffers to lint
--     settings = { soaplint = { profile = "medicare", rules = { ["doc/vague-phrase"] = "off" } } },
--   })
--
-- One client runs per project root (the directory holding .soaplint.yaml or
-- .git, else the note's directory).
local M = {}

M.defaults = {
  cmd = { "soaplint", "lsp" },
  -- *.soap and *.note files get the "soapnote" filetype (see setup); add "text"
  -- and/or "markdown" to lint plain-text and Markdown notes.
  filetypes = { "soapnote" },
  root_markers = { ".soaplint.yaml", ".git" },
  -- Sent to the server through workspace/configuration (section "soaplint").
  settings = { soaplint = {} },
  -- debounceMs: delay after the last edit before linting (server default 100).
  init_options = {},
  on_attach = nil,
}

local config = vim.deepcopy(M.defaults)
local clients = {} -- root directory -> client id

-- LSP language IDs the server expects for Neovim filetypes.
local language_ids = { soapnote = "soap-note", text = "plaintext", markdown = "markdown" }

local function root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(config.root_markers) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then
      found = vim.fn.finddir(marker, dir .. ";")
    end
    if found ~= "" then
      return (vim.fn.fnamemodify(found, ":p"):gsub("/%.git/?$", ""):gsub("/%.soaplint%.yaml$", ""):gsub("/$", ""))
    end
  end
  return dir
end

-- start attaches soaplint to bufnr (the current buffer by default), starting a
-- client for the buffer's root when none runs yet. It returns the client id.
function M.start(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local root = root_dir(bufnr)
  local id = clients[root]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = "soaplint",
      cmd = config.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      settings = config.settings,
      init_options = config.init_options,
      get_language_id = function(_, filetype)
        return language_ids[filetype] or filetype
      end,
      on_attach = config.on_attach,
    })
    if not id then
      vim.notify("soaplint: could not start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(opts)
  config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup("soaplint", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = { "*.soap", "*.note" },
    command = "setfiletype soapnote",
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
end

return M
