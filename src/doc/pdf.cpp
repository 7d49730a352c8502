#include "doc/pdf.hpp"

#include <hpdf.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "doc/line_break.hpp"

namespace zhdj::doc {

namespace {

// Geometry in points (1/72 inch), matching the HTML view's @page and CSS.
constexpr double kMarginX = 70.87;  // 25 mm
constexpr double kMarginY = 56.69;  // 20 mm
constexpr double kBodySize = 12;
constexpr double kTitleSize = 16;
constexpr double kNoteSize = 10;
constexpr double kLeading = 1.6;  // line height / font size, body text
constexpr double kTitleLeading = 1.5;
constexpr double kIdeoAscent = 0.88;    // top of the ideographic em box above the baseline, in em
constexpr double kBlankEm = 12;         // width of a blank to fill in by hand
constexpr double kSignatureInset = 2;   // em between the signature block and the right margin
constexpr double kMaxSpacerLines = 60;  // a spacer never asks for more than two pages
constexpr const char* kBoxChar = "\u25A1";  // □ for what the font path cannot print

// Owns an HPDF_Doc (freed on every path) and its errors. libharu reports errors through a
// callback; throwing (or longjmp) out of it would unwind through C frames, so the callback only
// records the first error and C++ code checks after each step and throws.
class PdfHandle {
 public:
  PdfHandle() : doc_(HPDF_New(&PdfHandle::record_error, this)) {
    if (!doc_) throw std::runtime_error("libharu: cannot create a PDF document (out of memory)");
  }
  ~PdfHandle() { HPDF_Free(doc_); }
  PdfHandle(const PdfHandle&) = delete;
  PdfHandle& operator=(const PdfHandle&) = delete;

  HPDF_Doc get() const { return doc_; }

  // Throws if libharu has reported an error since the last check; `what` names the step.
  void check(std::string_view what) const {
    if (error_ != HPDF_OK)
      throw std::runtime_error(
          fmt::format("libharu: {} failed (error 0x{:04X}, detail {})", what, error_, detail_));
  }

 private:
  static void record_error(HPDF_STATUS error, HPDF_STATUS detail, void* self) {
    auto* handle = static_cast<PdfHandle*>(self);
    if (handle->error_ == HPDF_OK) {
      handle->error_ = error;
      handle->detail_ = detail;
    }
  }

  // Declared before doc_: HPDF_New may already report an error.
  HPDF_STATUS error_ = HPDF_OK;
  HPDF_STATUS detail_ = HPDF_OK;
  HPDF_Doc doc_;
};

// Valid UTF-8 of the Basic Multilingual Plane without control characters, the only text
// libharu's UTF-8 encoder handles; '\n' is kept for line breaking and a tab becomes a space.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      if (b == '\n' || (b >= 0x20 && b != 0x7F)) out += static_cast<char>(b);
      if (b == '\t') out += ' ';
      ++i;
      continue;
    }
    // Lengths 2 and 3 are the BMP; 4 (and anything malformed) becomes a box.
    const std::size_t len = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : 0;
    bool valid = len != 0 && i + len <= n;
    for (std::size_t k = 1; valid && k < len; ++k) valid = (s[i + k] & 0xC0) == 0x80;
    if (valid && len == 3) {
      const unsigned cp = (b & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
      valid = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);  // no overlong forms, no surrogates
    }
    if (valid) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    out += kBoxChar;
    // Skip the rest of this character: the continuation bytes that follow its lead byte.
    ++i;
    while (i < n && (s[i] & 0xC0) == 0x80) ++i;
  }
  return out;
}

// One line of the laid-out page, or vertical space, or a tear-off line.
struct Item {
  double height = 0;
  std::string text;  // printable UTF-8, empty for space
  double x = 0;      // left edge of the text, from the left margin
  double size = kBodySize;
  bool heading = false;
  double blank = 0;  // width of a fill-in underline after the text
  bool tear_off = false;
};

// Lays out one part's blocks as lines over the text width, given the font's metrics.
class PartLayout {
 public:
  PartLayout(double width, const std::function<double(char32_t, double)>& advance)
      : width_(width), advance_(advance) {}

  std::vector<Item> operator()(const Part& part) {
    items_.clear();
    if (!part.title.empty()) {
      for (const auto& line : wrap(part.title, kTitleSize, width_, width_))
        add_line(line, (width_ - measure(line, kTitleSize)) / 2, kTitleSize, kTitleLeading, true);
      space(0.3 * kTitleSize);
    }
    if (!part.serial.empty()) {
      for (const auto& line : wrap(part.serial, kBodySize, width_, width_))
        add_line(line, width_ - measure(line, kBodySize), kBodySize);
      space(0.6 * kBodySize);
    }
    for (const auto& block : part.blocks) std::visit(*this, block);
    return std::move(items_);
  }

