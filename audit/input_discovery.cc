#include "audit/input_discovery.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "readers/fnv1a.h"
#include "readers/hex.h"
#include "readers/read_error.h"

namespace gf {
namespace fs = std::filesystem;
namespace {

void HashRange(Fnv1a& h, int fd, uint64_t offset, uint64_t n) {
  std::vector<uint8_t> buf(n);
  ssize_t got = ::pread(fd, buf.data(), n, static_cast<off_t>(offset));
  if (got > 0) h.Add({buf.data(), static_cast<size_t>(got)});
}

AuditInput Identify(const fs::path& p) {
  AuditInput in;
  in.path = p.string();
  std::error_code ec;
  in.size = fs::file_size(p, ec);
  auto mtime = fs::last_write_time(p, ec);
  in.modified_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::file_clock::to_sys(mtime).time_since_epoch()).count();
  try {
    in.key = ContentKey(in.path, in.size);
    in.identity = IdentifyInput(in.path);
  } catch (const ReadError& e) {
    in.identify_error = e.problem();
  }
  return in;
}

}  // namespace

std::string ContentKey(const std::string& path, uint64_t size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ReadError(path, "cannot open");
  Fnv1a h;
  h.Add({reinterpret_cast<const uint8_t*>(&size), sizeof size});
  constexpr uint64_t kEdge = 1 << 20, kStride = 64 << 20, kSample = 64 << 10;
  HashRange(h, fd, 0, std::min(size, kEdge));
  for (uint64_t at = kStride; at + kSample < size; at += kStride) HashRange(h, fd, at, kSample);
  if (size > kEdge) HashRange(h, fd, size - kEdge, kEdge);
  ::close(fd);
  return Hex(h.value()).substr(2);
}

std::vector<AuditInput> DiscoverInputs(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) files.push_back(it->path());
    } else {
      files.push_back(p);  // a missing file is an input that fails, with its reason
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::vector<AuditInput> inputs;
  inputs.reserve(files.size());
  for (const auto& f : files) inputs.push_back(Identify(f));
  return inputs;
}

}  // namespace gf
