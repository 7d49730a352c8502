// Printable official documents (公文): one plain model, rendered as an HTML print view (html.hpp)
// and as a PDF (pdf.hpp). The model says what is on the page, not how it is typeset, so the
// introduction letter (组织关系介绍信), 公示 notices, 批复 and 备案报告 are all built from it.
//
// Text is UTF-8. A '\n' inside a paragraph or note starts a new line. Both renderers escape or
// encode all text themselves: callers pass plain text, never markup.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/time.hpp"

namespace zhdj::doc {

// A paragraph of running text. Body paragraphs of Chinese documents indent their first line by
// two characters; a salutation ("中共示范大学委员会组织部：") does not.
struct Paragraph {
  std::string text;
  bool indent = true;
};

// A labelled value on its own line: "姓名：张三". The label includes its colon. An empty value is
// printed as a blank line to be filled in by hand (stubs and receipts have such fields).
struct Field {
  std::string label;
  std::string value;
};

// 落款: issuing organization and date, one entry per line. The lines are centred on each other
// and the block stands at the right, as GB/T 9704 places the signature over the date.
struct Signature {
  std::vector<std::string> lines;
};

// Small print, e.g. "（有效期至 2027年02月24日）".
struct Note {
  std::string text;
};

// Vertical space of `lines` body lines, e.g. room for a seal or a handwritten signature.
struct Spacer {
  int lines = 1;
};

using Block = std::variant<Paragraph, Field, Signature, Note, Spacer>;

// One titled section of a page. The introduction letter has three — stub (存根), letter and
// return receipt (回执) — separated by tear-off lines and carrying the same serial number.
struct Part {
  std::string title;   // centred heading; empty for none
  std::string serial;  // printed as given under the title, e.g. "编号：2026-0007"; empty for none
  std::vector<Block> blocks;
  bool tear_off_before = false;  // a dashed cutting line above this part
};

struct Document {
  std::string title;    // the file's title (HTML <title>, PDF Title); not printed by itself
  std::string author;   // issuing organization (PDF Author)
  std::string subject;  // PDF Subject, e.g. "张三 组织关系转接"
  std::optional<Instant> created;  // PDF creation date; the time of rendering when unset
  std::vector<Part> parts;
};

}  // namespace zhdj::doc
