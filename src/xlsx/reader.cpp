// How an .xlsx is read: the zip (libzip, from memory) holds XML parts found through relationship
// files (OPC); each part is inflated under the size limits, parsed by pugixml in place, and walked
// once. Element names are matched by local name, since some writers use prefixes (<x:c>).
#include "xlsx/reader.hpp"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <pugixml.hpp>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.hpp"
#include "xlsx/messages.hpp"

namespace zhdj::xlsx {

namespace {

// ---------------------------------------------------------------------------------------------
// Parts of the package

// Normalizes a part name for lookup: OPC part names are case-insensitive, and some writers put
// backslashes or a leading slash in zip entry names.
std::string part_key(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (char c : name) {
    if (c == '\\') c = '/';
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (!key.empty() && key.front() == '/') key.erase(0, 1);
  return key;
}

// The zip archive, read from memory. Every part read counts against the per-part and total
// limits, and no part is inflated past the size its directory entry declares.
class Package {
 public:
  Package(std::string_view bytes, const Limits& limits) : limits_(limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source) {
      zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (!zip_) zip_source_free(source);
    }
    zip_error_fini(&error);
    if (!zip_) throw Error(msg::kNotXlsx);

    zip_int64_t count = zip_get_num_entries(zip_, 0);
    if (count < 0) throw Error(msg::kNotXlsx);
    if (static_cast<std::uint64_t>(count) > limits.max_entries) throw Error(msg::kTooLarge);
    entries_.reserve(static_cast<std::size_t>(count));
    for (zip_int64_t i = 0; i < count; ++i) {
      const char* name = zip_get_name(zip_, static_cast<zip_uint64_t>(i), 0);
      if (name) entries_.emplace(part_key(name), static_cast<zip_uint64_t>(i));
    }
  }
  ~Package() {
    if (zip_) zip_discard(zip_);
  }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  bool has(std::string_view name) const { return entries_.count(part_key(name)) != 0; }

  // The uncompressed bytes of a part, or nullopt when the package has no such part.
  std::optional<std::string> read(std::string_view name) {
    auto it = entries_.find(part_key(name));
    if (it == entries_.end()) return std::nullopt;

    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip_, it->second, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) {
      throw Error(msg::kCorrupt);
    }
    const std::uint64_t declared = stat.size;
    if (declared > limits_.max_part_bytes || declared > limits_.max_total_bytes - total_read_) {
      throw Error(msg::kTooLarge);
    }

    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen_index(zip_, it->second, 0),
                                                            &zip_fclose);
    if (!file) throw Error(msg::kCorrupt);  // encrypted entry, unknown compression method
    std::string out;
    out.reserve(static_cast<std::size_t>(declared));
    // Inflate in chunks and stop one byte past the declared size: a part that inflates to more
    // (or less) than its entry says is corrupt, and a zip bomb never gets past the limit.
    std::array<char, 64 * 1024> chunk;
    for (;;) {
      const std::uint64_t room = declared - out.size() + 1;
      zip_int64_t n =
          zip_fread(file.get(), chunk.data(), std::min<std::uint64_t>(room, chunk.size()));
      if (n < 0) throw Error(msg::kCorrupt);  // bad deflate data or CRC
      if (n == 0) break;
      out.append(chunk.data(), static_cast<std::size_t>(n));
      if (out.size() > declared) throw Error(msg::kCorrupt);
    }
    if (out.size() != declared) throw Error(msg::kCorrupt);
    total_read_ += declared;
    return out;
  }

 private:
  const Limits& limits_;
  zip_t* zip_ = nullptr;
  std::unordered_map<std::string, zip_uint64_t> entries_;
  std::uint64_t total_read_ = 0;
};

