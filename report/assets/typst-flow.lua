-- The PDF's flow, where pandoc's Typst would hinder the page-break rules of typst-styles.typ. Typst output only;
-- Quarto runs this filter as one of the format's filters, and the build without Quarto does the same.
--
-- A heading's lead-in stays with the table it introduces. A generated section reads "heading, one paragraph
-- saying what the table holds, the table"; Typst keeps a heading with the paragraph after it, and a short table
-- whole, but nothing keeps that paragraph with the table, so a table that moves to the next page would leave
-- its heading and lead-in alone at the foot of the last. Here a paragraph between a heading and a table is
-- made a sticky block, which Typst moves with whatever follows it.

local function is_table(block)
  if block == nil then return false end
  if block.t == "Table" then return true end
  -- A captioned table is a Figure holding the table.
  if block.t == "Figure" then
    for _, inner in ipairs(block.content) do
      if inner.t == "Table" then return true end
    end
  end
  return false
end

-- Called by pandoc on every list of blocks: the document's, and those inside divs (Quarto's sections, a story's own).
function Blocks(blocks)
  if FORMAT ~= "typst" then return nil end
  local out = pandoc.Blocks({})
  for i, block in ipairs(blocks) do
    local before, after = blocks[i - 1], blocks[i + 1]
    if (block.t == "Para" or block.t == "Plain") and before ~= nil and before.t == "Header" and is_table(after) then
      out:insert(pandoc.RawBlock("typst", "#block(sticky: true)["))
      out:insert(block)
      out:insert(pandoc.RawBlock("typst", "]"))
    else
      out:insert(block)
    end
  end
  return out
end
