#pragma once
// A one-line progress display on stderr for long audits, shown only when
// stderr is a terminal (a log file gets no carriage-return noise).
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "audit/audit_input.h"

namespace gf {

class AuditProgress {
 public:
  explicit AuditProgress(size_t total);
  void Running(size_t n);
  void Done(const AuditInput& input, bool ok);
  void Finish();

 private:
  void Draw();

  bool enabled_;
  size_t total_, done_ = 0, failed_ = 0, running_ = 0;
  uint64_t bytes_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace gf