  void operator()(const Paragraph& p) {
    const double indent = p.indent ? 2 * kBodySize : 0;
    bool first = true;
    for (const auto& line : wrap(p.text, kBodySize, width_ - indent, width_)) {
      add_line(line, first ? indent : 0, kBodySize);
      first = false;
    }
  }

  void operator()(const Field& f) {
    const std::string label = printable(f.label);
    const double label_width = measure(label, kBodySize);
    // A label too wide to hang the value after it: print both as one paragraph.
    if (label_width > 0.6 * width_) return (*this)(Paragraph{f.label + f.value, false});
    if (f.value.empty()) {
      add_line(label, 0, kBodySize);
      items_.back().blank = std::min(kBlankEm * kBodySize, width_ - label_width);
      return;
    }
    const double hang = width_ - label_width;
    bool first = true;
    for (const auto& line : wrap(f.value, kBodySize, hang, hang)) {
      add_line(first ? label + line : line, first ? 0 : label_width, kBodySize);
      first = false;
    }
  }

  void operator()(const Signature& s) {
    const double inset = kSignatureInset * kBodySize;
    std::vector<std::string> lines;
    for (const auto& entry : s.lines)
      for (auto& line : wrap(entry, kBodySize, width_ - inset, width_ - inset))
        lines.push_back(std::move(line));
    double block = 0;
    for (const auto& line : lines) block = std::max(block, measure(line, kBodySize));
    const double left = std::max(0.0, width_ - inset - block);
    space(1.2 * kBodySize);
    for (const auto& line : lines)
      add_line(line, left + (block - measure(line, kBodySize)) / 2, kBodySize);
  }

  void operator()(const Note& n) {
    space(0.4 * kBodySize);
    for (const auto& line : wrap(n.text, kNoteSize, width_, width_)) add_line(line, 0, kNoteSize);
  }

  void operator()(const Spacer& s) {
    space(std::clamp<double>(s.lines, 0, kMaxSpacerLines) * kLeading * kBodySize);
  }

 private:
  std::vector<std::string> wrap(const std::string& text, double size, double first, double rest) {
    return break_lines(printable(text), first, rest, [&](char32_t c) { return advance_(c, size); });
  }
  double measure(const std::string& line, double size) const {
    return text_width(line, [&](char32_t c) { return advance_(c, size); });
  }
  void add_line(std::string text, double x, double size, double leading = kLeading,
                bool heading = false) {
    items_.push_back({size * leading, std::move(text), x, size, heading});
  }
  void space(double height) {
    Item item;
    item.height = height;
    items_.push_back(std::move(item));
  }

  double width_;
  const std::function<double(char32_t, double)>& advance_;
  std::vector<Item> items_;
};

// Draws items top to bottom, starting a new page when the current one is full.
class PageWriter {
 public:
  PageWriter(const PdfHandle& pdf, HPDF_Font font) : pdf_(pdf), font_(font) {}

  double content_height() const { return page_height_ - 2 * kMarginY; }
  double remaining() const { return y_ - kMarginY; }
  bool at_top() const { return page_ && y_ == page_height_ - kMarginY; }

  void new_page() {
    page_ = HPDF_AddPage(pdf_.get());
    pdf_.check("adding a page");
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    page_width_ = HPDF_Page_GetWidth(page_);
    page_height_ = HPDF_Page_GetHeight(page_);
    y_ = page_height_ - kMarginY;
    pdf_.check("setting the page size");
  }

  // Places `item` on this page, or on a new one if it does not fit. Vertical space is dropped at
  // the top of a page, where it would only push the content down.
  void place(const Item& item) {
    if (!page_ || (item.height > remaining() && !at_top())) new_page();
    if (at_top() && item.text.empty() && !item.tear_off) return;
    if (item.tear_off) draw_tear_off(y_ - item.height / 2);
    if (!item.text.empty()) draw_text(item);
    y_ -= item.height;
    pdf_.check("drawing");
  }

  double text_width() const { return page_width_ - 2 * kMarginX; }

 private:
  void draw_text(const Item& item) {
    const double baseline = y_ - (item.height - item.size) / 2 - kIdeoAscent * item.size;
    const double x = kMarginX + item.x;
    if (item.heading) HPDF_Page_SetLineWidth(page_, 0.03 * item.size);  // stroke = faux bold
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, font_, static_cast<HPDF_REAL>(item.size));
    HPDF_Page_SetTextRenderingMode(page_, item.heading ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
    HPDF_Page_TextOut(page_, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(baseline),
                      item.text.c_str());
    HPDF_Page_EndText(page_);
    if (item.blank > 0) {
      const double start = x + HPDF_Page_TextWidth(page_, item.text.c_str()) + 2;
      const double under = baseline - 0.15 * item.size;
      HPDF_Page_SetLineWidth(page_, 0.6);
      HPDF_Page_MoveTo(page_, static_cast<HPDF_REAL>(start), static_cast<HPDF_REAL>(under));
      HPDF_Page_LineTo(page_, static_cast<HPDF_REAL>(start + item.blank - 2),
                       static_cast<HPDF_REAL>(under));
      HPDF_Page_Stroke(page_);
    }
  }

