#include "common/qr.hpp"

#include <qrencode.h>

#include <stdexcept>

namespace zhdj {

std::string qr_svg(const std::string& text, int module_px) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) throw std::runtime_error("QR encoding failed");
  const int quiet = 4;
  const int size = (code->width + 2 * quiet) * module_px;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(size) +
                    "\" height=\"" + std::to_string(size) + "\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        svg += "M" + std::to_string((x + quiet) * module_px) + " " +
               std::to_string((y + quiet) * module_px) + "h" + std::to_string(module_px) + "v" +
               std::to_string(module_px) + "h-" + std::to_string(module_px) + "z";
  svg += "\"/></svg>";
  QRcode_free(code);
  return svg;
}

}  // namespace zhdj
