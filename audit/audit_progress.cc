#include "audit/audit_progress.h"

#include <unistd.h>

#include <cstdio>

namespace gf {

AuditProgress::AuditProgress(size_t total) : enabled_(::isatty(STDERR_FILENO)), total_(total) {}

void AuditProgress::Running(size_t n) {
  running_ = n;
  Draw();
}

void AuditProgress::Done(const AuditInput& input, bool ok) {
  done_++;
  if (!ok) failed_++;
  bytes_ += input.size;
  if (running_ > 0) running_--;
  Draw();
}

void AuditProgress::Draw() {
  if (!enabled_) return;
  double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() / 60;
  std::fprintf(stderr, "\raudit: %zu/%zu done, %zu failed, %zu running, %.2f GB/min   ", done_, total_, failed_,
               running_, minutes > 0 ? static_cast<double>(bytes_) / 1e9 / minutes : 0.0);
  std::fflush(stderr);
}

void AuditProgress::Finish() {
  if (enabled_ && total_ > 0) std::fputc('\n', stderr);
}

}  // namespace gf
