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
