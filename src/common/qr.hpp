// QR codes as SVG (libqrencode): TOTP enrolment now, meeting check-in later.
#pragma once

#include <string>

namespace zhdj {
// An SVG image of `text` as a QR code (error correction M), `module_px` pixels per module.
std::string qr_svg(const std::string& text, int module_px = 6);
}  // namespace zhdj