// "xl/workbook.xml" + "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml"; a target starting
// with '/' is from the package root. "." and ".." segments are resolved.
std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string path;
  if (!target.empty() && (target.front() == '/' || target.front() == '\\')) {
    path = target;
  } else {
    auto slash = source_part.rfind('/');
    if (slash != std::string_view::npos) path = source_part.substr(0, slash + 1);
    path += target;
  }
  std::vector<std::string_view> segments;
  std::string_view rest = path;
  while (!rest.empty()) {
    auto end = rest.find_first_of("/\\");
    std::string_view segment = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string out;
  for (auto segment : segments) {
    if (!out.empty()) out += '/';
    out += segment;
  }
  return out;
}

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels"
std::string rels_part_of(std::string_view part) {
  auto slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

// ---------------------------------------------------------------------------------------------
// XML

// pugixml's tree costs a node (64 bytes on 64-bit) per element or text run and 40 bytes per
// attribute. Counting '<' and '=' bounds both before anything is allocated.
constexpr std::size_t kNodeBytes = 64;
constexpr std::size_t kAttributeBytes = 40;

std::size_t xml_tree_bound(std::string_view xml) {
  std::size_t tags = 0, equals = 0;
  for (char c : xml) {
    tags += c == '<';
    equals += c == '=';
  }
  // A text run may sit between any two tags; an encoding other than UTF-8 is converted to a copy.
  return (2 * tags + 1) * kNodeBytes + equals * kAttributeBytes + xml.size();
}

// A parsed part. The document points into `text`, so both live together.
// parse_ws_pcdata_single keeps a cell whose whole text is spaces (<t xml:space="preserve"> </t>).
constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata_single;

struct Xml {
  std::string text;
  pugi::xml_document doc;
};

std::unique_ptr<Xml> parse_xml(std::string text, const Limits& limits) {
  if (xml_tree_bound(text) > limits.max_xml_memory) throw Error(msg::kTooLarge);
  auto xml = std::make_unique<Xml>();
  xml->text = std::move(text);
  auto result = xml->doc.load_buffer_inplace(xml->text.data(), xml->text.size(), kParseOptions);
  if (!result) throw Error(msg::kCorrupt);
  return xml;
}

std::string_view local_name(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(name);
}

bool named(const pugi::xml_node& node, std::string_view name) {
  if (node.type() != pugi::node_element) return false;
  const char* full = node.name();
  // Most files use no prefix: compare in place before looking for a colon.
  std::size_t i = 0;
  while (i < name.size() && full[i] == name[i]) ++i;
  if (i == name.size() && full[i] == '\0') return true;
  return std::strchr(full, ':') && local_name(full) == name;
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node node : parent.children()) {
    if (named(node, name)) return node;
  }
  return {};
}

// The document element, if it has the expected local name.
pugi::xml_node root(const Xml& xml, std::string_view name) {
  pugi::xml_node node = xml.doc.document_element();
  if (!named(node, name)) throw Error(msg::kCorrupt);
  return node;
}

// All text directly inside `node` (text runs and CDATA sections).
void append_text(std::string& out, const pugi::xml_node& node) {
  for (pugi::xml_node part : node.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) out += part.value();
  }
}

bool xml_true(std::string_view value) {
  return value == "1" || value == "true";
}

// Parses a decimal without sign; nullopt when it is not one or exceeds `max`.
std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > max) return std::nullopt;
  }
  return value;
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// "_x000D_" at `at`, the escape SpreadsheetML uses for characters XML cannot carry (ST_Xstring).
std::optional<std::uint32_t> xstring_escape(std::string_view s, std::size_t at) {
  if (at + 7 > s.size() || s[at] != '_' || s[at + 1] != 'x' || s[at + 6] != '_') return {};
  std::uint32_t code = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    char c = s[i];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return {};
    code = code * 16 + static_cast<std::uint32_t>(digit);
  }
  return code;
}

// Decodes the _xHHHH_ escapes of a string in place.
void decode_xstring(std::string& text) {
  if (text.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(text.size());
  std::string_view s = text;
  for (std::size_t i = 0; i < s.size();) {
    auto code = xstring_escape(s, i);
    if (!code) {
      out += s[i++];
      continue;
    }
    i += 7;
    if (*code >= 0xD800 && *code < 0xDC00) {  // UTF-16 surrogate pair, written as two escapes
      auto low = xstring_escape(s, i);
      if (low && *low >= 0xDC00 && *low < 0xE000) {
        i += 7;
        append_utf8(out, 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00));
        continue;
      }
      *code = 0xFFFD;
    } else if (*code >= 0xDC00 && *code < 0xE000) {
      *code = 0xFFFD;
    }
    append_utf8(out, *code);
  }
  text = std::move(out);
}

