#pragma once
// The one error type every reader throws: it names the input and says what is
// wrong with it, so the CLI can print a single precise line and exit non-zero.
#include <stdexcept>
#include <string>

namespace gf {

class ReadError : public std::runtime_error {
 public:
  ReadError(const std::string& source, const std::string& problem);
  const std::string& source() const { return source_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string source_;
  std::string problem_;
};

}  // namespace gf
