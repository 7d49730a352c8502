// The PDF of a document (libharu): what is downloaded, archived and printed without a browser.
#pragma once

#include <string>

#include "doc/document.hpp"

namespace zhdj::doc {

// Debian's fonts-wqy-zenhei (a TrueType collection). Noto CJK is OpenType/CFF, which libharu
// cannot embed.
inline constexpr const char* kDefaultFontPath = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

struct PdfOptions {
  std::string font_path = kDefaultFontPath;  // TrueType (.ttf) or collection (.ttc) with CJK
  unsigned font_index = 0;                   // the face within a collection
};

// The document as PDF bytes: A4 portrait with the same margins as the HTML print view, the font
// embedded, Title/Author/Subject/CreationDate set. libharu keeps only the outlines of the glyphs
// used but copies the font's other tables, so even a one-page letter is about 0.5 MB. Text is
// wrapped by measured width (line_break.hpp); a part that fits on a page is never split across two,
// longer content flows onto further pages. Characters outside the Basic Multilingual Plane and
// invalid UTF-8 print as "□" (libharu's UTF-8 path is 16-bit).
//
// Throws std::runtime_error when the font file is missing or libharu reports an error. Embedding
// the font takes on the order of 100 ms of CPU for a one-page letter: call it off the I/O threads.
std::string render_pdf(const Document& doc, const PdfOptions& options = {});

}  // namespace zhdj::doc
