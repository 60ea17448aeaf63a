-- Tables that keyboard and screen-reader users can scroll, in HTML only (other formats pass through untouched).
-- Both renders run it: `quarto render` from _quarto.yml's top-level `filters:`, the build's own renderer
-- (newsfigures.report.html) from the same list, so the two pages have the same structure.
--
-- A table wider than a phone scrolls sideways; keyboard users can scroll it only if it can take focus, and a
-- screen reader announces a focusable box only by its name. So each table sits in a region with tabindex 0,
-- named after its caption or, without one, the heading it is under; no name repeats (two landmarks with one
-- name cannot be told apart).

if not FORMAT:match("^html") then
  return {}
end

local used = {}

local function unique(label)
  local count = (used[label] or 0) + 1
  used[label] = count
  if count == 1 then return label end
  return label .. " (table " .. count .. ")"
end

local function text(inlines)
  return (pandoc.utils.stringify(inlines):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function region(tbl, heading)
  local caption = text(tbl.caption.long or {})
  local label = caption ~= "" and caption or heading
  if label == "" then label = "Table" end
  -- Attributes as a list of pairs: a Lua table's keys come in no fixed order, and renders must be identical.
  return pandoc.Div({tbl}, pandoc.Attr("", {"table-region"},
                                       {{"role", "region"}, {"tabindex", "0"}, {"aria-label", unique(label)}}))
end

-- Walks the blocks in reading order, so that "the heading a table is under" is the last one read before it.
local heading = ""
local function walk(blocks)
  local out = {}
  for _, block in ipairs(blocks) do
    if block.t == "Header" then
      heading = text(block.content)
      table.insert(out, block)
    elseif block.t == "Table" then
      table.insert(out, region(block, heading))
    elseif block.t == "Div" or block.t == "BlockQuote" or block.t == "Figure" then
      block.content = walk(block.content)
      table.insert(out, block)
    else
      table.insert(out, block)
    end
  end
  return out
end

function Pandoc(doc)
  doc.blocks = walk(doc.blocks)
  return doc
end