  void draw_tear_off(double y) {
    static const HPDF_UINT16 dash[] = {4, 3};
    HPDF_Page_SetLineWidth(page_, 0.6);
    HPDF_Page_SetDash(page_, dash, 2, 0);
    HPDF_Page_MoveTo(page_, static_cast<HPDF_REAL>(kMarginX), static_cast<HPDF_REAL>(y));
    HPDF_Page_LineTo(page_, static_cast<HPDF_REAL>(page_width_ - kMarginX),
                     static_cast<HPDF_REAL>(y));
    HPDF_Page_Stroke(page_);
    HPDF_Page_SetDash(page_, nullptr, 0, 0);
  }

  const PdfHandle& pdf_;
  HPDF_Font font_;
  HPDF_Page page_ = nullptr;
  double page_width_ = 0;
  double page_height_ = 0;
  double y_ = 0;
};

HPDF_Date pdf_date(Instant ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds{ms}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{floor<seconds>(t - day)};
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(hms.seconds().count()),
          'Z',
          0,
          0};
}

void set_info(const PdfHandle& pdf, const Document& doc) {
  const std::pair<HPDF_InfoType, const std::string*> texts[] = {
      {HPDF_INFO_TITLE, &doc.title},
      {HPDF_INFO_AUTHOR, &doc.author},
      {HPDF_INFO_SUBJECT, &doc.subject},
  };
  for (const auto& [type, text] : texts)
    if (!text->empty()) HPDF_SetInfoAttr(pdf.get(), type, printable(*text).c_str());
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_CREATOR, "zhdj");
  HPDF_SetInfoDateAttr(pdf.get(), HPDF_INFO_CREATION_DATE,
                       pdf_date(doc.created ? *doc.created : SystemClock().now()));
  pdf.check("setting the document information");
}

}  // namespace

std::string render_pdf(const Document& doc, const PdfOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.font_path, ec))
    throw std::runtime_error("PDF font not found: " + options.font_path +
                             " (install Debian's fonts-wqy-zenhei or set PdfOptions::font_path)");

  PdfHandle pdf;
  HPDF_SetCompressionMode(pdf.get(), HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf.get());
  HPDF_SetCurrentEncoder(pdf.get(), "UTF-8");  // also how the info strings are read
  pdf.check("selecting UTF-8");
  const char* font_name =
      HPDF_LoadTTFontFromFile2(pdf.get(), options.font_path.c_str(), options.font_index, HPDF_TRUE);
  pdf.check("loading the font " + options.font_path);
  HPDF_Font font = HPDF_GetFont(pdf.get(), font_name, "UTF-8");
  pdf.check("loading the font " + options.font_path);

  set_info(pdf, doc);

  const std::function<double(char32_t, double)> advance = [font](char32_t c, double size) {
    if (c > 0xFFFF) c = 0x25A1;
    return HPDF_Font_GetUnicodeWidth(font, static_cast<HPDF_UNICODE>(c)) * size / 1000.0;
  };
  PageWriter writer(pdf, font);
  writer.new_page();
  PartLayout layout(writer.text_width(), advance);
  for (std::size_t i = 0; i < doc.parts.size(); ++i) {
    const Part& part = doc.parts[i];
    const auto items = layout(part);
    double height = 0;
    for (const auto& item : items) height += item.height;
    // Between parts: a dashed cutting line, or a gap.
    Item separator;
    separator.height = (part.tear_off_before ? 2.4 : 1.2) * kBodySize;
    separator.tear_off = part.tear_off_before;
    // Keep a part on one page when it fits on one; a cutting line at a page top cuts nothing.
    if (!writer.at_top() && separator.height + height > writer.remaining() &&
        height <= writer.content_height())
      writer.new_page();
    if (i > 0 && !writer.at_top()) writer.place(separator);
    for (const auto& item : items) writer.place(item);
  }

  HPDF_SaveToStream(pdf.get());
  pdf.check("writing the PDF");
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf.get());
  std::string bytes(size, '\0');
  HPDF_ReadFromStream(pdf.get(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  pdf.check("reading the PDF");
  bytes.resize(size);
  return bytes;
}

}  // namespace zhdj::doc
