// Typed errors: the one way a use case reports a failure to its caller.
// The HTTP layer turns an ApiError into {"error":{"code","message","field"}} with its status;
// anything else becomes a 500 with a generic message (details only in the log).
#pragma once

#include <stdexcept>
#include <string>

namespace zhdj {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string message, std::string field = {})
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        message_(std::move(message)),
        field_(std::move(field)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

 private:
  int status_;
  std::string code_;
  std::string message_;
  std::string field_;
};

namespace errors {
// Input that fails validation; `field` names the offending input field.
inline ApiError validation(std::string field, std::string message) {
  return {400, "validation", std::move(message), std::move(field)};
}
inline ApiError bad_request(std::string message) {
  return {400, "bad_request", std::move(message)};
}
inline ApiError unauthenticated(std::string message) {
  return {401, "unauthenticated", std::move(message)};
}
inline ApiError forbidden(std::string message) {
  return {403, "forbidden", std::move(message)};
}
inline ApiError not_found(std::string message) {
  return {404, "not_found", std::move(message)};
}
inline ApiError conflict(std::string message, std::string field = {}) {
  return {409, "conflict", std::move(message), std::move(field)};
}
}  // namespace errors

}  // namespace zhdj
