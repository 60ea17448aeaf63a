-- Quarto's content-visible / content-hidden divs for plain pandoc, which lacks them:
-- ::: {.content-visible when-format="html"} keeps its content only in HTML output, and so on.
-- Format names as Quarto uses them: "html" matches html/html5, "typst" matches typst.
-- Also Quarto's callouts (::: {.callout-warning title="Draft"}): a titled box in HTML and in Typst.

local function matches(name)
  if name == "html" then return FORMAT:match("^html") ~= nil end
  return FORMAT == name
end

local function shown(div)
  local when = div.attributes["when-format"]
  local unless = div.attributes["unless-format"]
  local visible = (when == nil or matches(when)) and (unless == nil or not matches(unless))
  if div.classes:includes("content-hidden") then return not visible end
  return visible
end

local function callout(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind then return kind end
  end
end

function Div(div)
  if div.classes:includes("content-visible") or div.classes:includes("content-hidden") then
    if shown(div) then return div.content end
    return {}
  end
  local kind = callout(div)
  if kind then
    local title = div.attributes["title"] or ""
    if FORMAT == "typst" then
      local blocks = {pandoc.RawBlock("typst", "#block(width: 100%, inset: 8pt, stroke: (left: 3pt + rgb(\"#b45309\")), fill: rgb(\"#fff7ed\"))[")}
      if title ~= "" then table.insert(blocks, pandoc.Para({pandoc.Strong({pandoc.Str(title)})})) end
      for _, block in ipairs(div.content) do table.insert(blocks, block) end
      table.insert(blocks, pandoc.RawBlock("typst", "]"))
      return blocks
    end
    local content = {}
    if title ~= "" then table.insert(content, pandoc.Div({pandoc.Plain({pandoc.Str(title)})}, {class = "callout-title"})) end
    for _, block in ipairs(div.content) do table.insert(content, block) end
    return pandoc.Div(content, {class = "callout callout-" .. kind, role = "note"})
  end
end

-- Typst output as Quarto's typst format writes it, where pandoc's own writer differs (Quarto's
-- quarto-post/typst.lua does the same): an image carries its alt text (`fig-alt`, else `alt`, else, for an
-- image outside a figure, its description), which a tagged PDF must have; a table without a caption is not
-- wrapped in a figure, so that it sits in the page's flow, where it may break across pages.
local function typst_string(text)
  return '"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function typst_length(value)
  -- A bare number is pixels, as in HTML; Typst wants a unit.
  local number = tonumber(value)
  if number then return tostring(number / PANDOC_WRITER_OPTIONS.dpi) .. "in" end
  return value
end

local function typst_image(image)
  local alt = image.attributes["fig-alt"] or image.attributes["alt"]
  if (alt == nil or alt == "") and not image.attributes["_in-figure"] and #image.caption > 0 then
    alt = pandoc.utils.stringify(image.caption)
  end
  image.attributes["fig-alt"] = nil
  image.attributes["_in-figure"] = nil
  if alt == nil or alt == "" then
    -- Typst refuses it under PDF/UA, naming the standard: the fault is shown, not hidden.
    image.caption = {}
    return image
  end
  local params = {typst_string(image.src:gsub("\\", "/")), "alt: " .. typst_string(alt)}
  for _, key in ipairs({"height", "width"}) do
    if image.attributes[key] then table.insert(params, key .. ": " .. typst_length(image.attributes[key])) end
  end
  return pandoc.RawInline("typst", "#box(image(" .. table.concat(params, ", ") .. "))")
end

function Pandoc(doc)
  if FORMAT ~= "typst" then return nil end
  doc = doc:walk({
    Figure = function(figure)
      return figure:walk({Image = function(image) image.attributes["_in-figure"] = "1"; return image end})
    end,
  })
  return doc:walk({
    Image = typst_image,
    Table = function(tbl)
      if #tbl.caption.long == 0 then tbl.classes:insert("typst:no-figure") end
      return tbl
    end,
  })
end
