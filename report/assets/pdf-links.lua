-- The PDF's links that leave it. A PDF is often shared alone, so a link relative to the report's page
-- (notebooks/..., data/...) would lead nowhere. With `published-url` (report/_quarto.yml, format typst: the
-- address where the HTML page is served, with notebooks/ and data/ beside it) such a link is made absolute;
-- without one it becomes the file's path as plain text, and the notes the report marks `.pdf-unlinked` (kept
-- out of the HTML) say where the files are. With an address those notes are dropped. Typst output only; Quarto
-- runs this filter as one of the format's filters, and the build without Quarto does the same.

local base = ""

local function relative(target)
  return not target:match("^%a[%w+.-]*:") and not target:match("^#") and not target:match("^/")
end

local function read_base(meta)
  local value = meta["published-url"]
  if value == nil then return end
  value = pandoc.utils.stringify(value)
  if value == "" then return end
  if not value:match("^https?://[^%s/?#]+[^%s?#]*$") then
    error("report/_quarto.yml: format typst, field published-url: '" .. value ..
          "' is not an http(s) address such as https://example.org/report/")
  end
  base = value:match("/$") and value or value .. "/"
end

local function link(element)
  if not relative(element.target) then return nil end
  if base ~= "" then
    element.target = base .. element.target:gsub("^%./", "")
    return element
  end
  return pandoc.Code(element.target)
end

local function note(div)
  if not div.classes:includes("pdf-unlinked") then return nil end
  if base ~= "" then return {} end
  return div.content
end

if FORMAT ~= "typst" then return {} end
return {
  {Meta = read_base},
  {Link = link, Div = note},
}
