#include "audit/job_runner.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <thread>

#include "audit/audit_job.h"
#include "audit/audit_progress.h"

namespace gf {
namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  pid_t pid = 0;
  const AuditInput* input = nullptr;
  uint64_t estimate = 0;
  Clock::time_point deadline;
  std::string result_path;
  bool alone = false;
};

struct Pending {
  const AuditInput* input;
  bool alone;  // retried alone after being stopped for memory
};

uint64_t ResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

std::string ReadLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string FailureLine(const AuditInput& input, const std::string& reason) {
  std::ostringstream out;
  WriteFailedAudit(input, reason, out);
  std::string line = out.str();
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

std::string DescribeExit(int status) {
  if (WIFSIGNALED(status))
    return std::string("the analysis crashed (signal ") + std::to_string(WTERMSIG(status)) + ": " +
           strsignal(WTERMSIG(status)) + ")";
  return "the analysis exited with status " + std::to_string(WEXITSTATUS(status)) + " without a result";
}

class Runner {
 public:
  Runner(const JobLimits& limits, const AuditFunction& audit, const ResultSink& sink, size_t total)
      : limits_(limits), audit_(audit), sink_(sink), progress_(total) {
    char tmpl[] = "/tmp/goforensics-audit-XXXXXX";
    if (::mkdtemp(tmpl)) dir_ = tmpl;
  }
  ~Runner() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  JobRunStats Run(const std::vector<const AuditInput*>& inputs) {
    for (const auto* in : inputs) pending_.push_back({in, false});
    while (!pending_.empty() || !running_.empty()) {
      StartWhatFits();
      Poll();
    }
    progress_.Finish();
    return stats_;
  }

 private:
  uint64_t Committed() const {
    uint64_t sum = 0;
    for (const auto& r : running_) sum += r.estimate;
    return sum;
  }

  bool Fits(const Pending& p) const {
    if (running_.empty()) return true;
    if (running_.size() >= limits_.jobs || running_.front().alone || p.alone) return false;
    uint64_t est = EstimatedRss(*p.input);
    if (est > limits_.max_rss_bytes / 2) return false;  // large inputs run alone
    return Committed() + est <= limits_.max_rss_bytes;
  }

  void StartWhatFits() {
    for (size_t i = 0; i < pending_.size();) {
      if (!Fits(pending_[i])) {
        if (running_.empty()) break;
        i++;
        continue;
      }
      Start(pending_[i]);
      pending_.erase(pending_.begin() + static_cast<long>(i));
    }
  }

  void Start(const Pending& p) {
    Running r;
    r.input = p.input;
    r.estimate = EstimatedRss(*p.input);
    r.alone = p.alone || r.estimate > limits_.max_rss_bytes / 2;
    r.deadline = Clock::now() + std::chrono::seconds(limits_.timeout_seconds);
    r.result_path = dir_ + "/" + std::to_string(next_id_++) + ".json";
    std::cout.flush();
    std::cerr.flush();
    pid_t pid = ::fork();
    if (pid == 0) {
      {
        std::ofstream out(r.result_path);
        audit_(*p.input, out);
      }
      ::_exit(0);
    }
    if (pid < 0) {
      sink_(*p.input, FailureLine(*p.input, std::string("cannot start a job: ") + std::strerror(errno)));
      progress_.Done(*p.input, false);
      return;
    }
    r.pid = pid;
    running_.push_back(r);
    progress_.Running(running_.size());
  }

  void Poll() {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    uint64_t total = 0;
    for (const auto& r : running_) total += ResidentBytes(r.pid);
    stats_.peak_total_rss_bytes = std::max(stats_.peak_total_rss_bytes, total);
    if (total > limits_.max_rss_bytes) StopForMemory();
    auto now = Clock::now();
    for (size_t i = 0; i < running_.size();) {
      Running& r = running_[i];
      int status = 0;
      rusage ru{};
      pid_t got = ::wait4(r.pid, &status, WNOHANG, &ru);
      if (got == 0 && now > r.deadline) {
        ::kill(r.pid, SIGKILL);
        ::wait4(r.pid, &status, 0, &ru);
        Finish(r, FailureLine(*r.input, "timed out after " + std::to_string(limits_.timeout_seconds) + " s"));
      } else if (got == r.pid) {
        std::string line = ReadLine(r.result_path);
        Finish(r, line.empty() ? FailureLine(*r.input, DescribeExit(status)) : line);
      } else {
        i++;
        continue;
      }
      running_.erase(running_.begin() + static_cast<long>(i));
    }
  }

  // Over budget: the youngest child goes back to the queue to run alone;
  // a child alone over budget cannot be helped and fails.
  void StopForMemory() {
    Running& r = running_.back();
    ::kill(r.pid, SIGKILL);
    int status = 0;
    ::waitpid(r.pid, &status, 0);
    stats_.killed_for_memory++;
    if (running_.size() > 1) {
      pending_.insert(pending_.begin(), {r.input, true});
    } else {
      Finish(r, FailureLine(*r.input, "needs more memory than --max-rss " +
                                          std::to_string(limits_.max_rss_bytes >> 20) + " MiB"));
    }
    running_.pop_back();
  }

  void Finish(const Running& r, const std::string& line) {
    std::error_code ec;
    std::filesystem::remove(r.result_path, ec);
    sink_(*r.input, line);
    progress_.Done(*r.input, line.find("\"status\":\"ok\"") != std::string::npos);
  }

  const JobLimits& limits_;
  const AuditFunction& audit_;
  const ResultSink& sink_;
  AuditProgress progress_;
  std::string dir_;
  std::vector<Pending> pending_;
  std::vector<Running> running_;
  size_t next_id_ = 0;
  JobRunStats stats_;
};

}  // namespace

uint64_t EstimatedRss(const AuditInput& input) {
  constexpr uint64_t kBase = 64 << 20;
  // Archives compress cores about tenfold; the decompressed core is resident.
  uint64_t size = input.identity.compression == Compression::kNone ? input.size : input.size * 10;
  switch (input.identity.kind) {
    case InputKind::kCore: return kBase + size + size / 2;  // the mapped core plus the model
    case InputKind::kTrace: return kBase + (input.identity.compression == Compression::kNone ? 0 : size);
    default: return kBase;
  }
}

JobRunStats RunJobs(const std::vector<const AuditInput*>& inputs, const JobLimits& limits,
                    const AuditFunction& audit, const ResultSink& sink) {
  Runner runner(limits, audit, sink, inputs.size());
  return runner.Run(inputs);
}

}  // namespace gf
