// The HTML print view of a document: what the browser shows and prints.
#pragma once

#include <string>
#include <string_view>

#include "doc/document.hpp"

namespace zhdj::doc {

// `text` with & < > " ' replaced by character references, safe in element content and in
// quoted attribute values.
std::string escape_html(std::string_view text);

// A complete, self-contained page (inline CSS, no scripts, no external resources) laid out for
// A4 portrait. Every piece of document text is escaped.
std::string render_html(const Document& doc);

}  // namespace zhdj::doc