// The text of a rich or plain string item (<si> of the shared strings, <is> of an inline string):
// its own <t> and the <t> of each run <r>, but not phonetic guides (<rPh>).
std::string string_item_text(const pugi::xml_node& item) {
  std::string text;
  for (pugi::xml_node node : item.children()) {
    if (named(node, "t")) {
      append_text(text, node);
    } else if (named(node, "r")) {
      if (pugi::xml_node t = child(node, "t")) append_text(text, t);
    }
  }
  decode_xstring(text);
  text::make_valid_utf8(text);
  return text;
}

// A tag found by scan_tag: [begin, end) of the text, and its name without prefix.
struct Tag {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string_view local;
  bool closing = false;       // </name>
  bool self_closing = false;  // <name/>
  std::size_t attributes = 0;
  std::size_t skipped_cdata = 0;  // CDATA sections passed on the way (pugixml makes nodes of them)
};

enum class Scan { tag, end_of_text, unsupported };

// The next start or end tag at or after `at`, skipping comments, CDATA sections and processing
// instructions. Every '<' outside those starts markup ('<' cannot appear in attribute values or
// text), so this finds tags exactly. A DOCTYPE is "unsupported" (the caller parses the whole part).
Scan scan_tag(std::string_view xml, std::size_t at, Tag& tag) {
  tag.skipped_cdata = 0;
  for (;;) {
    const std::size_t lt = xml.find('<', at);
    if (lt == std::string_view::npos) return Scan::end_of_text;
    std::string_view rest = xml.substr(lt);
    auto skip_to = [&](std::string_view opening, std::string_view closing) {
      const auto close = xml.find(closing, lt + opening.size());
      if (close == std::string_view::npos) throw Error(msg::kCorrupt);
      return close + closing.size();
    };
    if (rest.starts_with("<!--")) {
      at = skip_to("<!--", "-->");
    } else if (rest.starts_with("<![CDATA[")) {
      at = skip_to("<![CDATA[", "]]>");
      ++tag.skipped_cdata;
    } else if (rest.starts_with("<?")) {
      at = skip_to("<?", "?>");
    } else if (rest.starts_with("<!")) {
      return Scan::unsupported;
    } else {
      tag.begin = lt;
      tag.closing = rest.size() > 1 && rest[1] == '/';
      std::size_t i = lt + 1 + tag.closing;
      const std::size_t name_begin = i;
      for (; i < xml.size(); ++i) {
        const char c = xml[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>') break;
      }
      std::string_view name = xml.substr(name_begin, i - name_begin);
      const auto colon = name.rfind(':');
      tag.local = colon == std::string_view::npos ? name : name.substr(colon + 1);
      // Attribute values may hold '>': step over quoted text.
      tag.attributes = 0;
      for (; i < xml.size() && xml[i] != '>'; ++i) {
        if (xml[i] == '"' || xml[i] == '\'') {
          i = xml.find(xml[i], i + 1);
          if (i == std::string_view::npos) throw Error(msg::kCorrupt);
        } else if (xml[i] == '=') {
          ++tag.attributes;
        }
      }
      if (i >= xml.size()) throw Error(msg::kCorrupt);
      tag.self_closing = !tag.closing && xml[i - 1] == '/';
      tag.end = i + 1;
      return Scan::tag;
    }
  }
}

// Whether the text is UTF-8 (or ASCII) XML: no UTF-16 or UTF-32 byte order mark or zero bytes
// where '<?' would be. Other encodings are left to pugixml's conversion of the whole part.
bool utf8_xml(std::string_view xml) {
  if (xml.size() < 2) return true;
  const auto b0 = static_cast<unsigned char>(xml[0]), b1 = static_cast<unsigned char>(xml[1]);
  return !((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE) || b0 == 0 || b1 == 0);
}

// ---------------------------------------------------------------------------------------------
// Workbook-level parts

struct Relationship {
  std::string target;  // resolved part name
  std::string type;
};

// Id → relationship of one .rels part. Missing part: no relationships.
std::unordered_map<std::string, Relationship> read_relationships(Package& package,
                                                                 std::string_view source_part,
                                                                 const Limits& limits) {
  std::unordered_map<std::string, Relationship> rels;
  auto text = package.read(rels_part_of(source_part));
  if (!text) return rels;
  auto xml = parse_xml(std::move(*text), limits);
  for (pugi::xml_node node : root(*xml, "Relationships").children()) {
    if (!named(node, "Relationship")) continue;
    if (std::string_view(node.attribute("TargetMode").value()) == "External") continue;
    rels[node.attribute("Id").value()] = {
        resolve_target(source_part, node.attribute("Target").value()),
        node.attribute("Type").value()};
  }
  return rels;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The target of the first relationship whose type ends in `/kind`, else `fallback` if the
// package has that part (some writers leave relationships out), else empty.
std::string part_of_kind(const std::unordered_map<std::string, Relationship>& rels,
                         std::string_view kind, const Package& package, std::string fallback) {
  for (const auto& [id, rel] : rels) {
    if (rel.type.size() > kind.size() && ends_with(rel.type, kind) &&
        rel.type[rel.type.size() - kind.size() - 1] == '/') {
      return rel.target;
    }
  }
  return package.has(fallback) ? fallback : std::string{};
}

std::vector<std::string> read_shared_strings(Package& package, const std::string& part,
                                             const Limits& limits) {
  std::vector<std::string> strings;
  if (part.empty()) return strings;
  auto text = package.read(part);
  if (!text) return strings;
  auto xml = parse_xml(std::move(*text), limits);
  for (pugi::xml_node item : root(*xml, "sst").children()) {
    if (!named(item, "si")) continue;
    if (strings.size() >= limits.max_shared_strings) throw Error(msg::kTooManyCells);
    strings.push_back(string_item_text(item));
  }
  return strings;
}

// Built-in number formats that show a date or time (ECMA-376 Part 1, 18.8.30, with the ids that
// Chinese, Japanese and Korean Excel use for their own date formats).
bool builtin_date_format(std::uint64_t id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

}  // namespace

bool is_date_format(std::string_view code) {
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    switch (c) {
      case '"': {
        auto close = code.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '[': {
        auto close = code.find(']', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '\\':
      case '_':
      case '*':
        ++i;
        break;
      default:
        switch (c | 0x20) {  // ASCII lower case
          case 'd':
          case 'm':
          case 'y':
          case 'h':
          case 's':
            return true;
        }
    }
  }
  return false;
}

namespace {

// For each cell format (<cellXfs> index), whether it shows numbers as dates.
std::vector<bool> read_date_styles(Package& package, const std::string& part,
                                   const Limits& limits) {
  std::vector<bool> date_styles;
  if (part.empty()) return date_styles;
  auto text = package.read(part);
  if (!text) return date_styles;
  auto xml = parse_xml(std::move(*text), limits);
  pugi::xml_node style_sheet = root(*xml, "styleSheet");

  std::unordered_map<std::uint64_t, bool> custom;
  for (pugi::xml_node format : child(style_sheet, "numFmts").children()) {
    if (!named(format, "numFmt")) continue;
    auto id = parse_uint(format.attribute("numFmtId").value(), UINT32_MAX);
    if (id) custom[*id] = is_date_format(format.attribute("formatCode").value());
  }
  for (pugi::xml_node xf : child(style_sheet, "cellXfs").children()) {
    if (!named(xf, "xf")) continue;
    auto id = parse_uint(xf.attribute("numFmtId").value(), UINT32_MAX).value_or(0);
    auto it = custom.find(id);
    date_styles.push_back(it != custom.end() ? it->second : builtin_date_format(id));
  }
  return date_styles;
}

// ---------------------------------------------------------------------------------------------
// Sheets

struct CellRef {
  std::uint64_t row = 0;  // 0-based
  std::uint64_t col = 0;
  bool has_row = false;
};

// "AB12" → row 11, col 27; "AB" (allowed only in ranges' callers that accept it) has no row.
// Throws on refs past the limits; nullopt when the text is not a reference.
std::optional<CellRef> parse_ref(std::string_view text, const Limits& limits) {
  std::size_t i = 0;
  std::uint64_t col = 0;
  while (i < text.size()) {
    char c = static_cast<char>(text[i] & ~0x20);  // ASCII upper case
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<std::uint64_t>(c - 'A' + 1);
    if (col > limits.max_columns) throw Error(msg::kTooManyColumns);
    ++i;
  }
  if (col == 0) return std::nullopt;
  CellRef ref{0, col - 1, false};
  if (i == text.size()) return ref;
  std::uint64_t row = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    row = row * 10 + static_cast<std::uint64_t>(c - '0');
    if (row > limits.max_rows) throw Error(msg::kTooManyRows);
  }
  if (row == 0) return std::nullopt;
  ref.row = row - 1;
  ref.has_row = true;
  return ref;
}

// What the result may still cost (Limits::max_cells, max_text_bytes), shared by all sheets.
class Budget {
 public:
  explicit Budget(const Limits& limits) : limits_(limits) {}
  void cells(std::size_t n) {
    cells_ += n;
    if (cells_ > limits_.max_cells) throw Error(msg::kTooManyCells);
  }
  void text(std::size_t n) {
    text_ += n;
    if (text_ > limits_.max_text_bytes) throw Error(msg::kTooManyCells);
  }

 private:
  const Limits& limits_;
  std::size_t cells_ = 0;
  std::size_t text_ = 0;
};

Cell& cell_at(Sheet& sheet, std::size_t row, std::size_t col, Budget& budget) {
  if (row >= sheet.rows.size()) {
    budget.cells(row + 1 - sheet.rows.size());
    sheet.rows.resize(row + 1);
  }
  auto& cells = sheet.rows[row];
  if (col >= cells.size()) {
    budget.cells(col + 1 - cells.size());
    cells.resize(col + 1);
  }
  return cells[col];
}

class SheetReader {
 public:
  SheetReader(const std::vector<std::string>& shared_strings, const std::vector<bool>& date_styles,
              const Limits& limits, Budget& budget)
      : shared_strings_(shared_strings),
        date_styles_(date_styles),
        limits_(limits),
        budget_(budget) {}

  // Reads a worksheet part. The rows (nearly all of a sheet) are parsed a few hundred at a time:
  // the text between <sheetData> and </sheetData> is cut after whole rows into fragments of about
  // kFragmentBytes, each parsed in place and walked before the next, so the tree in memory stays
  // small (a whole 26 MB sheet would take some 250 MB). The rest of the part is parsed as one.
  void read(std::string text, Sheet& sheet, const ReadOptions& options) {
    next_row_ = 0;
    Tag tag;
    std::size_t content_begin = 0, content_end = 0;
    bool streamed = false;
    if (utf8_xml(text)) {
      Scan scan;
      for (std::size_t at = 0; (scan = scan_tag(text, at, tag)) == Scan::tag; at = tag.end) {
        if (!tag.closing && tag.local == "sheetData") break;
      }
      if (scan == Scan::tag && !tag.self_closing) {
        content_begin = tag.end;
        streamed = read_row_fragments(text, content_begin, content_end, sheet);
      }
    }

    std::unique_ptr<Xml> xml;
    if (streamed) {
      // The part without its rows: <worksheet>…<sheetData …></sheetData>…</worksheet>
      std::string outline = text.substr(0, content_begin);
      outline.append(text, content_end);
      xml = parse_xml(std::move(outline), limits_);
    } else {
      xml = parse_xml(std::move(text), limits_);
    }
    pugi::xml_node top = xml->doc.document_element();
    if (top.type() != pugi::node_element) throw Error(msg::kCorrupt);
    // Chart sheets and dialog sheets have no cells: they read as empty sheets.
    if (!streamed) {
      if (pugi::xml_node data = child(top, "sheetData")) read_rows(data, sheet);
    }
    if (pugi::xml_node merges = child(top, "mergeCells")) read_merges(merges, sheet);
    if (options.fill_merged) fill_merged(sheet);
    trim(sheet);
  }

 private:
#ifdef ZHDJ_XLSX_FRAGMENT_BYTES  // the fuzzer cuts small fragments, to exercise the cutting
  static constexpr std::size_t kFragmentBytes = ZHDJ_XLSX_FRAGMENT_BYTES;
#else
  static constexpr std::size_t kFragmentBytes = 1 << 20;
#endif

  // Parses the rows from `begin` up to </sheetData>, whose offset it stores in `end`.
  // False if the text has markup the scanner leaves to pugixml (a DOCTYPE); nothing is read then.
  bool read_row_fragments(std::string& text, std::size_t begin, std::size_t& end, Sheet& sheet) {
    // Find the cuts first (parsing in place writes into the text), and bound each fragment's
    // tree as xml_tree_bound does: a node per tag, per text between tags and per CDATA section.
    struct Cut {
      std::size_t end;
      std::size_t tree_bytes;
    };
    std::vector<Cut> cuts;
    std::size_t cut_begin = begin, nodes = 1, attributes = 0;
    auto cut = [&](std::size_t at) {
      cuts.push_back({at, nodes * kNodeBytes + attributes * kAttributeBytes + (at - cut_begin)});
      cut_begin = at;
      nodes = 1;
      attributes = 0;
    };
    int depth = 0;
    Tag tag;
    for (std::size_t at = begin;; at = tag.end) {
      Scan scan = scan_tag(text, at, tag);
      if (scan == Scan::unsupported) return false;
      if (scan == Scan::end_of_text) throw Error(msg::kCorrupt);
      nodes += 2 + tag.skipped_cdata;
      attributes += tag.attributes;
      if (tag.closing && depth == 0) {
        if (tag.local != "sheetData") throw Error(msg::kCorrupt);
        end = tag.begin;
        break;
      }
      if (tag.closing) {
        --depth;
      } else if (!tag.self_closing) {
        ++depth;
      }
      if (depth == 0 && tag.end - cut_begin >= kFragmentBytes) cut(tag.end);
    }
    if (cut_begin != end) cut(end);

    pugi::xml_document fragment;
    std::size_t from = begin;
    for (const Cut& cut : cuts) {
      if (cut.tree_bytes > limits_.max_xml_memory) throw Error(msg::kTooLarge);
      char* data = text.data() + from;
      const std::size_t size = cut.end - from;
      from = cut.end;
      auto result = fragment.load_buffer_inplace(data, size, kParseOptions | pugi::parse_fragment,
                                                 pugi::encoding_utf8);
      if (!result) throw Error(msg::kCorrupt);
      read_rows(fragment, sheet);
    }
    return true;
  }

  void read_rows(const pugi::xml_node& data, Sheet& sheet) {
    std::uint64_t& next_row = next_row_;
    for (pugi::xml_node row : data.children()) {
      if (!named(row, "row")) continue;
      std::uint64_t row_index = next_row;
      if (pugi::xml_attribute r = row.attribute("r")) {
        auto number = parse_uint(r.value(), UINT64_MAX / 16);
        if (!number || *number == 0) throw Error(msg::kCorrupt);
        if (*number > limits_.max_rows) throw Error(msg::kTooManyRows);
        row_index = *number - 1;
      }
      if (row_index >= limits_.max_rows) throw Error(msg::kTooManyRows);
      next_row = row_index + 1;

      std::uint64_t next_col = 0;
      for (pugi::xml_node c : row.children()) {
        if (!named(c, "c")) continue;
        std::uint64_t cell_row = row_index, cell_col = next_col;
        if (pugi::xml_attribute r = c.attribute("r")) {
          auto ref = parse_ref(r.value(), limits_);
          if (!ref || !ref->has_row) throw Error(msg::kCorrupt);
          cell_row = ref->row;
          cell_col = ref->col;
        }
        if (cell_col >= limits_.max_columns) throw Error(msg::kTooManyColumns);
        next_col = cell_col + 1;
        read_cell(c, sheet, cell_row, cell_col);
      }
    }
  }

  void read_cell(const pugi::xml_node& c, Sheet& sheet, std::uint64_t row, std::uint64_t col) {
    pugi::xml_node value, inline_string;
    for (pugi::xml_node node : c.children()) {
      if (named(node, "v")) {
        value = node;
      } else if (named(node, "is")) {
        inline_string = node;
      }
    }
    std::string_view type = c.attribute("t").value();
    Cell cell;
    if (type == "inlineStr" || (inline_string && type.empty())) {
      cell.text = string_item_text(inline_string);
      cell.kind = CellKind::string;
    } else if (!value) {
      // A cell with a style or an uncached formula but no value.
    } else if (type == "s") {
      auto index = parse_uint(value.child_value(), UINT64_MAX / 16);
      if (!index || *index >= shared_strings_.size()) throw Error(msg::kCorrupt);
      cell.text = shared_strings_[*index];
      cell.kind = CellKind::string;
    } else if (type == "str" || type == "d") {  // formula string result; ISO 8601 date
      append_text(cell.text, value);
      decode_xstring(cell.text);
      text::make_valid_utf8(cell.text);
      cell.kind = CellKind::string;
    } else if (type == "b") {
      std::string_view flag = value.child_value();
      if (flag == "1" || flag == "true") {
        cell.text = "TRUE";
      } else if (flag == "0" || flag == "false") {
        cell.text = "FALSE";
      } else {
        throw Error(msg::kCorrupt);
      }
      cell.kind = CellKind::boolean;
    } else if (type == "e") {
      append_text(cell.text, value);
      cell.kind = CellKind::error;
    } else if (type.empty() || type == "n") {
      append_text(cell.text, value);
      cell.kind = CellKind::number;
      auto style = parse_uint(c.attribute("s").value(), UINT32_MAX);
      cell.date_style = style && *style < date_styles_.size() && date_styles_[*style];
    } else {
      throw Error(msg::kCorrupt);
    }
    if (cell.kind == CellKind::number || cell.kind == CellKind::error)
      text::make_valid_utf8(cell.text);
    if (cell.text.empty()) cell = Cell{};
    if (cell.empty()) {
      // Only clear a cell already read: an empty <c> must not grow the sheet.
      if (row < sheet.rows.size() && col < sheet.rows[row].size()) sheet.rows[row][col] = Cell{};
      return;
    }
    budget_.text(cell.text.size());
    cell_at(sheet, row, col, budget_) = std::move(cell);
  }

  void read_merges(const pugi::xml_node& merges, Sheet& sheet) {
    for (pugi::xml_node merge : merges.children()) {
      if (!named(merge, "mergeCell")) continue;
      std::string_view ref = merge.attribute("ref").value();
      auto colon = ref.find(':');
      auto first = parse_ref(ref.substr(0, colon), limits_);
      auto last =
          colon == std::string_view::npos ? first : parse_ref(ref.substr(colon + 1), limits_);
      if (!first || !last || !first->has_row || !last->has_row) throw Error(msg::kCorrupt);
      if (sheet.merged.size() >= limits_.max_cells) throw Error(msg::kTooManyCells);
      sheet.merged.push_back({static_cast<std::uint32_t>(std::min(first->row, last->row)),
                              static_cast<std::uint32_t>(std::min(first->col, last->col)),
                              static_cast<std::uint32_t>(std::max(first->row, last->row)),
                              static_cast<std::uint32_t>(std::max(first->col, last->col))});
    }
  }

  void fill_merged(Sheet& sheet) {
    for (const Range& range : sheet.merged) {
      if (range.first_row >= sheet.rows.size()) continue;
      const auto& top_row = sheet.rows[range.first_row];
      if (range.first_col >= top_row.size() || top_row[range.first_col].empty()) continue;
      const Cell top_left = top_row[range.first_col];
      for (std::size_t r = range.first_row; r <= range.last_row; ++r) {
        for (std::size_t c = range.first_col; c <= range.last_col; ++c) {
          if (r == range.first_row && c == range.first_col) continue;
          // Each copy counts as a cell even where one was already, so that overlapping ranges
          // cannot make this loop long.
          budget_.cells(1);
          budget_.text(top_left.text.size());
          cell_at(sheet, r, c, budget_) = top_left;
        }
      }
    }
  }

  static void trim(Sheet& sheet) {
    for (auto& cells : sheet.rows) {
      while (!cells.empty() && cells.back().empty()) cells.pop_back();
    }
    while (!sheet.rows.empty() && sheet.rows.back().empty()) sheet.rows.pop_back();
  }

  const std::vector<std::string>& shared_strings_;
  const std::vector<bool>& date_styles_;
  const Limits& limits_;
  Budget& budget_;
  std::uint64_t next_row_ = 0;  // where a <row> without r="…" goes
};

// Old .xls files and password-protected .xlsx files are OLE compound documents, not zips.
bool is_compound_document(std::string_view bytes) {
  static constexpr std::string_view kMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  return bytes.substr(0, kMagic.size()) == kMagic;
}

}  // namespace

const Cell& Sheet::cell(std::size_t row, std::size_t col) const {
  static const Cell kEmpty;
  if (row >= rows.size() || col >= rows[row].size()) return kEmpty;
  return rows[row][col];
}

const Sheet* Workbook::first_visible_sheet() const {
  for (const auto& s : sheets)
    if (!s.hidden && !s.rows.empty()) return &s;
  return nullptr;
}

Workbook read(std::string_view bytes, const Limits& limits, const ReadOptions& options) {
  if (bytes.size() > limits.max_file_bytes) throw Error(msg::kTooLarge);
  if (is_compound_document(bytes)) throw Error(msg::kLegacyOrEncrypted);
  Package package(bytes, limits);

  // The package's relationships name the workbook part; xl/workbook.xml is the usual one.
  std::string workbook_part = "xl/workbook.xml";
  for (const auto& [id, rel] : read_relationships(package, "", limits)) {
    if (ends_with(rel.type, "/officeDocument")) workbook_part = rel.target;
  }
  auto workbook_text = package.read(workbook_part);
  if (!workbook_text) throw Error(msg::kNotXlsx);
  auto workbook_xml = parse_xml(std::move(*workbook_text), limits);
  pugi::xml_node workbook_node = root(*workbook_xml, "workbook");

  const auto rels = read_relationships(package, workbook_part, limits);
  const auto shared_strings = read_shared_strings(
      package, part_of_kind(rels, "sharedStrings", package, "xl/sharedStrings.xml"), limits);
  const auto date_styles =
      read_date_styles(package, part_of_kind(rels, "styles", package, "xl/styles.xml"), limits);

  Workbook workbook;
  workbook.date1904 = xml_true(child(workbook_node, "workbookPr").attribute("date1904").value());

  Budget budget(limits);
  SheetReader reader(shared_strings, date_styles, limits, budget);
  std::unordered_set<std::string> sheet_parts;
  for (pugi::xml_node node : child(workbook_node, "sheets").children()) {
    if (!named(node, "sheet")) continue;
    // The relationship id is r:id, whatever prefix the file binds to the relationships namespace.
    std::string_view id;
    for (pugi::xml_attribute attribute : node.attributes()) {
      std::string_view name = attribute.name();
      if (name.size() > 3 && ends_with(name, ":id")) id = attribute.value();
    }
    auto rel = rels.find(std::string(id));
    if (rel == rels.end()) throw Error(msg::kCorrupt);
    // Two tabs never share a part; refusing that also bounds the work to the zip's entries.
    if (!sheet_parts.insert(part_key(rel->second.target)).second) throw Error(msg::kCorrupt);
    auto text = package.read(rel->second.target);
    if (!text) throw Error(msg::kCorrupt);

    Sheet& sheet = workbook.sheets.emplace_back();
    sheet.name = node.attribute("name").value();
    text::make_valid_utf8(sheet.name);
    std::string_view state = node.attribute("state").value();
    sheet.hidden = state == "hidden" || state == "veryHidden";
    reader.read(std::move(*text), sheet, options);
  }
  return workbook;
}

std::optional<std::chrono::year_month_day> serial_to_date(double serial, bool date1904) {
  using namespace std::chrono;
  constexpr double kLast1900 = 2958465;  // 9999-12-31
  constexpr double kDays1900To1904 = 1462;
  if (!std::isfinite(serial)) return std::nullopt;
  const double day = std::floor(serial);
  if (date1904) {
    if (day < 0 || day > kLast1900 - kDays1900To1904) return std::nullopt;
    return year_month_day{sys_days{1904y / January / 1} + days{static_cast<int>(day)}};
  }
  if (day < 1 || day > kLast1900) return std::nullopt;
  // Excel counts 1900 as a leap year (as Lotus 1-2-3 did): serial 60 is 1900-02-29, a day that
  // never was, and every later serial is one more than the days since 1899-12-31.
  if (day == 60) return std::nullopt;
  const auto epoch = day < 60 ? sys_days{1899y / December / 31} : sys_days{1899y / December / 30};
  return year_month_day{epoch + days{static_cast<int>(day)}};
}

}  // namespace zhdj::xlsx
