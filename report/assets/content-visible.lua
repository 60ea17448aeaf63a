-- Quarto's content-visible / content-hidden divs for plain pandoc, which lacks them:
-- ::: {.content-visible when-format="html"} keeps its content only in HTML output, and so on.
-- Format names as Quarto uses them: "html" matches html/html5, "typst" matches typst.

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

function Div(div)
  if div.classes:includes("content-visible") or div.classes:includes("content-hidden") then
    if shown(div) then return div.content end
    return {}
  end
end
